package dev.feedline.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Scheduled backups (docs/CONFIGURATION.md, docs/OPERATIONS.md): every backup.interval.hours (0, the default, is
 * off) the server writes a backup into backup.dir and then keeps the newest backup.keep.count of them, and of
 * those only the ones younger than backup.keep.days (0: no age limit); the newest is always kept. SQLite only: on
 * PostgreSQL the database's own tools do it (pg_dump, continuous archiving), so turning this on there is refused.
 */
record BackupConfig(Duration interval, Path dir, int keepCount, Duration keepAge) {
    boolean enabled() { return !interval.isZero(); }

    static BackupConfig from(Config c, Path dataDir, String dbUrl) {
        int hours = c.integer("backup.interval.hours", 0);
        if (hours < 0) throw new IllegalArgumentException("configuration backup.interval.hours must be 0 (off) or more, got " + hours);
        Path dir = Path.of(c.string("backup.dir", "./backups")).toAbsolutePath().normalize();
        int keepCount = c.integer("backup.keep.count", 7);
        if (keepCount < 1) throw new IllegalArgumentException("configuration backup.keep.count must be at least 1, got " + keepCount);
        int keepDays = c.integer("backup.keep.days", 0);
        if (keepDays < 0) throw new IllegalArgumentException("configuration backup.keep.days must be 0 (no limit) or more, got " + keepDays);
        if (hours > 0 && !dbUrl.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("configuration backup.interval.hours: scheduled backups are for SQLite; on PostgreSQL use"
                    + " pg_dump or continuous archiving (docs/OPERATIONS.md, \"Backups on PostgreSQL\") and leave it at 0");
        }
        if (hours > 0 && dir.startsWith(dataDir)) {
            throw new IllegalArgumentException("configuration backup.dir " + dir + " is inside data.dir " + dataDir + "; keep backups outside it");
        }
        return new BackupConfig(Duration.ofHours(hours), dir, keepCount, Duration.ofDays(keepDays));
    }
}
