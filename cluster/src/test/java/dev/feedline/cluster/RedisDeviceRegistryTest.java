package dev.feedline.cluster;

import dev.feedline.core.cluster.DeviceRegistry;
import dev.feedline.core.contract.DeviceRegistryContract;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract against a real redis-server; every node is a backplane of its own. */
class RedisDeviceRegistryTest extends DeviceRegistryContract {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static RedisServerProcess redis;
    private final Map<String, RedisBackplane> nodes = new HashMap<>();

    @BeforeAll
    static void startRedis() { redis = RedisServerProcess.start(); }

    @AfterAll
    static void stopRedis() { redis.close(); }

    @AfterEach
    void stopNodes() { nodes.values().forEach(RedisBackplane::close); }

    @Override
    protected DeviceRegistry node(String nodeId) {
        return new RedisDeviceRegistry(nodes.computeIfAbsent(nodeId, id -> RedisBackplane.connect(redis.url(), id, TTL)));
    }

    @Override
    protected void kill(String nodeId) { nodes.remove(nodeId).abandon(); }

    @Override
    protected Duration expiry() { return TTL; }
}
