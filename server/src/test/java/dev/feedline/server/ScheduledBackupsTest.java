package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.cluster.JobLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled backups: configuration, one backup per run named by its time, and retention by count and age. */
class ScheduledBackupsTest {
    @TempDir Path tmp;

    @Test
    void keepsTheNewestCountAndDropsTheTooOldButNeverTheNewest() throws Exception {
        Path data = tmp.resolve("data");
        TestServer.start(data, Map.of()).close();
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        BackupConfig config = BackupConfig.from(Config.of(Map.of("backup.interval.hours", "24", "backup.dir", tmp.resolve("b").toString(),
                "backup.keep.count", "3", "backup.keep.days", "2")), data, "jdbc:sqlite:" + data.resolve("feedline.db"));
        ScheduledBackups backups = new ScheduledBackups(config, data.resolve("feedline.db"), data, clock, JobLock.SINGLE_NODE);

        assertThat(backups.firstDelay(clock.instant())).as("none yet: a minute after start").isEqualTo(Duration.ofMinutes(1));
        List<Path> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            made.add(backups.run());
            clock.advance(Duration.ofHours(12));
        }
        assertThat(made.get(0).getFileName().toString()).isEqualTo("feedline-backup-20260101T000000Z.zip");
        assertThat(names()).containsExactly("feedline-backup-20260101T120000Z.zip", "feedline-backup-20260102T000000Z.zip",
                "feedline-backup-20260102T120000Z.zip");

        // After a restart the next one is due an interval after the newest (12:00 on day 2 + 24 h), at least a minute away.
        assertThat(backups.firstDelay(Instant.parse("2026-01-02T18:00:00Z"))).isEqualTo(Duration.ofHours(18));
        assertThat(backups.firstDelay(Instant.parse("2026-01-05T00:00:00Z"))).isEqualTo(Duration.ofMinutes(1));

        clock.advance(Duration.ofDays(10)); // every backup is now older than keep.days; the newest stays anyway
        backups.prune(clock.instant());
        assertThat(names()).containsExactly("feedline-backup-20260102T120000Z.zip");
    }

    @Test
    void settingsRefuseBackupsOnPostgresqlAndInsideTheDataDirectory() {
        Path data = tmp.resolve("data");
        assertThatThrownBy(() -> BackupConfig.from(Config.of(Map.of("backup.interval.hours", "6")), data, "jdbc:postgresql://db/feedline"))
                .hasMessageContaining("pg_dump");
        assertThatThrownBy(() -> BackupConfig.from(Config.of(Map.of("backup.interval.hours", "6", "backup.dir", data.resolve("b").toString())),
                data, "jdbc:sqlite:x.db")).hasMessageContaining("inside data.dir");
        assertThatThrownBy(() -> BackupConfig.from(Config.of(Map.of("backup.keep.count", "0")), data, "jdbc:sqlite:x.db"))
                .hasMessageContaining("backup.keep.count must be at least 1");
        assertThat(BackupConfig.from(Config.of(Map.of()), data, "jdbc:postgresql://db/feedline").enabled()).isFalse();
    }

    private List<String> names() throws Exception {
        try (Stream<Path> list = Files.list(tmp.resolve("b"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
