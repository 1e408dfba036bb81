package dev.feedline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.cluster.ClusterUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisBackplaneTest {

    @Test
    void aRedisThatForgetsTheNodesKeyWhileReachableIsNoticedAtTheNextBeat() {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisBackplane backplane = RedisBackplane.connect(redis.url(), "n1", Duration.ofMillis(900))) {
            java.util.concurrent.atomic.AtomicInteger forgotten = new java.util.concurrent.atomic.AtomicInteger();
            backplane.whenForgotten(forgotten::incrementAndGet);
            RedisDeviceRegistry registry = new RedisDeviceRegistry(backplane);
            registry.claim(7);

            backplane.call(r -> r.flushall()); // as a restart without persistence would, between two beats

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(forgotten).hasPositiveValue());
            assertThat(backplane.up()).isTrue();
            assertThat(registry.nodeOf(7)).as("the claim went with the flush; re-claiming is the listener's job").isEmpty();
        }
    }

    @Test
    void redisUnreachableAtStartIsAClearErrorWithoutThePassword() {
        int nobody = RedisServerProcess.freePort();
        assertThatThrownBy(() -> RedisBackplane.connect("redis://:hunter2@127.0.0.1:" + nobody, "n1", Duration.ofSeconds(3)))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("Cannot reach Redis at redis://***@127.0.0.1:" + nobody)
                .hasMessageContaining("FEEDLINE_CLUSTER_REDIS_URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aUrlThatIsNoRedisUrlIsNamed() {
        assertThatThrownBy(() -> RedisBackplane.connect("postgres://x", "n1", Duration.ofSeconds(3)))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("is not a Redis URL");
    }

    @Test
    void redisLostTurnsTheBackplaneDownAndItRecoversByItselfWhenRedisReturns() {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisBackplane backplane = RedisBackplane.connect(redis.url(), "n1", Duration.ofMillis(900))) {
            RedisDeviceRegistry registry = new RedisDeviceRegistry(backplane);
            java.util.concurrent.atomic.AtomicInteger forgotten = new java.util.concurrent.atomic.AtomicInteger();
            backplane.whenForgotten(forgotten::incrementAndGet);
            assertThat(backplane.up()).isTrue();

            redis.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !backplane.up());
            assertThatThrownBy(() -> registry.nodeOf(1)).as("fails fast, not queued").isInstanceOf(ClusterUnavailableException.class);

            redis.restart();
            await().atMost(Duration.ofSeconds(30)).until(backplane::up);
            assertThat(forgotten).as("told that what it wrote to Redis may be gone").hasPositiveValue();
            registry.claim(1);
            assertThat(registry.nodeOf(1)).contains("n1");
        }
    }
    /**
     * A setting every node must share (rules.partitions): the first node sets it, nodes with the same value agree,
     * a node with another value gets the cluster's back (the server then refuses to start); the cluster stopped as a
     * whole — cleanly, or crashed and expired — starts again with another value.
     */
    @Test
    void aSharedSettingIsTheRunningNodesAndChangesOnlyWhenTheWholeClusterStopped() {
        Duration ttl = Duration.ofMillis(900);
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            try (RedisBackplane one = RedisBackplane.connect(redis.url(), "n1", ttl); RedisBackplane two = RedisBackplane.connect(redis.url(), "n2", ttl)) {
                assertThat(one.share("rules.partitions", "4")).isEmpty();
                assertThat(two.share("rules.partitions", "4")).isEmpty();
                try (RedisBackplane other = RedisBackplane.open(redis.url(), "n3", ttl)) {
                    assertThat(other.share("rules.partitions", "8")).contains("4");
                    // Checked before its first heartbeat: the refused node never counts as live (the others do not rebalance).
                    assertThat(one.liveNodeIds()).containsExactlyInAnyOrder("n1", "n2");
                }
                assertThat(one.liveNodeIds()).containsExactlyInAnyOrder("n1", "n2");
                // Kept alive by the heartbeats beyond its ttl, and not deleted while a node is left.
                await().during(Duration.ofMillis(2 * ttl.toMillis())).atMost(Duration.ofSeconds(5))
                        .until(() -> "4".equals(one.call(r -> r.get(RedisBackplane.SETTING_KEY + "rules.partitions"))));
                two.close();
                try (RedisBackplane other = RedisBackplane.connect(redis.url(), "n3", ttl)) {
                    assertThat(other.share("rules.partitions", "8")).contains("4");
                }
            }
            // Every node stopped cleanly: the last one deleted the value.
            try (RedisBackplane again = RedisBackplane.connect(redis.url(), "n1", ttl)) {
                assertThat(again.share("rules.partitions", "8")).isEmpty();
                again.abandon(); // a crash: nothing deleted, the value expires with the heartbeat
                try (RedisBackplane other = RedisBackplane.connect(redis.url(), "n2", ttl)) {
                    assertThat(other.share("rules.partitions", "2")).contains("8");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try (RedisBackplane later = RedisBackplane.connect(redis.url(), "n2", ttl)) {
                        return later.share("rules.partitions", "2").isEmpty();
                    }
                });
            }
        }
    }

    /**
     * Redis lost its keys (or every heartbeat paused past ttl) and a node with another value set it meanwhile: the
     * running node's heartbeat never overwrites that value (it used to SET its own every beat, so two counts ran and
     * overwrote each other); it stands down instead — agrees() false, its listeners told, left out of liveNodes() —
     * and takes its part again once the value is its own (the other nodes stopped and it expired or was deleted).
     */
    @Test
    void aSharedSettingFoundChangedWhileRunningIsNeverOverwrittenAndTheNodeStandsDownUntilItAgrees() {
        Duration ttl = Duration.ofMillis(900);
        String key = RedisBackplane.SETTING_KEY + "rules.partitions";
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisBackplane one = RedisBackplane.open(redis.url(), "n1", ttl);
             RedisBackplane two = RedisBackplane.open(redis.url(), "n2", ttl)) {
            assertThat(one.share("rules.partitions", "4")).isEmpty();
            assertThat(two.share("rules.partitions", "4")).isEmpty();
            one.start();
            two.start();
            java.util.concurrent.atomic.AtomicInteger turns = new java.util.concurrent.atomic.AtomicInteger();
            one.whenAgreementChanges(turns::incrementAndGet);
            assertThat(one.liveNodes()).isEqualTo(2);

            one.call(r -> r.flushall()); // Redis lost its keys ...
            one.call(r -> r.set(key, "8")); // ... and a node with rules.partitions=8 started meanwhile
            await().atMost(Duration.ofSeconds(10)).until(() -> !one.agrees() && !two.agrees());
            assertThat(one.differing()).containsEntry("rules.partitions", "8");
            assertThat(turns).hasValue(1);
            // Beats go on past the ttl; the other value stays, and neither node counts for the rules partitions.
            await().during(Duration.ofMillis(2 * ttl.toMillis())).atMost(Duration.ofSeconds(5)).until(() -> "8".equals(one.call(r -> r.get(key))));
            assertThat(one.liveNodeIds()).containsExactlyInAnyOrder("n1", "n2");
            assertThat(one.liveNodes()).isZero();

            one.call(r -> r.del(key)); // the other node stopped cleanly
            await().atMost(Duration.ofSeconds(10)).until(() -> one.agrees() && two.agrees());
            assertThat(one.<String>call(r -> r.get(key))).isEqualTo("4");
            assertThat(turns).hasValue(2);
            assertThat(one.liveNodes()).isEqualTo(2);
        }
    }
}
