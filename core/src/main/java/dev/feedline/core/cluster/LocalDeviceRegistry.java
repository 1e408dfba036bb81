package dev.feedline.core.cluster;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The registry of a single node: every connection is held here. */
public final class LocalDeviceRegistry implements DeviceRegistry {
    private final String nodeId;
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    public LocalDeviceRegistry(String nodeId) { this.nodeId = nodeId; }

    @Override public String nodeId() { return nodeId; }

    @Override public Optional<String> claim(long deviceId) { return held.add(deviceId) ? Optional.empty() : Optional.of(nodeId); }

    @Override public void release(long deviceId) { held.remove(deviceId); }

    @Override public Optional<String> nodeOf(long deviceId) { return held.contains(deviceId) ? Optional.of(nodeId) : Optional.empty(); }

    @Override
    public java.util.Map<Long, String> nodesOf(java.util.Collection<Long> deviceIds) {
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        for (long id : deviceIds) if (held.contains(id)) out.put(id, nodeId);
        return out;
    }
}
