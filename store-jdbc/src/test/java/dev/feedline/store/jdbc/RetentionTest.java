package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.DataPoint;
import dev.feedline.model.ValueType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retention on both engines: the same rows go; on PostgreSQL whole months go as partitions. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2025-06-15T00:00:00Z");
    private static final Instant MARCH = Instant.parse("2025-03-10T00:00:00Z");
    private static final Instant MAY = Instant.parse("2025-05-10T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2025-06-10T00:00:00Z");

    @TempDir
    Path tempDir;
    private JdbcStorage storage;
    private long orgA;
    private long orgB;
    private long streamA;
    private long streamB;

    @AfterEach
    void close() { storage.close(); }

    private void open(String engine) {
        String url = engine.equals("postgresql") ? EmbeddedPostgresServer.newDatabase() : "jdbc:sqlite:" + tempDir.resolve("r.db");
        storage = JdbcStorage.open(url, null, null, 2);
        MetadataStore m = storage.metadata();
        long account = m.accounts().create("a@example.com", "ann", "Ann", "h", false, NOW).id();
        orgA = m.orgs().create("a", "A", null, account, NOW).id();
        orgB = m.orgs().create("b", "B", null, account, NOW).id();
        streamA = stream(m, orgA, "s--a");
        streamB = stream(m, orgB, "s--b");
        for (long stream : List.of(streamA, streamB)) {
            storage.timeSeries().append(List.of(point(stream, MARCH), point(stream, MAY), point(stream, JUNE)));
        }
    }

    private static long stream(MetadataStore m, long org, String slug) {
        long project = m.projects().create(org, "p", null, 1, NOW).id();
        long variable = m.variables().create(project, 1, "v", null, null, NOW).id();
        return m.streams().createIfAbsent(slug, org, project, 0, variable, null, ValueType.NUMERIC, NOW).id();
    }

    private static DataPoint point(long stream, Instant at) { return DataPoint.numeric(stream, Time.micros(at), 1); }

    private List<Instant> left(long stream) {
        return storage.timeSeries().range(List.of(stream), TimeRange.ALL, PageRequest.ALL).stream()
                .map(p -> Time.instant(p.timestampMicros())).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void withoutRetentionEverythingIsKept(String engine) {
        open(engine);
        Retention.Result result = storage.retention().enforce(Map.of(), NOW);
        assertThat(result.droppedPartitions()).isEmpty();
        assertThat(result.deletedRows()).isZero();
        assertThat(left(streamA)).containsExactly(MARCH, MAY, JUNE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anOrgWithoutRetentionKeepsItsDataAndBlocksPartitionDrops(String engine) {
        open(engine);
        Retention.Result result = storage.retention().enforce(Map.of(orgA, Duration.ofDays(20)), NOW);
        assertThat(result.droppedPartitions()).isEmpty();
        assertThat(left(streamA)).containsExactly(JUNE);
        assertThat(left(streamB)).containsExactly(MARCH, MAY, JUNE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void whenEveryOrgExpiresOldMonthsAreDroppedWholeAndShorterRetentionsDeleteRows(String engine) throws SQLException {
        open(engine);
        // The longest retention, 50 days, cuts on 2025-04-26: March's partition ends before it and goes whole.
        Retention.Result result = storage.retention().enforce(Map.of(orgA, Duration.ofDays(20), orgB, Duration.ofDays(50)), NOW);

        assertThat(left(streamA)).containsExactly(JUNE);
        assertThat(left(streamB)).containsExactly(MAY, JUNE);
        if (engine.equals("postgresql")) {
            assertThat(result.droppedPartitions()).containsExactly("data_y2025m03");
            assertThat(result.deletedRows()).isEqualTo(1);
            assertThat(partitionExists("data_y2025m03")).isFalse();
            // A late point for a dropped month gets its partition back.
            storage.timeSeries().append(List.of(point(streamB, MARCH)));
            assertThat(partitionExists("data_y2025m03")).isTrue();
        } else {
            assertThat(result.droppedPartitions()).isEmpty();
            assertThat(result.deletedRows()).isEqualTo(3);
        }
    }

    private boolean partitionExists(String name) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname = '" + name + "'")) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }
}
