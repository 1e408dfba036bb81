package dev.feedline.cluster;

import dev.feedline.core.cluster.DeviceRegistry;
import io.lettuce.core.ScriptOutputType;
import java.util.Optional;

/**
 * Which node holds each device's connection, in Redis: {@code feedline:device:<id>} names the node and the
 * incarnation (process) that claimed it. A claim counts only while that node's heartbeat key
 * ({@link RedisBackplane}) still names the same incarnation, so a dead node's claims expire with one key and
 * the heartbeat costs the same whatever the number of devices. A stale claim found on reading is removed.
 */
public final class RedisDeviceRegistry implements DeviceRegistry {
    static final String DEVICE_KEY = "feedline:device:";
    /** KEYS[1] the device's key, ARGV[1] the claim to remove: deletes it only if it is still that claim. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";
    /** KEYS[1] the device's key: the claiming node's id if that node is alive in the same incarnation, else nil. */
    private static final String NODE_OF = """
            local claim = redis.call('GET', KEYS[1])
            if not claim then return false end
            local space = string.find(claim, ' ', 1, true)
            local node = string.sub(claim, 1, space - 1)
            if redis.call('GET', '%s' .. node) == string.sub(claim, space + 1) then return node end
            redis.call('DEL', KEYS[1])
            return false""".formatted(RedisBackplane.NODE_KEY);

    private final RedisBackplane backplane;
    private final String claim;

    public RedisDeviceRegistry(RedisBackplane backplane) {
        this.backplane = backplane;
        // Node ids hold no spaces (Settings checks), so the first space separates the id from the incarnation.
        this.claim = backplane.nodeId() + " " + backplane.incarnation();
    }

    @Override
    public String nodeId() { return backplane.nodeId(); }

    @Override
    public void claim(long deviceId) { backplane.call(redis -> redis.set(DEVICE_KEY + deviceId, claim)); }

    @Override
    public void release(long deviceId) {
        backplane.call(redis -> redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {DEVICE_KEY + deviceId}, claim));
    }

    @Override
    public Optional<String> nodeOf(long deviceId) {
        String node = backplane.call(redis -> redis.<String>eval(NODE_OF, ScriptOutputType.VALUE, DEVICE_KEY + deviceId));
        return Optional.ofNullable(node);
    }
}
