package dev.feedline.core.data;

import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.DataPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A time-series store for testing the ingest queue's concurrency: it records each append as one
 * batch, can be stalled (appends block until released) and can fail batches that match a rule.
 * The real stores are tested against the contract suite; this one only stands in where a test must
 * control timing and failures.
 */
final class ControllableStore implements TimeSeriesStore {
    final List<List<DataPoint>> batches = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Predicate<List<DataPoint>> failWhen = b -> false;
    final CountDownLatch firstAppendStarted = new CountDownLatch(1);

    void stall() { gate = new CountDownLatch(1); }

    void release() { gate.countDown(); }

    void failWhen(Predicate<List<DataPoint>> rule) { failWhen = rule; }

    List<DataPoint> stored() {
        List<DataPoint> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    @Override
    public void append(List<DataPoint> points) {
        firstAppendStarted.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failWhen.test(points)) throw new IllegalStateException("simulated write failure");
        batches.add(List.copyOf(points));
    }

    @Override
    public List<DataPoint> appendCreating(Supplier<List<DataPoint>> create) {
        List<DataPoint> points = create.get();
        append(points);
        return points;
    }

    @Override public long count(Collection<Long> streamIds, TimeRange range) { throw new UnsupportedOperationException(); }
    @Override public List<DataPoint> range(Collection<Long> streamIds, TimeRange range, PageRequest page) { throw new UnsupportedOperationException(); }
    @Override public List<DataPoint> lastN(Collection<Long> streamIds, TimeRange range, int n) { throw new UnsupportedOperationException(); }
    @Override public List<Bucket> aggregate(long streamId, TimeRange range, long bucketMicros, AggregateFunction function) { throw new UnsupportedOperationException(); }
    @Override public Map<Long, DataPoint> latest(Collection<Long> streamIds) { throw new UnsupportedOperationException(); }
    @Override public void scan(long streamId, TimeRange range, Consumer<DataPoint> sink) { throw new UnsupportedOperationException(); }
    @Override public boolean deletePoint(long streamId, long timestampMicros) { throw new UnsupportedOperationException(); }
    @Override public long deleteStream(long streamId) { throw new UnsupportedOperationException(); }
    @Override public void close() {}
}
