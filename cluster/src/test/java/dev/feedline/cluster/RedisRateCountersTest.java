package dev.feedline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.contract.RateCountersContract;
import dev.feedline.core.ratelimit.RateCounters;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rate counters contract against a real redis-server, every node a backplane of its own; then TTLs and the fallback. */
class RedisRateCountersTest extends RateCountersContract {
    private static final Duration TIMEOUT = Duration.ofMillis(250);
    private static RedisServerProcess redis;
    private final Map<String, RedisBackplane> nodes = new HashMap<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeAll
    static void startRedis() { redis = RedisServerProcess.start(); }

    @AfterAll
    static void stopRedis() { redis.close(); }

    @AfterEach
    void stopNodes() { nodes.values().forEach(RedisBackplane::close); }

    @Override
    protected RateCounters node(String nodeId) {
        return new RedisRateCounters(backplane(nodeId, redis), clock, TIMEOUT, metrics);
    }

    private RedisBackplane backplane(String nodeId, RedisServerProcess server) {
        return nodes.computeIfAbsent(nodeId, id -> RedisBackplane.connect(server.url(), id, Duration.ofSeconds(3)));
    }

    private static long pttl(String key) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().pttl(key);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void keysExpireWhenTheyWouldCountForNothing() {
        RateCounters counters = node("node-a");
        counters.buckets("ttl-bucket", 3, Duration.ofSeconds(10)).take("k");
        counters.buckets("ttl-bucket", 3, Duration.ofSeconds(10)).take("k");
        long bucket = pttl(RedisRateCounters.RATE_KEY + "ttl-bucket:k");
        assertThat(bucket).isBetween(15_000L, 20_000L); // full again two refills from now (real time passes a little)
        clock.advance(Duration.ofSeconds(20));
        counters.windows("ttl-window", 10, Duration.ofMinutes(1)).take("u", 1);
        clock.advance(Duration.ofSeconds(45));
        counters.windows("ttl-window", 10, Duration.ofMinutes(1)).take("u", 1);
        // the TTL follows the window's start on the node's clock, not Redis's: 15 s left of the window
        assertThat(pttl(RedisRateCounters.RATE_KEY + "ttl-window:u")).isBetween(10_000L, 15_000L);
        String longName = "x".repeat(500);
        counters.buckets("ttl-bucket", 3, Duration.ofSeconds(10)).take(longName);
        assertThat(pttl(RedisRateCounters.RATE_KEY + "ttl-bucket:" + longName)).as("a long key is stored by its hash").isEqualTo(-2);
    }

    @Test
    void withRedisGoneANodeCountsAloneAtOnceAndSaysSo() {
        RedisServerProcess own = RedisServerProcess.start();
        try {
            RateCounters counters = new RedisRateCounters(backplane("node-lost", own), clock, TIMEOUT, metrics);
            RateCounters.Buckets buckets = counters.buckets("lost", 2, Duration.ofMinutes(1));
            assertThat(buckets.take("k")).isZero();
            own.stop();
            long started = System.nanoTime();
            // counted locally from here: the local bucket is fresh, so two takes pass, the third does not
            assertThat(buckets.take("k")).isZero();
            assertThat(buckets.take("k")).isZero();
            assertThat(buckets.take("k")).isPositive();
            RateCounters.Windows windows = counters.windows("lost", 5, Duration.ofMinutes(1));
            assertThat(windows.take("u", 5).allowed()).isTrue();
            assertThat(windows.take("u", 1).allowed()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(6));
            assertThat(metrics.get("feedline.cluster.rate.fallback").counter().count()).isEqualTo(5);
        } finally {
            own.close();
        }
    }
}
