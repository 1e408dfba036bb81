package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.DataPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcStorageRestartTest {
    @TempDir
    Path tempDir;

    @Test
    void reopeningKeepsDataAndMigrationsRunOnce() throws SQLException {
        Path file = tempDir.resolve("nested/dir/feedline.db");
        String url = "jdbc:sqlite:" + file;
        Instant now = Instant.parse("2024-01-01T00:00:00.000001Z");
        try (JdbcStorage storage = JdbcStorage.open(url, null, null, 2)) {
            storage.metadata().accounts().create("a@example.com", "ann", "Ann", "h", false, now);
            storage.timeSeries().append(List.of(DataPoint.numeric(1, 10, 1.5)));
        }
        assertThat(Files.exists(file)).isTrue();
        try (JdbcStorage storage = JdbcStorage.open(url, null, null, 2)) {
            assertThat(storage.metadata().accounts().byUsername("ann")).map(a -> a.createdAt()).contains(now);
            assertThat(storage.timeSeries().range(List.of(1L), TimeRange.ALL, PageRequest.ALL))
                    .containsExactly(DataPoint.numeric(1, 10, 1.5));
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(success), count(DISTINCT version) FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL")) {
            rs.next();
            // every migration succeeded, each ran once (not pinned to today's number of migrations)
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(4).isEqualTo(rs.getInt(2)).isEqualTo(rs.getInt(3));
        }
    }

    @Test
    void connectionsUseWalFullSyncForeignKeysAndIngestSizedCache() throws SQLException {
        try (JdbcStorage storage = JdbcStorage.open("jdbc:sqlite:" + tempDir.resolve("p.db"), null, null, 1)) {
            assertThat(storage.metadata().inTransaction(() -> true)).isTrue();
        }
        try (JdbcStorage storage = JdbcStorage.open("jdbc:sqlite:" + tempDir.resolve("p.db"), null, null, 1);
             Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(pragma(st, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(st, "synchronous")).isEqualTo("2");
            assertThat(pragma(st, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(st, "busy_timeout")).isEqualTo("10000");
            assertThat(pragma(st, "cache_size")).isEqualTo("-16384");
            assertThat(pragma(st, "wal_autocheckpoint")).isEqualTo("10000");
        }
    }

    private static String pragma(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
