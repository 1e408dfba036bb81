package dev.feedline.core.userreport;

import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.GeneratedReport;
import dev.feedline.model.UserReport;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Generates scheduled templates when they are due, and deletes generated reports older than the retention. The
 * server calls {@link #tick} every few seconds on the node holding the jobs lock only (one executor in a cluster).
 * A due template gets one generated report for the run it was due for, queued in the transaction that moves its
 * next run on; runs missed while no node ran (a long outage) are skipped, not made up one by one.
 */
public final class ReportScheduler {
    private static final int BATCH = 100;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReportScheduler.class);

    private final MetadataStore store;
    private final UserReports reports;
    private final FileStore files;
    private final Clock clock;

    public ReportScheduler(MetadataStore store, UserReports reports, FileStore files, Clock clock) {
        this.store = store;
        this.reports = reports;
        this.files = files;
        this.clock = clock;
    }

    /** Queues every due template's generation; returns how many. */
    public int tick() {
        Instant now = clock.instant();
        int queued = 0;
        List<UserReport> due;
        int done;
        do {
            due = store.userReports().due(now, BATCH);
            done = 0;
            for (UserReport r : due) {
                try {
                    ReportSchedule schedule = ReportSchedule.of(r.interval(), r.timeOfDay(), r.timezone());
                    // Only the run moves on (compare and set): a PATCH made since due() read the row stays as it is, and
                    // when the template changed (or another node took this run) nothing is queued.
                    boolean mine = store.inTransaction(() -> {
                        if (!store.userReports().advanceNextRun(r.id(), r.nextRunAt(), schedule.next(now))) return false;
                        reports.schedule(r, r.nextRunAt(), r.createdBy());
                        return true;
                    });
                    if (mine) queued++;
                    done++;
                } catch (RuntimeException e) {
                    // One template that cannot be scheduled (a database error) must not hold up the others; it is tried next time.
                    LOG.atWarn().addKeyValue("report", r.id()).setCause(e).log("a due report template could not be scheduled");
                }
            }
        } while (due.size() == BATCH && done > 0);
        return queued;
    }

    /** Deletes generated reports (and their files) created before the retention; returns how many. */
    public int prune() {
        Instant before = clock.instant().minus(reports.limits().keep());
        int pruned = 0;
        List<GeneratedReport> old;
        do {
            old = store.userReports().generatedBefore(before, BATCH);
            for (GeneratedReport g : old) {
                store.userReports().deleteGenerated(g.id());
                ReportFiles.deleteQuietly(files, g);
                pruned++;
            }
        } while (old.size() == BATCH);
        return pruned;
    }
}
