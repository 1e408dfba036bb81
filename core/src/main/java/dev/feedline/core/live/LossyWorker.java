package dev.feedline.core.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * One thread with a bounded backlog for live delivery. Live subscribers must never slow ingest, so
 * when the backlog is full new work is dropped and counted instead of waiting. Work that waited longer
 * than {@link #MAX_AGE} is dropped and counted as well: under overload a full backlog of commits is
 * minutes of data (and its points held in memory), and data that late is no longer live — subscribers
 * read history through the REST API.
 */
public final class LossyWorker implements AutoCloseable {
    public static final Duration MAX_AGE = Duration.ofSeconds(5);
    private final ThreadPoolExecutor thread;
    private final Counter dropped;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong droppedSinceRun = new AtomicLong();
    private volatile LongConsumer afterDrops = count -> {};

    /** @param droppedMetric counter of work dropped because the backlog was full or the work too old */
    public LossyWorker(String name, int backlog, MeterRegistry metrics, String droppedMetric) {
        this(name, backlog, MAX_AGE, System::nanoTime, metrics, droppedMetric);
    }

    /** With the age limit and the clock given, for tests. */
    public LossyWorker(String name, int backlog, Duration maxAge, LongSupplier nanoTime, MeterRegistry metrics, String droppedMetric) {
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(backlog), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.dropped = metrics.counter(droppedMetric);
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Runs {@code tell} on the worker thread, with the number of pieces of work dropped, before the next work
     * that does run after drops: so whoever the dropped work was for can be told that something is missing.
     */
    public void afterDrops(LongConsumer tell) { this.afterDrops = tell; }

    /** Runs the work later on the worker thread, or drops it if the backlog is full or it waited too long. */
    public void submit(Runnable work) {
        long submitted = nanoTime.getAsLong();
        try {
            thread.execute(() -> {
                if (nanoTime.getAsLong() - submitted > maxAgeNanos) {
                    drop();
                    return;
                }
                long missed = droppedSinceRun.getAndSet(0);
                if (missed > 0) afterDrops.accept(missed);
                work.run();
            });
        } catch (RejectedExecutionException e) {
            drop();
        }
    }

    private void drop() {
        dropped.increment();
        droppedSinceRun.incrementAndGet();
    }

    @Override
    public void close() { thread.shutdownNow(); }
}
