package dev.feedline.store.jdbc;

import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The rollup tables (migrations V7, V8 and V32) and the SQL their three users share: the rollup job
 * ({@link Rollups}) writes them, aggregates ({@link RolledUpAggregate}) read them, and every change to raw
 * rows (appends, deletes, retention) keeps them honest.
 *
 * <p>The invariant: for a stream with watermark W (rollup_state.rolled_until), every hour below W that is not
 * listed in rollup_dirty has a data_hourly row exactly summarizing its raw numeric values, or no row when it
 * has none; and if it has at least {@link #DENSE_HOUR} of them, a data_minutely row for each of its minutes
 * with numeric values and has_minutes = 1 in its hourly row (else has_minutes = 0: the hour's minute rows, if
 * any, are not to be read). A row's row_count (V32) is every raw row of its hour or minute, numeric or not, or
 * NULL when unknown (rolled up before V32, or by an older version): such rows, and hours and minutes without a
 * row, are counted from their raw rows. A transaction that changes raw rows in an hour below W
 * lists that hour in rollup_dirty, in the same transaction; the job removes it once the hour is rolled up
 * again.
 */
final class HourlyRollups {
    static final long HOUR_MICROS = 3_600_000_000L;
    static final long MINUTE_MICROS = 60_000_000L;
    /**
     * Numeric points an hour needs for its minutes to be rolled up as well: ten a minute, so a minute's row
     * (about 80 bytes) costs under a quarter of the raw rows it summarizes. Sparser hours are cheap to read raw.
     */
    static final int DENSE_HOUR = 600;
    /** The columns of data that raw summaries read. */
    static final String RAW_COLUMNS = "stream_id, ts, value";
    /** The columns of a rollup table that {@link #rolledUpSummaries} reads, after its time column. */
    static final String ROLLED_UP_COLUMNS = "stream_id, point_count, value_sum, value_min, value_max, row_count";
    /**
     * The summary columns of data_hourly, in the order every summary query returns them after the bucket; then comes
     * the count of every row (numeric or not, {@link Summary#rows}), which the rollups keep in row_count.
     */
    static final String SUMMARY_COLUMNS = "point_count, value_sum, value_min, value_max, first_ts, first_value, last_ts, last_value";

    private static final int PAIRS_PER_STATEMENT = 500;

    private HourlyRollups() {}

    static long floorHour(long micros) { return Math.floorDiv(micros, HOUR_MICROS) * HOUR_MICROS; }

    static long ceilHour(long micros) { return -Math.floorDiv(-micros, HOUR_MICROS) * HOUR_MICROS; }

    /** An hour (its start, µs) of one stream. */
    record StreamHour(long streamId, long hour) {}

    /**
     * One bucket's worth of numeric values, or part of it: what is needed to merge parts into any
     * {@link AggregateFunction} exactly (up to the order in which sums are added). {@code rows} counts every raw row
     * of the part, numeric or not, as far as it is known (a rollup row's row_count; 0 when NULL); a part without
     * numeric values ({@code count} 0) only adds its rows.
     */
    record Summary(long bucket, long count, double sum, double min, double max, long firstTs, double firstValue, long lastTs, double lastValue,
                   long rows) {
        static Summary read(ResultSet rs) throws SQLException {
            return new Summary(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                    rs.getLong(6), rs.getDouble(7), rs.getLong(8), rs.getDouble(9), rs.getLong(10));
        }

        Summary merge(Summary o) {
            if (o.count == 0) return withRows(rows + o.rows);
            if (count == 0) return o.withRows(rows + o.rows);
            boolean firstHere = firstTs <= o.firstTs;
            boolean lastHere = lastTs >= o.lastTs;
            return new Summary(bucket, count + o.count, sum + o.sum, Math.min(min, o.min), Math.max(max, o.max),
                    firstHere ? firstTs : o.firstTs, firstHere ? firstValue : o.firstValue,
                    lastHere ? lastTs : o.lastTs, lastHere ? lastValue : o.lastValue, rows + o.rows);
        }

        private Summary withRows(long n) { return new Summary(bucket, count, sum, min, max, firstTs, firstValue, lastTs, lastValue, n); }

        Bucket toBucket(AggregateFunction function) {
            double value = switch (function) {
                case AVG -> sum / count;
                case MIN -> min;
                case MAX -> max;
                case SUM -> sum;
                case COUNT -> count;
                case FIRST -> firstValue;
                case LAST -> lastValue;
            };
            return new Bucket(bucket, count, value);
        }
    }

    /**
     * "SELECT bucket, summary columns, rows" of the raw rows that {@code rows} selects, one row per bucket: the
     * summary of the numeric ones, and the count of all (a bucket of text points only has n = 0 and NULL summary
     * columns). {@code rows} is "FROM ... WHERE ..." naming the rows d (stream_id, ts, value) of one stream. The
     * first and last values are read back through the primary key, as the raw aggregate does, by subqueries rather
     * than joins: as joins, when a partition's statistics were missing, PostgreSQL paired every row of the stream
     * with every other before matching them (over 60 s for 13,000 rows).
     */
    static String rawSummaries(Dialect dialect, long bucketMicros, String rows) {
        String numericTs = "CASE WHEN d.value IS NOT NULL THEN d.ts END";
        return "SELECT a.b, a.n, a.s, a.mn, a.mx, a.fts, (SELECT f.value FROM data f WHERE f.stream_id = a.sid AND f.ts = a.fts),"
                + " a.lts, (SELECT l.value FROM data l WHERE l.stream_id = a.sid AND l.ts = a.lts), a.r FROM (SELECT "
                + dialect.bucketStart("d.ts", bucketMicros) + " AS b, min(d.stream_id) AS sid, count(d.value) AS n, sum(d.value) AS s,"
                + " min(d.value) AS mn, max(d.value) AS mx, min(" + numericTs + ") AS fts, max(" + numericTs + ") AS lts, count(*) AS r " + rows
                + " GROUP BY b) a";
    }

    /**
     * "SELECT bucket, summary columns, rows" of the rollup rows d (of {@code table}, whose start is {@code time})
     * that {@code rows} selects ("FROM ... WHERE ..." of one stream), one row per bucket: rows are grouped in SQL so
     * about one row per bucket travels; a bucket's first (last) point is that of its earliest (latest) row,
     * read back by primary key; its rows are those of the rollup rows whose row_count is known. Two parameters
     * follow those of {@code rows}: the stream id, twice.
     */
    static String rolledUpSummaries(Dialect dialect, long bucketMicros, String table, String time, String rows) {
        return "SELECT g.b, g.n, g.s, g.mn, g.mx, f.first_ts, f.first_value, l.last_ts, l.last_value, g.r FROM (SELECT "
                + dialect.bucketStart("d." + time, bucketMicros) + " AS b, sum(d.point_count) AS n, sum(d.value_sum) AS s,"
                + " min(d.value_min) AS mn, max(d.value_max) AS mx, min(d." + time + ") AS fk, max(d." + time + ") AS lk,"
                + " coalesce(sum(d.row_count), 0) AS r " + rows
                + " GROUP BY b) g JOIN " + table + " f ON f.stream_id = ? AND f." + time + " = g.fk JOIN " + table + " l ON l.stream_id = ? AND l."
                + time + " = g.lk";
    }

    /**
     * Lists as dirty the hours that lie below their stream's watermark, in the caller's transaction (which
     * must hold {@link Dialect#lockStreamsForDataWrite}). In the usual in-order case nothing is below the
     * watermark and this only reads rollup_state: no page is written.
     */
    static void markDirty(Connection c, Collection<StreamHour> hours) throws SQLException {
        List<StreamHour> all = new ArrayList<>(hours);
        for (int from = 0; from < all.size(); from += PAIRS_PER_STATEMENT) {
            List<StreamHour> chunk = all.subList(from, Math.min(all.size(), from + PAIRS_PER_STATEMENT));
            // VALUES columns are column1, column2 on both engines; the WHERE keeps SQLite from reading ON CONFLICT as a join's ON.
            String sql = "INSERT INTO rollup_dirty (stream_id, hour) SELECT v.column1, v.column2 FROM (VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?)")) + ") v"
                    + " JOIN rollup_state s ON s.stream_id = v.column1 WHERE v.column2 < s.rolled_until ON CONFLICT DO NOTHING";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(2 * i + 1, chunk.get(i).streamId());
                    ps.setLong(2 * i + 2, chunk.get(i).hour());
                }
                ps.executeUpdate();
            }
        }
    }

    /** Rolls up [fromHour, toHour) of a stream again from its raw rows, replacing what was there: hours, and minutes of dense hours. */
    static void replace(Connection c, Dialect dialect, long streamId, long fromHour, long toHour) throws SQLException {
        update(c, "DELETE FROM data_hourly WHERE stream_id = ? AND hour >= ? AND hour < ?", streamId, fromHour, toHour);
        update(c, "DELETE FROM data_minutely WHERE stream_id = ? AND minute >= ? AND minute < ?", streamId, fromHour, toHour);
        // One range scan of the primary key for all the hours, grouped by hour; dense hours are marked as having minutes.
        // Hours (and below, minutes) without numeric values get no row: their rows are counted raw when needed.
        update(c, "INSERT INTO data_hourly (stream_id, hour, " + SUMMARY_COLUMNS + ", row_count, has_minutes) SELECT ?, x.*, CASE WHEN x.n >= "
                + DENSE_HOUR + " THEN 1 ELSE 0 END FROM (" + rawSummaries(dialect, HOUR_MICROS, "FROM data d WHERE d.stream_id = ? AND d.ts >= ? AND d.ts < ?")
                + ") x WHERE x.n > 0", streamId, streamId, fromHour, toHour);
        // Those dense hours again from their raw rows (one range per hour), grouped by minute.
        String denseHours = "(SELECT hour AS column1 FROM data_hourly WHERE stream_id = ? AND hour >= ? AND hour < ? AND has_minutes = 1)";
        update(c, "INSERT INTO data_minutely (stream_id, minute, " + SUMMARY_COLUMNS + ", row_count) SELECT ?, x.* FROM ("
                + rawSummaries(dialect, MINUTE_MICROS, dialect.rowsInSpans(denseHours, HOUR_MICROS, "data", "ts", RAW_COLUMNS)) + ") x WHERE x.n > 0",
                streamId, streamId, fromHour, toHour, streamId);
    }

    /** Removes a deleted stream's rollups. Its watermark stays: see {@link JdbcTimeSeriesStore#deleteStream}. */
    static void forgetStream(Connection c, long streamId) throws SQLException {
        for (String table : List.of("data_hourly", "data_minutely", "rollup_dirty")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE stream_id = ?")) {
                ps.setLong(1, streamId);
                ps.executeUpdate();
            }
        }
    }

    /**
     * After the raw rows before cutoff were deleted (for the streams that {@code streams} selects, e.g.
     * "stream_id IN (SELECT ...)", or all when null): drops their rollups of hours that begin before it. An
     * hour that the cutoff cuts through lost part of its rows; it is listed dirty so it is read raw until
     * rolled up again, and loses all its minutes (an hour has all of them or none).
     */
    static void forgetBefore(Connection c, long cutoff, String streams, Object... streamParams) throws SQLException {
        String and = streams == null ? "" : " AND " + streams;
        long cutHour = floorHour(cutoff);
        update(c, "DELETE FROM data_hourly WHERE hour < ?" + and, cutoff, streamParams);
        update(c, "DELETE FROM data_minutely WHERE minute < ?" + and, ceilHour(cutoff), streamParams);
        if (cutHour < cutoff) {
            update(c, "INSERT INTO rollup_dirty (stream_id, hour) SELECT stream_id, ? FROM rollup_state WHERE rolled_until > ?" + and
                    + " ON CONFLICT DO NOTHING", cutHour, prepend(cutHour, streamParams));
        }
        update(c, "DELETE FROM rollup_dirty WHERE hour < ?" + and, cutHour, streamParams);
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void update(Connection c, String sql, Object first, Object... rest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, prepend(first, rest));
            ps.executeUpdate();
        }
    }
}
