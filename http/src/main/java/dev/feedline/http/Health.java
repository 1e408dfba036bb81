package dev.feedline.http;

import dev.feedline.core.cluster.NodeStatus;
import java.util.function.BooleanSupplier;

/**
 * Readiness as the health endpoint reports it: ready once everything has started, not ready again
 * from the moment shutdown begins, and never ready while the database does not answer. A cluster node
 * that has lost Redis is still ready, but degraded: PostgreSQL is the truth, only cross-node delivery waits.
 */
public final class Health {
    private volatile boolean ready;
    private final BooleanSupplier databaseUp;
    private final String version;
    private final NodeStatus node;

    public Health(BooleanSupplier databaseUp, String version, NodeStatus node) {
        this.databaseUp = databaseUp;
        this.version = version;
        this.node = node;
    }

    public void ready(boolean value) { this.ready = value; }

    public boolean ready() { return ready && databaseUp.getAsBoolean(); }

    /** Ready, but the backplane between nodes does not answer, or the cluster runs with another rules.partitions. */
    public boolean degraded() { return !node.backplaneUp() || !node.settingsAgree(); }

    public String version() { return version; }

    public NodeStatus node() { return node; }
}
