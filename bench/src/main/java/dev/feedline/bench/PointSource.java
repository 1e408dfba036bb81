package dev.feedline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Data points for HTTP ingest, handed out in batches as the JSON body of POST /api/v1/data/. Every point
 * has its own (stream, timestamp), so each one is a new row, never an overwrite.
 */
abstract class PointSource {
    private final AtomicLong issued = new AtomicLong();
    private final long total;

    /** total: points to hand out before the source runs dry; Long.MAX_VALUE for a duration-bound run. */
    PointSource(long total) { this.total = total; }

    /** A request body and how many points it holds. */
    record Batch(String body, int points) {}

    /** The next n points (a single object when n is 1; fewer at the end), or null when the source is dry. */
    final Batch next(int n) {
        long first = issued.getAndAdd(n);
        if (first >= total) return null;
        int count = (int) Math.min(n, total - first);
        StringBuilder b = new StringBuilder(count * 110);
        if (count > 1) b.append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(',');
            long seq = first + i;
            b.append("{\"stream\":\"").append(stream(seq)).append("\",\"timestamp\":\"").append(timestamp(seq))
                    .append("\",\"value\":").append(seq % 1000 + 0.25).append('}');
        }
        if (count > 1) b.append(']');
        return new Batch(b.toString(), count);
    }

    abstract String stream(long seq);

    abstract Instant timestamp(long seq);

    /** Round robin over many streams, 1 ms apart within a stream, starting a day ago (inside the accepted range). */
    static PointSource roundRobin(List<String> streams) {
        Instant base = Instant.now().minus(Duration.ofDays(1));
        return new PointSource(Long.MAX_VALUE) {
            @Override String stream(long seq) { return streams.get((int) (seq % streams.size())); }

            @Override Instant timestamp(long seq) { return base.plusMillis(seq / streams.size()).plusNanos((seq % 1000) * 1000); }
        };
    }

    /** total points of one stream spread evenly over the year that ended an hour ago. */
    static PointSource yearOf(String stream, long total) {
        Instant end = Instant.now().minus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofDays(365));
        long stepMicros = Duration.ofDays(365).toNanos() / 1000 / total;
        return new PointSource(total) {
            @Override String stream(long seq) { return stream; }

            @Override Instant timestamp(long seq) { return start.plusNanos(seq * stepMicros * 1000); }
        };
    }
}
