package dev.feedline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.events.DomainEvent;
import dev.feedline.model.DataPoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two nodes' relays on one real redis-server. */
class RedisRelayTest {

    /** Records what a node receives, as text: "event X", "command d c", "takeover d". */
    private static final class Inbox implements RedisRelay.Receiver {
        final BlockingQueue<Object> got = new LinkedBlockingQueue<>();

        @Override public void relayed(DomainEvent event) { got.add(event); }

        @Override public void command(long deviceId, long commandId) { got.add("command " + deviceId + " " + commandId); }

        @Override public void takeover(long deviceId) { got.add("takeover " + deviceId); }
    }

    @Test
    void eventsReachTheOtherNodeNotTheirOwnAndInboxMessagesOnlyTheirNode() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisBackplane a = RedisBackplane.connect(redis.url(), "a", Duration.ofSeconds(3));
             RedisBackplane b = RedisBackplane.connect(redis.url(), "b", Duration.ofSeconds(3))) {
            Inbox inA = new Inbox();
            Inbox inB = new Inbox();
            try (RedisRelay relayA = new RedisRelay(a, new SimpleMeterRegistry(), inA);
                 RedisRelay relayB = new RedisRelay(b, new SimpleMeterRegistry(), inB)) {
                DomainEvent event = new DomainEvent.PointsCommitted(List.of(DataPoint.numeric(1, 2, 3.5)), Instant.parse("2026-12-04T11:00:00Z"));
                relayA.publish(event);
                relayA.sendCommand("b", 7, 42);
                relayA.sendTakeover("b", 7);

                assertThat(inB.got.poll(5, TimeUnit.SECONDS)).isEqualTo(event);
                assertThat(inB.got.poll(5, TimeUnit.SECONDS)).isEqualTo("command 7 42");
                assertThat(inB.got.poll(5, TimeUnit.SECONDS)).isEqualTo("takeover 7");
                // b answers on a's channels; by then a would have had its own event back if it were not ignored.
                relayB.sendTakeover("a", 8);
                assertThat(inA.got.poll(5, TimeUnit.SECONDS)).isEqualTo("takeover 8");
                assertThat(inA.got).isEmpty();
            }
        }
    }

    @Test
    void withRedisDownPublishingNeitherBlocksNorThrowsAndDropsAreCounted() {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisBackplane a = RedisBackplane.connect(redis.url(), "a", Duration.ofMillis(900))) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            try (RedisRelay relay = new RedisRelay(a, metrics, new Inbox())) {
                redis.stop();
                await().atMost(Duration.ofSeconds(10)).until(() -> !a.up());
                long start = System.nanoTime();
                for (int i = 0; i < 20_000; i++) relay.publish(new DomainEvent.ApiKeyRevoked(1, i));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        metrics.get("feedline.cluster.relay.dropped").tag("direction", "out").counter().count() >= 20_000);
            }
        }
    }

    @Test
    void aStalledRedisMakesTheRelayDropNotQueueWithoutEnd() {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisBackplane a = RedisBackplane.connect(redis.url(), "a", Duration.ofSeconds(30))) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(redis.url());
            try (RedisRelay relay = new RedisRelay(a, metrics, new Inbox()); var pauser = admin.connect()) {
                pauser.sync().clientPause(3_000); // every client's commands wait 3 s: Redis answers nothing meanwhile
                long start = System.nanoTime();
                for (int i = 0; i < 20_000; i++) relay.publish(new DomainEvent.ApiKeyRevoked(1, i));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                // At most IN_FLIGHT wait for Redis; the rest are dropped at once, not queued until the 2 s command timeout.
                await().atMost(Duration.ofSeconds(1)).until(() ->
                        metrics.get("feedline.cluster.relay.dropped").tag("direction", "out").counter().count() >= 20_000 - RedisRelay.IN_FLIGHT);
            } finally {
                admin.shutdown();
            }
        }
    }
}
