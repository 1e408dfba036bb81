package dev.feedline.store.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How the job queue runs: threads per node, how often an idle node looks for due jobs, how long a running
 * job's node may stay silent before another node takes the job over (heartbeat interval times missed
 * heartbeats), the retry back-off (doubling from retryBackoff up to maxBackoff), how long finished job
 * records are kept, and how long stop() waits for running attempts.
 */
public record JobQueueSettings(String nodeName, int threads, Duration pollingInterval, Duration heartbeatInterval,
                               int missedHeartbeats, Duration retryBackoff, Duration maxBackoff, Duration pruneAfter,
                               Duration shutdownWait) {
    public JobQueueSettings {
        Objects.requireNonNull(nodeName, "nodeName");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        // db-scheduler's own floor: fewer would take a busy node for a dead one.
        if (missedHeartbeats < 4) throw new IllegalArgumentException("missedHeartbeats must be at least 4");
        for (Duration d : new Duration[] {pollingInterval, heartbeatInterval, retryBackoff, maxBackoff, pruneAfter, shutdownWait}) {
            if (d == null || d.isNegative()) throw new IllegalArgumentException("durations must be zero or more");
        }
    }

    /** The server's defaults: 4 threads, 1 s polling, a node silent for 5 minutes is taken as dead, 7 days of records. */
    public static JobQueueSettings defaults(String nodeName) {
        return new JobQueueSettings(nodeName, 4, Duration.ofSeconds(1), Duration.ofSeconds(30), 10,
            Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofDays(7), Duration.ofSeconds(10));
    }

    public JobQueueSettings withThreads(int n) {
        return new JobQueueSettings(nodeName, n, pollingInterval, heartbeatInterval, missedHeartbeats, retryBackoff, maxBackoff, pruneAfter, shutdownWait);
    }

    public JobQueueSettings withPollingInterval(Duration d) {
        return new JobQueueSettings(nodeName, threads, d, heartbeatInterval, missedHeartbeats, retryBackoff, maxBackoff, pruneAfter, shutdownWait);
    }

    public JobQueueSettings withHeartbeat(Duration interval, int missed) {
        return new JobQueueSettings(nodeName, threads, pollingInterval, interval, missed, retryBackoff, maxBackoff, pruneAfter, shutdownWait);
    }

    public JobQueueSettings withRetryBackoff(Duration first, Duration max) {
        return new JobQueueSettings(nodeName, threads, pollingInterval, heartbeatInterval, missedHeartbeats, first, max, pruneAfter, shutdownWait);
    }

    public JobQueueSettings withPruneAfter(Duration d) {
        return new JobQueueSettings(nodeName, threads, pollingInterval, heartbeatInterval, missedHeartbeats, retryBackoff, maxBackoff, d, shutdownWait);
    }

    public JobQueueSettings withShutdownWait(Duration d) {
        return new JobQueueSettings(nodeName, threads, pollingInterval, heartbeatInterval, missedHeartbeats, retryBackoff, maxBackoff, pruneAfter, d);
    }
}
