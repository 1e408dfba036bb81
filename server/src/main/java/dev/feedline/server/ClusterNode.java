package dev.feedline.server;

import dev.feedline.cluster.RedisBackplane;
import dev.feedline.cluster.RedisDeviceRegistry;
import dev.feedline.core.cluster.DeviceRegistry;
import dev.feedline.core.cluster.JobLock;
import dev.feedline.core.cluster.LocalDeviceRegistry;
import dev.feedline.core.cluster.NodeStatus;
import dev.feedline.store.jdbc.PostgresJobLock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in its cluster: its id, the lock of the once-per-cluster jobs and the registry of device
 * connections. A single node gets stand-ins that need nothing (the lock always held, the registry in memory);
 * a cluster node gets them on PostgreSQL (the lock) and Redis (the registry, the heartbeat).
 */
final class ClusterNode implements NodeStatus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    /** The one lock of every once-per-cluster job: they all run on the same node. */
    static final String JOBS_LOCK = "feedline-jobs";

    private final String nodeId;
    private final RedisBackplane backplane;
    private final JobLock jobLock;
    private final DeviceRegistry registry;
    private final ScheduledExecutorService lockKeeper;
    /** One lock per rules partition: all held on a single node, shared out in a cluster. */
    private final List<JobLock> ruleLocks;
    private final RulePartitionLocks partitionLocks;
    /** What uses the backplane (the relay between nodes): closed before it. */
    private volatile AutoCloseable user;

    private ClusterNode(String nodeId, RedisBackplane backplane, JobLock jobLock, DeviceRegistry registry, ScheduledExecutorService lockKeeper,
                        List<JobLock> ruleLocks, RulePartitionLocks partitionLocks) {
        this.nodeId = nodeId;
        this.ruleLocks = ruleLocks;
        this.partitionLocks = partitionLocks;
        this.backplane = backplane;
        this.jobLock = jobLock;
        this.registry = registry;
        this.lockKeeper = lockKeeper;
    }

    /**
     * A single node, or a cluster node connected to Redis, trying for the job lock now and every
     * cluster.job.lock.check.seconds (so a dead holder's jobs are taken over within that time). Throws
     * {@link dev.feedline.core.cluster.ClusterUnavailableException} when Redis cannot be reached.
     */
    static ClusterNode start(Settings settings) {
        ClusterConfig cluster = settings.cluster();
        if (cluster.nodeIdGenerated()) log.atInfo().addKeyValue("node", cluster.nodeId()).log("no cluster.node.id configured; this node's id was generated");
        if (!cluster.enabled()) {
            return new ClusterNode(cluster.nodeId(), null, JobLock.SINGLE_NODE, new LocalDeviceRegistry(cluster.nodeId()), null,
                    java.util.Collections.nCopies(cluster.rulePartitions(), JobLock.SINGLE_NODE), null);
        }
        // The setting is checked before the first heartbeat: a refused node never counts as live, so never makes the others rebalance.
        RedisBackplane backplane = RedisBackplane.open(cluster.redisUrl(), cluster.nodeId(), cluster.nodeTtl());
        try {
            agreeOnRulePartitions(backplane, cluster);
            backplane.start();
        } catch (RuntimeException e) {
            backplane.close();
            throw e;
        }
        JobLock lock = new PostgresJobLock(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), JOBS_LOCK);
        ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-job-lock");
            t.setDaemon(true);
            return t;
        });
        // Its own thread: a stalled database must not hold up the background jobs' thread, nor they this check.
        keeper.scheduleWithFixedDelay(lock::tryHold, 0, cluster.jobLockCheck().toMillis(), TimeUnit.MILLISECONDS);
        RulePartitionLocks partitions = new RulePartitionLocks(settings, cluster.rulePartitions(), cluster.nodeId(), backplane::liveNodes, backplane::agrees);
        keeper.scheduleWithFixedDelay(partitions::balance, 0, cluster.jobLockCheck().toMillis(), TimeUnit.MILLISECONDS);
        // rules.partitions found changed under the node: let its partitions go now, not at the next check.
        backplane.whenAgreementChanges(() -> keeper.execute(partitions::balance));
        return new ClusterNode(cluster.nodeId(), backplane, lock, new RedisDeviceRegistry(backplane), keeper, partitions.locks(), partitions);
    }

    /**
     * Every node of a cluster must split the rules engine's work the same way (docs/RULES.md, "Changing the count"):
     * a node whose rules.partitions differs from the running nodes' refuses to start, naming both values.
     */
    private static void agreeOnRulePartitions(RedisBackplane backplane, ClusterConfig cluster) {
        String mine = Integer.toString(cluster.rulePartitions());
        backplane.share("rules.partitions", mine).ifPresent(theirs -> {
            java.util.List<String> others = backplane.liveNodeIds().stream().filter(id -> !id.equals(cluster.nodeId())).sorted().toList();
            throw new IllegalStateException("rules.partitions (FEEDLINE_RULES_PARTITIONS) is " + mine + " on this node, but " + theirs
                    + " on the cluster's running nodes (" + (others.isEmpty() ? "none left: they stopped within cluster.node.ttl.seconds" : String.join(", ", others))
                    + "): every node of a cluster must use the same (in cluster mode it defaults to 4). Set rules.partitions=" + theirs
                    + " on this node; or, to change the count, stop every node and start them all with the new value"
                    + " (a node that did not stop cleanly counts as running for cluster.node.ttl.seconds, " + cluster.nodeTtl().toSeconds() + " s).");
        });
    }

    JobLock jobLock() { return jobLock; }

    /** The locks of the rules partitions, in partition order (docs/RULES.md "Partitions and fencing"). */
    List<JobLock> ruleLocks() { return ruleLocks; }

    /** The link to Redis (its client for pub/sub connections, {@link RedisBackplane#whenForgotten}); null for a single node. */
    RedisBackplane backplane() { return backplane; }

    /** Which node holds each device's connection: claimed on MQTT connects, read to route commands ({@link ClusterRouting}). */
    DeviceRegistry registry() { return registry; }

    /**
     * Which of the devices a node other than this one holds a connection of, in one Redis call; none for a single
     * node, and when Redis cannot say (a device's online state then shows only this node's connections).
     */
    java.util.Set<Long> connectedElsewhere(java.util.Collection<Long> deviceIds) {
        // Not while the heartbeat finds Redis unreachable: a device view must not wait out a command timeout.
        if (backplane == null || !backplane.up()) return java.util.Set.of();
        try {
            java.util.Set<Long> out = new java.util.HashSet<>();
            registry.nodesOf(deviceIds).forEach((device, node) -> {
                if (!node.equals(nodeId)) out.add(device);
            });
            return out;
        } catch (dev.feedline.core.cluster.ClusterUnavailableException e) {
            return java.util.Set.of();
        }
    }

    @Override public String nodeId() { return nodeId; }

    @Override public boolean clustered() { return backplane != null; }

    @Override public boolean backplaneUp() { return backplane == null || backplane.up(); }

    @Override public boolean holdsJobLock() { return jobLock.held(); }

    @Override public boolean settingsAgree() { return backplane == null || backplane.agrees(); }

    /** Registers what uses the backplane, to be closed before it. */
    void closeFirst(AutoCloseable backplaneUser) { this.user = backplaneUser; }

    /** Lets the job lock go (another node takes the jobs at its next check) and leaves the backplane. */
    @Override
    public void close() {
        if (lockKeeper != null) lockKeeper.shutdownNow();
        jobLock.close();
        if (partitionLocks != null) partitionLocks.close();
        if (user != null) {
            try {
                user.close();
            } catch (Exception e) {
                log.atWarn().setCause(e).log("closing the relay between nodes failed");
            }
        }
        if (backplane != null) backplane.close();
    }
}
