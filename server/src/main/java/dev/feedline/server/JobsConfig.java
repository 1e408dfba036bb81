package dev.feedline.server;

import dev.feedline.store.jdbc.JobQueueSettings;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The job queue's keys (docs/CONFIGURATION.md): jobs.threads, jobs.poll.interval.ms, jobs.heartbeat.seconds (a node
 * silent for 10 heartbeats is taken as dead and its running jobs are run elsewhere), jobs.retry.backoff.ms (the wait
 * before the second attempt, doubling for each further one up to an hour), jobs.prune.after.days.
 */
record JobsConfig(int threads, Duration pollInterval, Duration heartbeat, Duration retryBackoff, Duration pruneAfter) {
    private static final int MISSED_HEARTBEATS = 10;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final int MAX_NODE_NAME = 50;

    static JobsConfig from(Config c) {
        return new JobsConfig(c.atLeast("jobs.threads", 4, 1),
                Duration.ofMillis(c.atLeast("jobs.poll.interval.ms", 1000, 10)),
                Duration.ofSeconds(c.atLeast("jobs.heartbeat.seconds", 30, 1)),
                Duration.ofMillis(c.atLeast("jobs.retry.backoff.ms", 10_000, 1)),
                Duration.ofDays(c.atLeast("jobs.prune.after.days", 7, 1)));
    }

    /** The queue's settings, with this process's name on the jobs it claims (host and process id). */
    JobQueueSettings queueSettings(Duration shutdownWait) {
        return JobQueueSettings.defaults(nodeName())
                .withThreads(threads)
                .withPollingInterval(pollInterval)
                .withHeartbeat(heartbeat, MISSED_HEARTBEATS)
                .withRetryBackoff(retryBackoff, retryBackoff.compareTo(MAX_BACKOFF) > 0 ? retryBackoff : MAX_BACKOFF)
                .withPruneAfter(pruneAfter)
                .withShutdownWait(shutdownWait);
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "feedline";
        }
        String suffix = "-" + ProcessHandle.current().pid();
        return (host.length() + suffix.length() > MAX_NODE_NAME ? host.substring(0, MAX_NODE_NAME - suffix.length()) : host) + suffix;
    }
}
