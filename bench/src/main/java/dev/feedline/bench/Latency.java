package dev.feedline.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A latency distribution recorded from many threads (HdrHistogram's Recorder), read once per phase. */
final class Latency {
    /** Up to 60 s, three significant digits: enough for a PUBACK held back by a full ingest queue. */
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
    private final Recorder recorder = new Recorder(HIGHEST_NANOS, 3);
    private Histogram phase = new Histogram(HIGHEST_NANOS, 3);

    void record(long nanos) { recorder.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS))); }

    /** Drops what was recorded so far (the ramp), so the next summary covers the steady state only. */
    void reset() {
        recorder.getIntervalHistogram();
        phase = new Histogram(HIGHEST_NANOS, 3);
    }

    /** Everything recorded since the last reset. */
    Summary summary() {
        phase.add(recorder.getIntervalHistogram());
        return new Summary(phase.getTotalCount(), ms(phase.getValueAtPercentile(50)), ms(phase.getValueAtPercentile(99)),
                ms(phase.getValueAtPercentile(99.9)), ms(phase.getMaxValue()));
    }

    private static double ms(long nanos) { return nanos / 1e6; }

    record Summary(long count, double p50, double p99, double p999, double max) {
        String text() {
            return count == 0 ? "no samples" : String.format("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms (n=%d)", p50, p99, p999, max, count);
        }
    }
}
