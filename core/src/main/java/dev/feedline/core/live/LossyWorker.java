package dev.feedline.core.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One thread with a bounded backlog for live delivery. Live subscribers must never slow ingest, so
 * when the backlog is full new work is dropped and counted instead of waiting.
 */
public final class LossyWorker implements AutoCloseable {
    private final ThreadPoolExecutor thread;
    private final Counter dropped;

    /** @param droppedMetric counter of work dropped because the backlog was full */
    public LossyWorker(String name, int backlog, MeterRegistry metrics, String droppedMetric) {
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(backlog), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.dropped = metrics.counter(droppedMetric);
    }

    /** Runs the work later on the worker thread, or drops it if the backlog is full. */
    public void submit(Runnable work) {
        try {
            thread.execute(work);
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    @Override
    public void close() { thread.shutdownNow(); }
}
