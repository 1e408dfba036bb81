package dev.feedline.core.cluster;

import java.util.Optional;

/**
 * Which node holds each device's MQTT connection, so a command sent to any node can be routed to the one
 * that can deliver it. A claim lives as long as the node that made it: when a node dies its claims stop
 * counting (they expire), with no clean-up needed from anyone.
 */
public interface DeviceRegistry {

    /** The node this registry speaks for. */
    String nodeId();

    /**
     * Records that this node now holds the device's connection, replacing any other node's claim (the newest
     * connection wins, as in MQTT's session takeover), and answers in the same step the live node whose claim it
     * replaced (this node included), so of two nodes claiming at once the second learns of the first and can end
     * its connection. Throws {@link ClusterUnavailableException} when the registry cannot be reached.
     */
    Optional<String> claim(long deviceId);

    /**
     * Forgets this node's claim on the device. A claim another node has made since (the device reconnected
     * there) is left alone. Throws {@link ClusterUnavailableException} when the registry cannot be reached.
     */
    void release(long deviceId);

    /**
     * The id of the live node holding the device's connection, or empty when none does (never connected,
     * disconnected, or its node died). Throws {@link ClusterUnavailableException} when the registry cannot be
     * reached.
     */
    Optional<String> nodeOf(long deviceId);

    /**
     * {@link #nodeOf} for many devices in one round trip (a page of a device list): the live node of each device that
     * has one; devices held by no live node are absent. Throws {@link ClusterUnavailableException} when the registry
     * cannot be reached.
     */
    java.util.Map<Long, String> nodesOf(java.util.Collection<Long> deviceIds);
}
