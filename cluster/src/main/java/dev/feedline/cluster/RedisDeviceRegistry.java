package dev.feedline.cluster;

import dev.feedline.core.cluster.DeviceRegistry;
import io.lettuce.core.ScriptOutputType;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** Lua: the node named by {@code claim} if that node is alive in the same incarnation, else false. */
    private static final String LIVE_NODE = """
            local function live(claim)
              if not claim then return false end
              local space = string.find(claim, ' ', 1, true)
              local node = string.sub(claim, 1, space - 1)
              if redis.call('GET', '%s' .. node) == string.sub(claim, space + 1) then return node end
              return false
            end
            """.formatted(RedisBackplane.NODE_KEY);
    /** KEYS[1] the device's key: the claiming node's id if that node is alive in the same incarnation, else nil. */
    private static final String NODE_OF = LIVE_NODE + """
            local node = live(redis.call('GET', KEYS[1]))
            if not node then redis.call('DEL', KEYS[1]) end
            return node""";
    /**
     * KEYS the devices' keys: for each, the claiming live node's id or '' (a Lua array ends at its first nil). Stale
     * claims are left for {@link #NODE_OF} to remove: a listing only reads.
     */
    private static final String NODES_OF = LIVE_NODE + """
            local out = {}
            for i, key in ipairs(KEYS) do out[i] = live(redis.call('GET', key)) or '' end
            return out""";
    /** Most keys in one script call: a page of devices fits; a longer list is asked in several calls. */
    private static final int KEYS_PER_CALL = 1_000;
    /** KEYS[1] the device's key, ARGV[1] this node's claim: sets it and answers the live node it replaced, in one step. */
    private static final String CLAIM = LIVE_NODE + """
            return live(redis.call('SET', KEYS[1], ARGV[1], 'GET'))""";

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
    public Optional<String> claim(long deviceId) {
        String before = backplane.call(redis -> redis.<String>eval(CLAIM, ScriptOutputType.VALUE, new String[] {DEVICE_KEY + deviceId}, claim));
        return Optional.ofNullable(before);
    }

    @Override
    public void release(long deviceId) {
        backplane.call(redis -> redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {DEVICE_KEY + deviceId}, claim));
    }

    @Override
    public Optional<String> nodeOf(long deviceId) {
        String node = backplane.call(redis -> redis.<String>eval(NODE_OF, ScriptOutputType.VALUE, DEVICE_KEY + deviceId));
        return Optional.ofNullable(node);
    }

    @Override
    public Map<Long, String> nodesOf(Collection<Long> deviceIds) {
        List<Long> ids = List.copyOf(deviceIds);
        Map<Long, String> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += KEYS_PER_CALL) {
            List<Long> part = ids.subList(from, Math.min(ids.size(), from + KEYS_PER_CALL));
            String[] keys = part.stream().map(id -> DEVICE_KEY + id).toArray(String[]::new);
            List<Object> nodes = backplane.call(redis -> redis.<List<Object>>eval(NODES_OF, ScriptOutputType.MULTI, keys));
            for (int i = 0; i < part.size(); i++) {
                String node = nodes.get(i) == null ? "" : nodes.get(i).toString();
                if (!node.isEmpty()) out.put(part.get(i), node);
            }
        }
        return out;
    }
}
