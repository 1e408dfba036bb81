package dev.feedline.core.port;

import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.DataPoint;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Data points keyed by (stream id, timestamp in microseconds). Implementations are thread-safe;
 * reads may run while a write is in progress and see either none or all of it.
 */
public interface TimeSeriesStore extends AutoCloseable {
    /**
     * Writes all points in one transaction: when this returns they are durable, when it throws
     * none of them is stored. A point whose (stream, timestamp) exists replaces it (last write wins);
     * within one call a later point wins over an earlier one. A store with an {@link EventOutbox} records the
     * commit there ({@code StreamsWritten}: streams, count, time span) in the same transaction.
     */
    void append(List<DataPoint> points);

    /**
     * Writes points together with the metadata they imply (variables, streams, feeds created on first
     * data), in one transaction: {@code create} runs first, inside it, and returns the points to write
     * with their stream ids set. The {@link MetadataStore} calls {@code create} makes on this thread join
     * that transaction (metadata and points share one database), so when this returns both are durable,
     * and when it throws neither is stored; the commit is recorded in the outbox as by {@link #append}. Returns the
     * points written.
     */
    List<DataPoint> appendCreating(Supplier<List<DataPoint>> create);

    long count(Collection<Long> streamIds, TimeRange range);

    /** Points of these streams in the range ordered by timestamp then stream id, sliced by page. */
    List<DataPoint> range(Collection<Long> streamIds, TimeRange range, PageRequest page);

    /** The newest n points of these streams in the range, returned oldest first. */
    List<DataPoint> lastN(Collection<Long> streamIds, TimeRange range, int n);

    /**
     * Aggregates numeric values of one stream into buckets of bucketMicros aligned to the epoch,
     * computed by the database. Empty buckets are left out; ordered by bucket start.
     */
    List<Bucket> aggregate(long streamId, TimeRange range, long bucketMicros, AggregateFunction function);

    /**
     * The points of one stream in a bounded range (all of them counted, the numeric values summarized), exactly as
     * from its raw points. The JDBC store serves the rolled-up hours and minutes of the range from its rollups and
     * reads raw rows only where they are not valid (the range's partial minutes, hours not rolled up yet or changed
     * since, and, for the count of all points, hours and minutes whose rollup does not have it); by default, a scan.
     */
    default RangeSummary summarize(long streamId, TimeRange range) { return summarize(streamId, range, true); }

    /**
     * As {@link #summarize(long, TimeRange)}; with {@code countAll} false the summary's points are only its numeric
     * points (= count), which spares the store counting the rest (a rule's count window needs them; avg, min, max
     * and delta do not).
     */
    default RangeSummary summarize(long streamId, TimeRange range, boolean countAll) {
        RangeSummary[] out = {RangeSummary.EMPTY};
        scan(streamId, range, p -> out[0] = out[0].then(p.value() != null ? RangeSummary.of(p.value()) : RangeSummary.NON_NUMERIC));
        return countAll ? out[0] : out[0].withPoints(out[0].count());
    }

    /** The newest point of each stream that has one. */
    Map<Long, DataPoint> latest(Collection<Long> streamIds);

    /** Hands every point of the stream in the range, oldest first, to sink without holding them all in memory. */
    void scan(long streamId, TimeRange range, Consumer<DataPoint> sink);

    /** Deletes the point of the stream at this timestamp; false when there was none. */
    boolean deletePoint(long streamId, long timestampMicros);

    /** Deletes every point of the stream; returns how many. */
    long deleteStream(long streamId);

    /**
     * Deletes at most maxPoints of the stream's oldest points in one short transaction and returns how many, so a
     * caller can empty a large stream in bounded steps (between ingest commits) before {@link #deleteStream}. The
     * stream's rollups are forgotten by deleteStream, not here (until then they still count the deleted points: this is
     * for streams on their way out). By default all at once.
     */
    default long deleteOldest(long streamId, int maxPoints) { return deleteStream(streamId); }

    @Override
    void close();
}
