package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.DataPoint;
import dev.feedline.model.ValueType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresPartitionTest {
    private String url;
    private JdbcStorage storage;
    private YearMonth monthBeforeOpen;

    @BeforeEach
    void open() {
        url = EmbeddedPostgresServer.newDatabase();
        monthBeforeOpen = YearMonth.now(ZoneOffset.UTC);
        storage = JdbcStorage.open(url, null, null, 2);
    }

    @AfterEach
    void close() { storage.close(); }

    private static long micros(String instant) { return Time.micros(Instant.parse(instant)); }

    @Test
    void startCreatesThisMonthAndTwoAhead() throws SQLException {
        // The storage opened in a month between these two readings; they differ only when a month turned
        // meanwhile, and then just the months both "this month and two ahead" share are certain.
        YearMonth monthAfterOpen = YearMonth.now(ZoneOffset.UTC);
        List<String> expected = new ArrayList<>();
        for (YearMonth m = monthAfterOpen; !m.isAfter(monthBeforeOpen.plusMonths(2)); m = m.plusMonths(1)) {
            expected.add(MonthlyPartitions.name(m));
        }
        assertThat(partitions()).containsAll(expected);
    }

    @Test
    void pointsLandInTheirMonthsPartitionEvenFarFromNow() throws SQLException {
        List<DataPoint> points = List.of(
                DataPoint.numeric(1, micros("1975-06-15T00:00:00Z"), 1),
                DataPoint.numeric(1, micros("2024-01-31T23:59:59.999999Z"), 2),
                DataPoint.numeric(1, micros("2024-02-01T00:00:00Z"), 3),
                DataPoint.numeric(2, micros("2024-02-10T00:00:00Z"), 4),
                DataPoint.numeric(1, micros("2300-12-01T00:00:00Z"), 5),
                DataPoint.numeric(1, -500, 6));
        storage.timeSeries().append(points);

        assertThat(rowsPerPartition()).isEqualTo(Map.of(
                "data_y1969m12", 1L, "data_y1975m06", 1L, "data_y2024m01", 1L, "data_y2024m02", 2L, "data_y2300m12", 1L));
        assertThat(storage.timeSeries().range(List.of(1L, 2L), TimeRange.ALL, PageRequest.ALL)).hasSize(6);
    }

    @Test
    void aNodeThatStartsLaterKnowsThePartitionsAnotherCreated() {
        long ts = micros("2031-05-05T00:00:00Z");
        storage.timeSeries().append(List.of(DataPoint.numeric(1, ts, 1)));
        try (JdbcStorage other = JdbcStorage.open(url, null, null, 2)) {
            other.timeSeries().append(List.of(DataPoint.numeric(1, ts, 2)));
            assertThat(other.timeSeries().latest(List.of(1L))).containsEntry(1L, DataPoint.numeric(1, ts, 2));
        }
    }

    @Test
    void aPartitionDroppedBehindThisNodesBackIsCreatedAgain() throws SQLException {
        long ts = micros("2031-05-05T00:00:00Z");
        storage.timeSeries().append(List.of(DataPoint.numeric(1, ts, 1)));
        // As another node's retention would.
        try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE data_y2031m05");
        }
        storage.timeSeries().append(List.of(DataPoint.numeric(1, ts, 2), DataPoint.numeric(1, micros("2031-06-05T00:00:00Z"), 3)));
        assertThat(rowsPerPartition()).containsEntry("data_y2031m05", 1L).containsEntry("data_y2031m06", 1L);
    }

    @Test
    void aRejectedBatchWritesNothingButItsPartitionStaysUsable() throws SQLException {
        long ts = micros("2040-03-03T00:00:00Z");
        DataPoint untyped = new DataPoint(1, ts + 1, null, 1.0, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> storage.timeSeries().append(List.of(DataPoint.numeric(1, ts, 1), untyped)))
                .isInstanceOf(StoreException.class);
        assertThat(storage.timeSeries().count(List.of(1L), TimeRange.ALL)).isZero();

        storage.timeSeries().append(List.of(DataPoint.numeric(1, ts, 2)));
        assertThat(rowsPerPartition()).containsEntry("data_y2040m03", 1L);
    }

    @Test
    void largeBatchesSpanSeveralStatementsAndKeepTheLastPointPerKey() {
        List<DataPoint> points = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) points.add(DataPoint.numeric(1, i, i));
        points.add(new DataPoint(1, 7, ValueType.TEXT, null, null, "later", null, null, null, null, null, null));
        storage.timeSeries().append(points);

        assertThat(storage.timeSeries().count(List.of(1L), TimeRange.ALL)).isEqualTo(2_500);
        assertThat(storage.timeSeries().range(List.of(1L), new TimeRange(7L, 8L), PageRequest.ALL))
                .extracting(DataPoint::text).containsExactly("later");
    }

    @Test
    void aStreamsRangeScanReadsOnlyTheMonthsInRangeByItsKey() throws SQLException {
        storage.timeSeries().append(List.of(
                DataPoint.numeric(1, micros("2024-01-10T00:00:00Z"), 1), DataPoint.numeric(1, micros("2024-02-10T00:00:00Z"), 2)));
        String plan;
        try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            // The tables are tiny; forbid the sequential scan the planner would rightly prefer on them.
            st.execute("SET enable_seqscan = off");
            plan = String.join("\n", query(st, "EXPLAIN SELECT * FROM data WHERE stream_id = 1 AND ts >= "
                    + micros("2024-02-01T00:00:00Z") + " AND ts < " + micros("2024-03-01T00:00:00Z") + " ORDER BY ts").keySet());
        }
        assertThat(plan).contains("data_y2024m02").doesNotContain("data_y2024m01").contains("Index");
    }

    private List<String> partitions() throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            return new ArrayList<>(query(st, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'data'::regclass").keySet());
        }
    }

    private Map<String, Long> rowsPerPartition() throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            return query(st, "SELECT tableoid::regclass::text, count(*) FROM data GROUP BY 1");
        }
    }

    /** First column to second (or to 0 when there is none), in first-column order. */
    private static Map<String, Long> query(Statement st, String sql) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            boolean pairs = rs.getMetaData().getColumnCount() > 1;
            while (rs.next()) rows.put(rs.getString(1), pairs ? rs.getLong(2) : 0L);
        }
        return rows;
    }
}
