package dev.feedline.server;

import dev.feedline.core.cluster.JobLock;
import dev.feedline.core.data.IngestQueue;
import dev.feedline.store.jdbc.Rollups;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls up ended hours of the time series ({@link Rollups}) so long aggregates stay fast. Every
 * rollup.interval.seconds the background thread finds the streams with work (reads only: a probe or two per
 * stream, which with many streams would otherwise stall ingest) and hands one bounded run of writes to the
 * ingest writer (SQLite admits one writer: a run on another thread would make data commits wait); while a run reports work left, e.g. after a
 * bulk load or an upgrade with old data, the next follows after a short pause, so commits keep their turn.
 *
 * <p>Only the node holding the job lock rolls up (once per cluster); a tick elsewhere does nothing.
 *
 * <p>The gauge feedline_rollups_caught_up_epoch_seconds tells when the newest run that left nothing to do
 * began: aggregates of hours that ended (plus {@link Rollups#GRACE}) before then read rollups. The bench
 * waits on it before timing aggregates.
 */
final class RollupJob {
    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);
    /** Hours per run: a week of one stream, a fraction of a second of the writer's time at 1,000 points an hour. */
    static final int HOURS_PER_RUN = 168;
    private static final Duration CATCH_UP_PAUSE = Duration.ofMillis(50);

    private final Rollups rollups;
    private final IngestQueue ingest;
    private final ScheduledExecutorService background;
    private final Clock clock;
    private final JobLock lock;
    private final AtomicBoolean catchingUp = new AtomicBoolean();
    /** Epoch milliseconds. */
    private final AtomicLong caughtUpAt = new AtomicLong();

    RollupJob(Rollups rollups, IngestQueue ingest, ScheduledExecutorService background, Clock clock, MeterRegistry metrics, JobLock lock) {
        this.rollups = rollups;
        this.lock = lock;
        this.ingest = ingest;
        this.background = background;
        this.clock = clock;
        metrics.gauge("feedline.rollups.caught.up.epoch.seconds", caughtUpAt, millis -> millis.get() / 1000.0);
    }

    void schedule(Duration interval) {
        background.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A periodic tick starts a run unless a catch-up is already under way (one chain of runs at a time) or
     * another node holds the job lock.
     */
    private void tick() {
        if (!lock.tryHold()) return;
        if (catchingUp.compareAndSet(false, true)) submit();
    }

    /** Finds the streams with work here, on the background thread: only the writes go to the ingest writer. */
    private void submit() {
        Instant started = clock.instant();
        List<Long> streams;
        try {
            streams = rollups.streamsWithWork(started);
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("rollup run failed; will retry at the next interval");
            catchingUp.set(false);
            return;
        }
        ingest.runOnWriter(() -> runOnce(started, streams));
    }

    private void runOnce(Instant started, List<Long> streams) {
        boolean more = false;
        try {
            more = rollups.rollUp(clock.instant(), streams, HOURS_PER_RUN).more();
            if (!more) caughtUpAt.set(started.toEpochMilli());
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("rollup run failed; will retry at the next interval");
        }
        if (more) {
            background.schedule(this::submit, CATCH_UP_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            catchingUp.set(false);
        }
    }
}
