package dev.feedline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.cluster.ClusterUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisBackplaneTest {

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
            assertThat(backplane.up()).isTrue();

            redis.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !backplane.up());
            assertThatThrownBy(() -> registry.nodeOf(1)).as("fails fast, not queued").isInstanceOf(ClusterUnavailableException.class);

            redis.restart();
            await().atMost(Duration.ofSeconds(30)).until(backplane::up);
            registry.claim(1);
            assertThat(registry.nodeOf(1)).contains("n1");
        }
    }
}
