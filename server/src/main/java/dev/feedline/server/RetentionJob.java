package dev.feedline.server;

import dev.feedline.core.cluster.JobLock;
import dev.feedline.core.port.OrgRepository;
import dev.feedline.model.Org;
import dev.feedline.store.jdbc.Retention;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes time series older than their org's retention ({@code retention_days}; orgs without one keep
 * everything). The server runs it periodically on its background thread, on the node holding the job lock
 * (once per cluster); tests call {@link #run} directly and control "now" through the injected clock.
 */
public final class RetentionJob {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private final OrgRepository orgs;
    private final Retention retention;
    private final Clock clock;
    private final JobLock lock;

    RetentionJob(OrgRepository orgs, Retention retention, Clock clock, JobLock lock) {
        this.orgs = orgs;
        this.retention = retention;
        this.clock = clock;
        this.lock = lock;
    }

    /** Applies every org's retention as of the clock's now; returns what was removed. */
    public Retention.Result run() {
        Map<Long, Duration> byOrg = orgs.withRetention().stream()
                .collect(Collectors.toMap(Org::id, o -> Duration.ofDays(o.retentionDays()), (a, b) -> a));
        Retention.Result result = retention.enforce(byOrg, clock.instant());
        if (result.deletedRows() > 0 || !result.droppedPartitions().isEmpty()) {
            log.atInfo().addKeyValue("dropped_partitions", result.droppedPartitions()).addKeyValue("deleted_rows", result.deletedRows())
                    .log("retention removed expired data");
        }
        return result;
    }

    /**
     * {@link #run} if this node holds the job lock, logging instead of throwing, for the scheduler (an exception
     * would cancel later runs).
     */
    void runQuietly() {
        if (!lock.tryHold()) return;
        try {
            run();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("retention run failed; will retry at the next interval");
        }
    }
}
