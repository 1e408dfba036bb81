package dev.feedline.core.events;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The one event backbone: every "something happened" is published here, and every reaction subscribes here,
 * in the server's wiring. This is the <em>live</em> delivery: what only matters now. Nothing is stored; an
 * event published while nobody listens is gone. What must not be missed is read from the outbox by
 * {@link DurableDelivery}.
 *
 * <p>Subscriptions name the event type they want and see its events in publication order.
 */
public interface Events {
    /** Publishes an event that happened on this node to every subscriber. Never blocks on a subscriber. */
    void publish(DomainEvent event);

    /**
     * Publishes an event that happened on another node (called by a relay between nodes): every subscriber sees it
     * except those subscribed with {@link #subscribeLocal}, so a relay does not send back what it received.
     */
    void publishRelayed(DomainEvent event);

    /**
     * Calls {@code handler} on the publisher's thread (the ingest writer, a request thread). The handler must
     * return at once and must not throw: it either does something quick (end a session, evict a cache entry) or
     * hands off to a bounded, lossy queue of its own (the live hub, the MQTT fan-out), which is then the part
     * that is bounded and tells its clients what they missed.
     */
    <T extends DomainEvent> void subscribe(String name, Class<T> type, Consumer<? super T> handler);

    /** As {@link #subscribe}, for events published on this node only: for a relay to other nodes. */
    <T extends DomainEvent> void subscribeLocal(String name, Class<T> type, Consumer<? super T> handler);

    /**
     * Calls {@code handler} on a thread of the subscription's own, through a backlog of at most {@code backlog}
     * events: when it is full (or an event waited too long) events are dropped rather than slowing the publisher,
     * and {@code dropped} is told how many before the next event that is delivered.
     */
    <T extends DomainEvent> void subscribeLossy(String name, Class<T> type, int backlog, Consumer<? super T> handler, LongConsumer dropped);
}
