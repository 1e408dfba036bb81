package dev.feedline.core.cluster;

/** What this node reports about itself and its cluster in health and metrics. */
public interface NodeStatus {

    /** This node's id: configured (cluster.node.id) or generated at start. */
    String nodeId();

    /** Whether this node runs in cluster mode; false for a single node, which has no backplane. */
    boolean clustered();

    /** Whether the backplane between nodes (Redis) answered at the latest heartbeat; always true for a single node. */
    boolean backplaneUp();

    /** Whether this node holds the lock of the once-per-cluster jobs; always true for a single node. */
    boolean holdsJobLock();

    /**
     * Whether the settings every node must share (rules.partitions) had this node's value at the latest heartbeat;
     * while not, the node evaluates no rules and reports itself degraded. Always true for a single node.
     */
    default boolean settingsAgree() { return true; }

    /** A single node: no backplane, every job runs here. */
    static NodeStatus single(String nodeId) {
        return new NodeStatus() {
            @Override public String nodeId() { return nodeId; }
            @Override public boolean clustered() { return false; }
            @Override public boolean backplaneUp() { return true; }
            @Override public boolean holdsJobLock() { return true; }
        };
    }
}
