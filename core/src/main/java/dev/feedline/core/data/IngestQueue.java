package dev.feedline.core.data;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.DataPoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable ingest path: a bounded queue in front of one writer thread that commits whatever has
 * queued up while the previous commit ran (group commit, no added wait) in one store transaction,
 * and only then completes each submitter's future. A request's points always commit together.
 *
 * <p>The bound is counted in points. When it is reached {@link #submit} fails at once with
 * OVERLOADED (a Retry-After hint) instead of buffering without limit.
 */
public final class IngestQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestQueue.class);
    private static final Pending END = new Pending(List.of(), null, null, null);
    private final TimeSeriesStore store;
    private final int capacity;
    private final int maxBatchPoints;
    private final Executor completions;
    private final Semaphore room;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Events events;
    private final Clock clock;
    private final Thread writer;
    private final Counter committedPoints;
    private final Counter rejectedRequests;
    private final Counter failedPoints;
    private final DistributionSummary batchSize;
    private final Timer commitTimer;
    private boolean closed;

    /**
     * Points to commit; or points whose metadata must be created with them (create set: points only counts
     * them); or (points empty) a task to run on the writer between commits.
     */
    private record Pending(List<DataPoint> points, CompletableFuture<Void> done, Runnable task, Supplier<List<DataPoint>> create) {}

    /**
     * @param capacity most points waiting at once
     * @param maxBatchPoints most points in one transaction (a single larger request still commits whole)
     * @param completions runs the submitters' continuations, so the writer goes straight back to writing
     * @param clock stamps each commit for the subscribers
     * @param events where each commit is published ({@link DomainEvent.PointsCommitted}), on the writer thread
     */
    public IngestQueue(TimeSeriesStore store, int capacity, int maxBatchPoints, Executor completions, MeterRegistry metrics, Clock clock,
                       Events events) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.capacity = capacity;
        this.maxBatchPoints = maxBatchPoints;
        this.completions = completions;
        this.room = new Semaphore(capacity);
        this.committedPoints = metrics.counter("feedline.ingest.points.committed");
        this.rejectedRequests = metrics.counter("feedline.ingest.requests.rejected");
        this.failedPoints = metrics.counter("feedline.ingest.points.failed");
        this.batchSize = DistributionSummary.builder("feedline.ingest.batch.points").register(metrics);
        this.commitTimer = Timer.builder("feedline.ingest.commit").publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge("feedline.ingest.queue.points", room, r -> capacity - r.availablePermits());
        this.writer = new Thread(this::run, "ingest-writer");
        this.writer.start();
    }

    /** Queues the points; the future completes once they are durable, or fails if the commit failed. */
    public CompletableFuture<Void> submit(List<DataPoint> points) {
        if (points.isEmpty()) return CompletableFuture.completedFuture(null);
        return enqueue(points, null);
    }

    /**
     * Queues a write whose points imply metadata that does not exist yet (a stream's first data): {@code create}
     * runs on the writer inside the points' transaction ({@link TimeSeriesStore#appendCreating}), so the
     * metadata is stored with the points or not at all. It shares group commits like any write (a burst of
     * first messages, say every device after a fresh start, must not commit one by one), so {@code create} may
     * run more than once: when a shared commit fails each request is tried alone, and a write that creates
     * is then tried once more, so a row created meanwhile by another thread or node is found. The future
     * completes once both are durable.
     *
     * @param points the points, for the queue's bound (their stream ids may be placeholders)
     */
    public CompletableFuture<Void> submitCreating(List<DataPoint> points, Supplier<List<DataPoint>> create) {
        if (points.isEmpty()) throw new IllegalArgumentException("no points to write");
        return enqueue(points, create);
    }

    /** Takes room in the bounded queue for the points (503 when full or shutting down) and queues them. */
    private synchronized CompletableFuture<Void> enqueue(List<DataPoint> points, Supplier<List<DataPoint>> create) {
        if (closed) throw FeedlineException.overloaded("the server is shutting down", 5);
        if (!room.tryAcquire(Math.min(points.size(), capacity))) {
            rejectedRequests.increment();
            throw FeedlineException.overloaded("ingest queue is full; retry shortly", 1);
        }
        Pending pending = new Pending(List.copyOf(points), new CompletableFuture<>(), null, create);
        queue.add(pending);
        return pending.done;
    }

    /**
     * Runs a write on the writer thread between two commits, e.g. last-seen times: on SQLite, whose
     * write lock admits one writer at a time, another thread's write would make the next data commit
     * wait (in SQLite's busy handler, which sleeps up to 100 ms at a time). Not run once closed.
     */
    public void runOnWriter(Runnable task) {
        synchronized (this) {
            if (!closed) queue.add(new Pending(List.of(), null, task, null));
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == END) return;
            if (first.task != null) {
                runTask(first.task);
                continue;
            }
            batch.add(first);
            int points = first.points.size();
            for (Pending next = queue.peek(); next != null && next != END && next.task == null && points + next.points.size() <= maxBatchPoints;
                 next = queue.peek()) {
                batch.add(queue.poll());
                points += next.points.size();
            }
            commit(batch, points);
            batch.clear();
        }
    }

    private void commit(List<Pending> batch, int points) {
        List<DataPoint> written;
        Instant committedAt;
        try {
            written = write(batch, points);
            committedAt = clock.instant();
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                // Room first, as on success: whoever sees the answer also sees the queue drained.
                room.release(permits(batch.get(0)));
                failed(batch.get(0), e);
                return;
            }
            // One request must not fail the others it happened to share a transaction with.
            log.atWarn().addKeyValue("requests", batch.size()).setCause(e).log("group commit failed; committing requests one by one");
            for (Pending p : batch) commit(List.of(p), p.points.size());
            return;
        }
        batch.forEach(p -> room.release(permits(p)));
        succeeded(batch, written, committedAt);
    }

    /** Writes the batch in one transaction, with the metadata its writes create; returns the points as written. */
    private List<DataPoint> write(List<Pending> batch, int points) {
        if (batch.stream().allMatch(p -> p.create == null)) {
            List<DataPoint> all = new ArrayList<>(points);
            batch.forEach(p -> all.addAll(p.points));
            commitTimer.record(() -> store.append(all));
            return all;
        }
        Supplier<List<DataPoint>> create = () -> {
            List<DataPoint> all = new ArrayList<>(points);
            for (Pending p : batch) all.addAll(p.create == null ? p.points : p.create.get());
            return all;
        };
        try {
            return commitTimer.record(() -> store.appendCreating(create));
        } catch (RuntimeException e) {
            if (batch.size() > 1) throw e;
            // Alone and failed: most likely a row this write creates was created meanwhile elsewhere; now it is found.
            log.atWarn().setCause(e).log("ingest commit with new streams failed; trying once more");
            return commitTimer.record(() -> store.appendCreating(create));
        }
    }

    private static void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.atError().setCause(e).log("a write task on the ingest writer failed");
        }
    }

    private int permits(Pending p) { return Math.min(p.points.size(), capacity); }

    private void succeeded(List<Pending> batch, List<DataPoint> all, Instant committedAt) {
        committedPoints.increment(all.size());
        batchSize.record(all.size());
        // One hand-over per commit, not per request: waking a completion thread per request showed in profiles.
        List<Pending> done = List.copyOf(batch);
        completions.execute(() -> done.forEach(p -> p.done.complete(null)));
        // On the writer thread: live subscribers hand off at once (Events#subscribe), so the next commit is not held up.
        events.publish(new DomainEvent.PointsCommitted(all, committedAt));
    }

    private void failed(Pending p, RuntimeException e) {
        failedPoints.increment(p.points.size());
        log.atError().addKeyValue("points", p.points.size()).setCause(e).log("ingest commit failed");
        // A refusal that only showed while creating a stream (e.g. the project's last free variable id taken meanwhile) says why.
        FeedlineException answer = e instanceof FeedlineException fe && fe.kind() != ErrorKind.CONFLICT ? fe
                : FeedlineException.overloaded("the data could not be stored; nothing was written, retry shortly", 5);
        completions.execute(() -> p.done.completeExceptionally(answer));
    }

    /** Points waiting to be written. */
    public int depth() { return capacity - room.availablePermits(); }

    /** Stops accepting, writes everything already accepted, then returns. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.add(END);
        }
        try {
            writer.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
