package dev.feedline.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.events.DomainEvent.ApiKeyRevoked;
import dev.feedline.core.events.DomainEvent.TokensEnded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalEventsTest {
    private final LocalEvents events = new LocalEvents(new SimpleMeterRegistry());

    @AfterEach
    void close() { events.close(); }

    @Test
    void aSubscriberSeesEventsOfItsTypeInPublicationOrder() {
        List<Object> keys = new CopyOnWriteArrayList<>();
        List<Object> anything = new CopyOnWriteArrayList<>();
        events.subscribe("keys", ApiKeyRevoked.class, keys::add);
        events.subscribe("all", DomainEvent.class, anything::add);
        events.publish(new ApiKeyRevoked(1, 10));
        events.publish(new TokensEnded(1, 2));
        events.publish(new ApiKeyRevoked(2, 20));
        assertThat(keys).containsExactly(new ApiKeyRevoked(1, 10), new ApiKeyRevoked(2, 20));
        assertThat(anything).containsExactly(new ApiKeyRevoked(1, 10), new TokensEnded(1, 2), new ApiKeyRevoked(2, 20));
    }

    @Test
    void aFailingSubscriberKeepsTheEventFromNoOtherAndNeverFailsThePublisher() {
        List<Object> heard = new CopyOnWriteArrayList<>();
        events.subscribe("broken", TokensEnded.class, e -> { throw new IllegalStateException("bug"); });
        events.subscribe("fine", TokensEnded.class, heard::add);
        events.publish(new TokensEnded(5, 1));
        assertThat(heard).containsExactly(new TokensEnded(5, 1));
    }

    @Test
    void relayedEventsReachEveryoneButTheRelay() {
        List<Object> relay = new CopyOnWriteArrayList<>();
        List<Object> hub = new CopyOnWriteArrayList<>();
        events.subscribeLocal("relay", DomainEvent.class, relay::add);
        events.subscribe("hub", DomainEvent.class, hub::add);
        events.publish(new TokensEnded(1, 1));
        events.publishRelayed(new TokensEnded(2, 1));
        assertThat(relay).containsExactly(new TokensEnded(1, 1));
        assertThat(hub).containsExactly(new TokensEnded(1, 1), new TokensEnded(2, 1));
    }

    @Test
    void aSlowLossySubscriberNeverHoldsUpThePublisherAndIsToldWhatItLost() throws Exception {
        int backlog = 10;
        int published = 5_000;
        CountDownLatch stuck = new CountDownLatch(1);
        List<Long> delivered = new CopyOnWriteArrayList<>();
        AtomicLong lost = new AtomicLong();
        List<String> order = new CopyOnWriteArrayList<>();
        events.subscribeLossy("slow", ApiKeyRevoked.class, backlog, e -> {
            try {
                stuck.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            delivered.add(e.keyId());
            order.add("event");
        }, n -> {
            lost.addAndGet(n);
            order.add("dropped");
        });
        List<Object> quick = new CopyOnWriteArrayList<>();
        events.subscribe("quick", ApiKeyRevoked.class, quick::add);

        long started = System.nanoTime();
        for (int i = 0; i < published; i++) events.publish(new ApiKeyRevoked(1, i));
        // The whole burst went through while the slow subscriber was stuck on its first event.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(quick).hasSize(published);
        stuck.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() + lost.get() == published);
        assertThat(delivered).hasSizeLessThanOrEqualTo(backlog + 1).isSorted();
        assertThat(lost.get()).isPositive();
        // Told right before the next event it does get, as the live WebSocket's "dropped" notice.
        assertThat(order).contains("dropped");
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).equals("dropped")) assertThat(order.get(i + 1)).isEqualTo("event");
        }
    }
}
