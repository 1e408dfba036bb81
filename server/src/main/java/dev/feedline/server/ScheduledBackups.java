package dev.feedline.server;

import dev.feedline.core.cluster.JobLock;
import dev.feedline.server.ops.OnlineBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's periodic backup ({@link BackupConfig}): an {@link OnlineBackup} named by its time into backup.dir,
 * then the retention of backup.keep.count and backup.keep.days over the files it named (others in the folder are
 * left alone). Runs on the background thread, on the job lock's holder.
 */
final class ScheduledBackups {
    private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);
    static final String PREFIX = "feedline-backup-";
    static final String SUFFIX = ".zip";
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private final BackupConfig config;
    private final Path database;
    private final Path dataDir;
    private final Clock clock;
    private final JobLock lock;

    ScheduledBackups(BackupConfig config, Path database, Path dataDir, Clock clock, JobLock lock) {
        this.config = config;
        this.database = database;
        this.dataDir = dataDir;
        this.clock = clock;
        this.lock = lock;
    }

    /** Schedules the backups when they are configured (SQLite only, which BackupConfig already made sure of). */
    static void schedule(Settings settings, ScheduledExecutorService background, Clock clock, JobLock lock) {
        BackupConfig config = settings.backup();
        if (!config.enabled()) return;
        Path db = DataDirectory.sqliteFile(settings.dbUrl()).orElseThrow();
        ScheduledBackups backups = new ScheduledBackups(config, db, settings.dataDir(), clock, lock);
        long every = config.interval().toMillis();
        background.scheduleWithFixedDelay(backups::runQuietly, backups.firstDelay(clock.instant()).toMillis(), every, TimeUnit.MILLISECONDS);
    }

    /**
     * When the first backup after a start is due: an interval after the newest one in backup.dir, but at least a minute
     * after start (so it does not compete with start-up). Counting from the start alone would mean a server restarted
     * more often than the interval never backs up.
     */
    Duration firstDelay(Instant now) {
        Instant due = backups().stream().findFirst().map(newest -> takenAt(newest).plus(config.interval())).orElse(now);
        Duration wait = Duration.between(now, due);
        return wait.compareTo(FIRST_RUN) < 0 ? FIRST_RUN : wait;
    }

    /** One backup and the retention after it; returns the new backup. */
    Path run() throws IOException {
        Files.createDirectories(config.dir());
        Instant now = clock.instant();
        Path target = config.dir().resolve(PREFIX + NAME_TIME.format(now) + SUFFIX);
        new OnlineBackup(clock, FeedlineServer.version()).create(database, dataDir, target);
        log.atInfo().addKeyValue("file", target).addKeyValue("bytes", Files.size(target)).log("scheduled backup written");
        prune(now);
        return target;
    }

    /** Deletes this schedule's backups beyond the newest keep.count, and those older than keep.days; never the newest. */
    void prune(Instant now) throws IOException {
        List<Path> backups = backups();
        for (int i = 1; i < backups.size(); i++) {
            Path p = backups.get(i);
            boolean tooMany = i >= config.keepCount();
            boolean tooOld = !config.keepAge().isZero() && takenAt(p).isBefore(now.minus(config.keepAge()));
            if (tooMany || tooOld) {
                Files.deleteIfExists(p);
                log.atInfo().addKeyValue("file", p).log("deleted an old scheduled backup");
            }
        }
    }

    /** This schedule's backups in backup.dir, newest first (their names sort by time); none when the folder is missing or unreadable. */
    private List<Path> backups() {
        try (Stream<Path> list = Files.list(config.dir())) {
            return list.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX) && Files.isRegularFile(p);
            }).sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** The time in a backup's name (the file's own time may have changed when it was copied); unreadable names count as old. */
    private static Instant takenAt(Path backup) {
        String n = backup.getFileName().toString();
        try {
            return Instant.from(NAME_TIME.parse(n.substring(PREFIX.length(), n.length() - SUFFIX.length())));
        } catch (java.time.DateTimeException | IndexOutOfBoundsException e) {
            return Instant.EPOCH;
        }
    }

    private void runQuietly() {
        if (!lock.tryHold()) return;
        try {
            run();
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("dir", config.dir()).setCause(e).log("scheduled backup failed; will retry at the next interval");
        }
    }
}
