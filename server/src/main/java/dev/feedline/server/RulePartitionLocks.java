package dev.feedline.server;

import dev.feedline.core.cluster.JobLock;
import dev.feedline.store.jdbc.PostgresJobLock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks of the rules partitions in a cluster (docs/RULES.md "Partitions and fencing"): one PostgreSQL advisory
 * lock per partition, and a fair share per node. At each check a node confirms the locks it holds, lets go of those
 * beyond its share (ceil(partitions / live nodes), the live nodes counted from their heartbeat keys), and tries for
 * free ones while it holds fewer, in an order that starts at a place of its own (so two nodes starting together
 * reach for different partitions first). A dead node's locks end with its database session; the others take its
 * partitions once its heartbeat key has expired (cluster.node.ttl.seconds) and their share has grown.
 */
final class RulePartitionLocks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RulePartitionLocks.class);
    private final List<PostgresJobLock> locks = new ArrayList<>();
    private final int[] order;
    private final IntSupplier liveNodes;
    /** False while the cluster's rules.partitions is not this node's (RedisBackplane#agrees): it then holds none. */
    private final BooleanSupplier mayHold;
    private int nodes = 1; // the last count Redis gave; kept while it cannot say

    RulePartitionLocks(Settings settings, int partitions, String nodeId, IntSupplier liveNodes, BooleanSupplier mayHold) {
        for (int i = 0; i < partitions; i++) locks.add(new PostgresJobLock(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), "feedline-rules-" + i));
        int start = Math.floorMod(nodeId.hashCode(), partitions);
        order = new int[partitions];
        for (int k = 0; k < partitions; k++) order[k] = (start + k) % partitions;
        this.liveNodes = liveNodes;
        this.mayHold = mayHold;
    }

    List<JobLock> locks() { return List.copyOf(locks); }

    /** One check: confirm, let go beyond the share, take free ones up to it. Never throws (runs on the lock keeper's thread). */
    synchronized void balance() {
        if (!mayHold.getAsBoolean()) { // another partition count runs the rules: two counts must never evaluate at once
            for (int i : order) {
                if (!locks.get(i).held()) continue;
                locks.get(i).close();
                log.atWarn().addKeyValue("partition", i).log("let a rules partition go: the cluster runs with another rules.partitions");
            }
            return;
        }
        try {
            nodes = Math.max(1, liveNodes.getAsInt());
        } catch (RuntimeException e) {
            // Redis away: keep the last count rather than grab or drop partitions on a guess
        }
        int share = (locks.size() + nodes - 1) / nodes;
        int held = 0;
        for (int i : order) if (locks.get(i).held() && locks.get(i).tryHold()) held++;
        for (int k = order.length - 1; k >= 0 && held > share; k--) {
            PostgresJobLock lock = locks.get(order[k]);
            if (!lock.held()) continue;
            lock.close(); // its engine sees the lock gone at its next step; the new owner's epoch fences anything in flight
            held--;
            log.atInfo().addKeyValue("partition", order[k]).addKeyValue("share", share).log("let a rules partition go to another node");
        }
        for (int i : order) {
            if (held >= share) break;
            if (!locks.get(i).held() && locks.get(i).tryHold()) held++;
        }
    }

    @Override
    public synchronized void close() { locks.forEach(PostgresJobLock::close); }
}
