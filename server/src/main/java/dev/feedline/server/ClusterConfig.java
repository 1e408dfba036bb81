package dev.feedline.server;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The cluster part of the settings. Cluster mode is on when cluster.redis.url is set, and then needs a
 * PostgreSQL db.url (every node shares it). The node id is configured or generated at each start.
 */
public record ClusterConfig(String redisUrl, String nodeId, boolean nodeIdGenerated, Duration nodeTtl, Duration jobLockCheck, int rulePartitions) {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static ClusterConfig from(Config c, String dbUrl) {
        String redisUrl = c.string("cluster.redis.url", null);
        if (redisUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("cluster mode (cluster.redis.url, FEEDLINE_CLUSTER_REDIS_URL) needs PostgreSQL, but db.url"
                    + " (FEEDLINE_DB_URL) is " + (dbUrl.startsWith("jdbc:sqlite:") ? "SQLite, a file only one process can own" : "not a jdbc:postgresql: URL")
                    + ". Set db.url to the jdbc:postgresql:// URL every node shares, or leave cluster.redis.url unset to run a single node.");
        }
        String configured = c.string("cluster.node.id", null);
        if (configured != null && !NODE_ID.matcher(configured).matches()) {
            throw new IllegalArgumentException("configuration cluster.node.id must be 1 to 64 letters, digits, '.', '_' or '-', got '" + configured + "'");
        }
        String nodeId = configured != null ? configured : "node-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new ClusterConfig(redisUrl, nodeId, configured == null,
                Duration.ofSeconds(c.atLeast("cluster.node.ttl.seconds", 10, 1)),
                Duration.ofSeconds(c.atLeast("cluster.job.lock.check.seconds", 5, 1)),
                rulePartitions(c, redisUrl != null));
    }

    /** Whether this node runs in cluster mode. */
    public boolean enabled() { return redisUrl != null; }

    /**
     * rules.partitions: how the rules engine's work is split (docs/RULES.md); every node of a cluster must use the same.
     * By default 4 in a cluster, so nodes share the work, and 1 on a single node: there every partition's engine is a
     * write transaction of its own per commit behind the database's one write lock (SQLite), which took the
     * commit-to-action p99 from 18-36 ms with one partition to 105-260 ms with four (PERFORMANCE.md).
     */
    private static int rulePartitions(Config c, boolean clustered) {
        int v = c.integer("rules.partitions", clustered ? 4 : 1);
        if (v < 1 || v > dev.feedline.core.rule.RulePartitions.MAX) {
            throw new IllegalArgumentException("configuration rules.partitions must be 1 to " + dev.feedline.core.rule.RulePartitions.MAX + ", got " + v);
        }
        return v;
    }
}
