package dev.feedline.core.events;

import dev.feedline.core.live.LossyWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Events} within one process: publishing walks the subscriptions on the publisher's thread. Inline
 * subscribers run right there; lossy ones get the event through their own {@link LossyWorker}, so the
 * publisher only ever pays for a type check and a hand-off.
 */
public final class LocalEvents implements Events, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalEvents.class);
    private final MeterRegistry metrics;
    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();
    private final List<LossyWorker> workers = new CopyOnWriteArrayList<>();

    private record Subscription<T extends DomainEvent>(String name, Class<T> type, boolean localOnly, Consumer<? super T> handler) {
        void offer(DomainEvent event, boolean relayed) {
            if (relayed && localOnly) return;
            if (!type.isInstance(event)) return;
            try {
                handler.accept(type.cast(event));
            } catch (RuntimeException e) {
                // One subscriber must not keep the event from the others, nor fail the publisher (a commit already done).
                log.atError().addKeyValue("subscriber", name).addKeyValue("event", event.getClass().getSimpleName()).setCause(e)
                        .log("event subscriber failed");
            }
        }
    }

    public LocalEvents(MeterRegistry metrics) { this.metrics = metrics; }

    @Override
    public void publish(DomainEvent event) {
        for (Subscription<?> s : subscriptions) s.offer(event, false);
    }

    @Override
    public void publishRelayed(DomainEvent event) {
        for (Subscription<?> s : subscriptions) s.offer(event, true);
    }

    @Override
    public <T extends DomainEvent> void subscribe(String name, Class<T> type, Consumer<? super T> handler) {
        subscriptions.add(new Subscription<>(name, type, false, handler));
    }

    @Override
    public <T extends DomainEvent> void subscribeLocal(String name, Class<T> type, Consumer<? super T> handler) {
        subscriptions.add(new Subscription<>(name, type, true, handler));
    }

    @Override
    public <T extends DomainEvent> void subscribeLossy(String name, Class<T> type, int backlog, Consumer<? super T> handler, LongConsumer dropped) {
        LossyWorker worker = new LossyWorker("events-" + name, backlog, metrics, "feedline.events.dropped." + name);
        worker.afterDrops(dropped);
        workers.add(worker);
        subscriptions.add(new Subscription<T>(name, type, false, event -> worker.submit(() -> {
            try {
                handler.accept(event);
            } catch (RuntimeException e) {
                log.atError().addKeyValue("subscriber", name).setCause(e).log("event subscriber failed");
            }
        })));
    }

    /** Stops the lossy subscribers' threads. */
    @Override
    public void close() { workers.forEach(LossyWorker::close); }
}
