package dev.feedline.core.events;

import dev.feedline.core.port.EventOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable delivery: hands every event recorded in the outbox, in order, to each named consumer at least once.
 * Each consumer has its own thread and its own stored cursor, moved only after its handler returned, so a
 * consumer that is slow or keeps failing (retried with growing back-off) holds up nobody else, and one that was
 * stopped — or crashed between handling an event and storing its cursor — carries on after its cursor, getting
 * that event again. Consumers must therefore be idempotent.
 */
public final class DurableDelivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DurableDelivery.class);

    /** An event handed to a consumer, with its position in the outbox (for idempotence: a position is never reused). */
    public record Delivered(long position, Instant recordedAt, DomainEvent event) {}

    /** A durable consumer; when handle throws, the same event is offered again later. */
    @FunctionalInterface
    public interface Consumer {
        void handle(Delivered event) throws Exception;
    }

    /**
     * A consumer that takes the events read together (up to {@link Settings#batch}) in one call, so one that is behind
     * stores its progress once for all of them; when it throws, all of them are offered again.
     */
    @FunctionalInterface
    public interface BatchConsumer {
        void handleAll(List<Delivered> events) throws Exception;
    }

    /**
     * @param poll how often a consumer looks for new rows when not woken (rows recorded by other nodes)
     * @param firstBackOff wait after a consumer first fails; doubled on each further failure up to maxBackOff
     * @param batch most rows read at once
     * @param storeEvery how often at most a consumer's cursor is stored while it keeps handling rows. Storing is a
     *     write transaction: on SQLite it takes the one write lock and an fsync, which the ingest writer then waits
     *     for, so storing after every commit's row cost every consumer one fsync per ingest commit. A crash replays
     *     at most this much, which consumers (idempotent by contract) absorb.
     */
    public record Settings(Duration poll, Duration firstBackOff, Duration maxBackOff, int batch, Duration storeEvery) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(30), 500,
                Duration.ofSeconds(1));

        /** Storing the cursor after every handled row. */
        public Settings(Duration poll, Duration firstBackOff, Duration maxBackOff, int batch) {
            this(poll, firstBackOff, maxBackOff, batch, Duration.ZERO);
        }
    }

    private final EventOutbox outbox;
    private final Settings settings;
    private final Map<String, Loop> loops = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    /** Counts {@link #wake} calls (guarded by signal), so a wake between a consumer's read and its wait is not lost. */
    private long wakes;
    private volatile boolean closed;

    public DurableDelivery(EventOutbox outbox, Settings settings) {
        this.outbox = outbox;
        this.settings = settings;
    }

    /** Starts delivering to a consumer from its stored cursor (from now on, for a consumer never seen before). */
    public void register(String name, Consumer consumer) { register(name, consumer, () -> true); }

    /**
     * As {@link #register(String, Consumer)}, for a consumer that only some node may run at a time (the rules engine
     * in a cluster): while {@code active} answers false the consumer reads nothing and its thread waits a poll; when it
     * becomes true it starts from the stored cursor, which the consumer's name shares with every node.
     */
    public void register(String name, Consumer consumer, java.util.function.BooleanSupplier active) {
        start(new Loop(name, consumer, null, active));
    }

    /** As {@link #register(String, Consumer, java.util.function.BooleanSupplier)}, handing over the rows read together at once. */
    public void registerBatch(String name, BatchConsumer consumer, java.util.function.BooleanSupplier active) {
        start(new Loop(name, null, consumer, active));
    }

    private void start(Loop loop) {
        if (closed) throw new IllegalStateException("closed");
        String name = loop.name;
        if (loops.putIfAbsent(name, loop) != null) throw new IllegalArgumentException("a durable consumer named " + name + " exists");
        loop.thread.start();
    }

    /** Tells the consumers new rows may be there (a commit on this node), so they need not wait for the next poll. */
    public void wake() {
        synchronized (signal) {
            wakes++;
            signal.notifyAll();
        }
    }

    private long wakes() {
        synchronized (signal) {
            return wakes;
        }
    }

    /** Deletes rows every consumer has passed, and rows older than {@code olderThan}; see {@link EventOutbox#prune}. */
    public long prune(Instant olderThan) { return outbox.prune(olderThan); }

    /** Stops every consumer's thread; an event being handled is finished but its cursor may not be stored (it comes again). */
    @Override
    public void close() {
        closed = true;
        wake();
        for (Loop loop : loops.values()) {
            loop.thread.interrupt();
            try {
                loop.thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Loop {
        private final String name;
        private final Consumer consumer;
        private final BatchConsumer batch;
        private final java.util.function.BooleanSupplier active;
        private final Thread thread;

        Loop(String name, Consumer consumer, BatchConsumer batch, java.util.function.BooleanSupplier active) {
            this.name = name;
            this.consumer = consumer;
            this.batch = batch;
            this.active = active;
            this.thread = new Thread(this::run, "durable-" + name);
            this.thread.setDaemon(true);
        }

        /** The cursor last stored (MIN_VALUE: not known), and when (System.nanoTime): only this loop's thread touches them. */
        private long stored = Long.MIN_VALUE;
        private long storedAt = System.nanoTime();

        private void run() {
            Duration backOff = settings.firstBackOff();
            Long cursor = null;
            while (!closed && !Thread.currentThread().isInterrupted()) {
                try {
                    if (!active.getAsBoolean()) {
                        if (cursor != null) store(cursor); // never moves it back, if another node moved it since
                        cursor = null; // another node may move it meanwhile: read it again when active
                        stored = Long.MIN_VALUE;
                        await(settings.poll(), wakes());
                        continue;
                    }
                    if (cursor == null) {
                        cursor = outbox.cursor(name);
                        stored = cursor;
                    }
                    long woken = wakes();
                    List<EventOutbox.Recorded> rows = outbox.after(cursor, settings.batch());
                    if (rows.isEmpty()) {
                        storeIfDue(cursor);
                        // Something handled is not stored yet: wake up when it is due, unless rows come first.
                        await(cursor > stored ? min(settings.poll(), settings.storeEvery()) : settings.poll(), woken);
                        continue;
                    }
                    cursor = deliver(rows, cursor);
                    storeIfDue(cursor);
                    backOff = settings.firstBackOff();
                } catch (HandlerFailed e) {
                    log.atWarn().addKeyValue("consumer", name).addKeyValue("position", e.position).addKeyValue("retry_ms", backOff.toMillis())
                            .setCause(e.getCause()).log("durable consumer failed; retrying");
                    // What came before the failing row is done: stored now, so a restart during the back-off keeps it.
                    cursor = Math.max(cursor, e.handled);
                    try {
                        store(cursor);
                    } catch (RuntimeException notStored) {
                        cursor = null; // read it back: what was handled comes again
                    }
                    backOff = sleep(backOff);
                } catch (RuntimeException e) {
                    // The outbox could not be read or the cursor stored (database away): start again from the stored cursor.
                    log.atWarn().addKeyValue("consumer", name).addKeyValue("retry_ms", backOff.toMillis()).setCause(e)
                            .log("durable delivery could not reach the outbox; retrying");
                    cursor = null;
                    backOff = sleep(backOff);
                }
            }
            // Stopping: store what was handled, so a restart does not hand it over again (best effort; a crash would).
            if (cursor == null) return;
            try {
                store(cursor);
            } catch (RuntimeException e) {
                log.atDebug().addKeyValue("consumer", name).setCause(e).log("cursor not stored on close");
            }
        }

        private void storeIfDue(long cursor) {
            if (System.nanoTime() - storedAt >= settings.storeEvery().toNanos()) store(cursor);
        }

        private void store(long cursor) {
            if (cursor <= stored) return;
            outbox.advance(name, cursor);
            stored = cursor;
            storedAt = System.nanoTime();
        }

        /** Hands the rows over in order; returns the position of the last one handled. */
        private long deliver(List<EventOutbox.Recorded> rows, long from) throws HandlerFailed {
            long handled = from;
            List<Delivered> together = new java.util.ArrayList<>();
            for (EventOutbox.Recorded row : rows) {
                if (closed) break;
                DomainEvent event;
                try {
                    event = OutboxCodec.decode(row);
                } catch (RuntimeException e) {
                    // Written by a newer version, or damaged: no retry can help, and it must not stop the consumer for good.
                    log.atError().addKeyValue("consumer", name).addKeyValue("position", row.position()).setCause(e).log("outbox row skipped");
                    handled = row.position();
                    continue;
                }
                if (batch != null) {
                    together.add(new Delivered(row.position(), row.recordedAt(), event));
                    continue;
                }
                try {
                    consumer.handle(new Delivered(row.position(), row.recordedAt(), event));
                } catch (OutOfMemoryError e) {
                    throw e;
                } catch (Exception | Error e) {
                    // An Error of one handler (a StackOverflowError, a class missing) must not end the consumer's thread for good.
                    if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                    throw new HandlerFailed(row.position(), handled, e);
                }
                handled = row.position();
            }
            if (batch == null || together.isEmpty()) return handled;
            try {
                batch.handleAll(together);
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                throw new HandlerFailed(together.get(0).position(), from, e);
            }
            return Math.max(handled, together.get(together.size() - 1).position());
        }

        /** Waits out a back-off: not cut short by {@link #wake}, or a failing consumer would be retried on every commit. */
        private Duration sleep(Duration backOff) {
            try {
                Thread.sleep(Math.max(1, backOff.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // close(): the loop sees closed
            }
            Duration next = backOff.multipliedBy(2);
            return next.compareTo(settings.maxBackOff()) > 0 ? settings.maxBackOff() : next;
        }

        private static Duration min(Duration a, Duration b) { return a.compareTo(b) <= 0 ? a : b; }

        /** Waits for a wake or the time, unless a wake came since {@code woken} was read (before the consumer's last read). */
        private void await(Duration time, long woken) {
            synchronized (signal) {
                if (closed || wakes != woken) return;
                try {
                    signal.wait(Math.max(1, time.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // close(): the loop sees closed
                }
            }
        }
    }

    /** A handler threw at {@code position}; everything up to {@code handled} before it was handled. */
    private static final class HandlerFailed extends Exception {
        final long position;
        final long handled;

        HandlerFailed(long position, long handled, Throwable cause) {
            super(cause);
            this.position = position;
            this.handled = handled;
        }
    }
}
