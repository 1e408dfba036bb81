package dev.feedline.store.jdbc;

import static dev.feedline.store.jdbc.HourlyRollups.HOUR_MICROS;

import dev.feedline.core.port.TimeRange;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.store.jdbc.HourlyRollups.Summary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An aggregate in buckets of at least an hour, served from the hourly rollups where they are valid and from raw
 * rows elsewhere, merged per bucket. Buckets and hours are both aligned to the epoch, so an hour lies wholly in
 * one bucket unless a bucket boundary falls inside it (a "cut" hour: only when the width is not a whole number
 * of hours, and at most one hour per boundary). Raw rows are read for: the range's partial first and last hours,
 * the hours at and after the stream's watermark (not rolled up yet), dirty hours (changed since they were rolled
 * up) and cut hours (their rollup row would mix two buckets).
 */
final class RolledUpAggregate {
    /** Cut hours per statement, one bound value each: far below SQLite's 32,766 and PostgreSQL's 65,535. */
    static final int CUT_HOURS_PER_STATEMENT = 1_000;

    private final Dialect dialect;

    RolledUpAggregate(Dialect dialect) { this.dialect = dialect; }

    static boolean applies(long bucketMicros) { return bucketMicros >= HOUR_MICROS; }

    /** Epoch-aligned buckets at least an hour wide, and which hours a boundary cuts. */
    record Buckets(long width) {
        Buckets {
            if (!applies(width)) throw new IllegalArgumentException("buckets must be at least an hour wide");
        }

        long start(long micros) { return Math.floorDiv(micros, width) * width; }

        /** The hours in [fromHour, toHour) with a boundary after their start: one per boundary that is not on an hour. */
        List<Long> cutHours(long fromHour, long toHour) {
            List<Long> hours = new ArrayList<>();
            for (long boundary = start(fromHour) + width; boundary < toHour; boundary += width) {
                if (Math.floorMod(boundary, HOUR_MICROS) != 0) hours.add(HourlyRollups.floorHour(boundary));
            }
            return hours;
        }

        /** SQL true for the hour starting at {@code hour} when no boundary cuts it: its first and last µs share a bucket. */
        String whole(Dialect dialect, String hour) {
            return dialect.bucketStart(hour, width) + " = " + dialect.bucketStart("(" + hour + " + " + (HOUR_MICROS - 1) + ")", width);
        }
    }

    /**
     * The buckets, or null when no rolled-up hour lies in the range (the caller then runs the raw query). Runs
     * several statements, so the caller runs it in one read transaction ({@link Jdbc#inOwnSnapshot}): they then
     * see one snapshot, in which the watermark, the dirty marks, the rollups and the raw rows agree.
     */
    List<Bucket> aggregate(Connection c, long streamId, TimeRange range, long bucketMicros, AggregateFunction function) throws SQLException {
        Long watermark = watermark(c, streamId);
        if (watermark == null) return null;
        Long from = range.fromMicros();
        if (from == null) {
            // Cut hours are listed from the range's start on: an open start becomes the first row's hour.
            Long first = firstTimestamp(c, streamId);
            if (first == null) return List.of();
            from = HourlyRollups.floorHour(first);
        }
        Long to = range.toMicros();
        // Whole hours in the range that are rolled up: [fromHour, toHour).
        long fromHour = HourlyRollups.ceilHour(from);
        long toHour = to == null ? watermark : Math.min(watermark, HourlyRollups.floorHour(to));
        if (fromHour >= toHour) return null;
        Buckets buckets = new Buckets(bucketMicros);

        // The rollups and dirty hours read here skip cut hours (same test as Buckets.cutHours); those are read below.
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (from < fromHour) {
            parts.add(HourlyRollups.rawSummaries(dialect, bucketMicros, "FROM data d WHERE d.stream_id = ? AND d.ts >= ? AND d.ts < ?"));
            params.addAll(List.of(streamId, from, fromHour));
        }
        // Grouped by bucket in SQL, so about one row per bucket travels rather than one per hour; a bucket's first
        // (last) point is that of its earliest (latest) hour.
        parts.add("SELECT g.b, g.n, g.s, g.mn, g.mx, f.first_ts, f.first_value, l.last_ts, l.last_value FROM (SELECT "
                + dialect.bucketStart("h.hour", bucketMicros) + " AS b, sum(h.point_count) AS n, sum(h.value_sum) AS s,"
                + " min(h.value_min) AS mn, max(h.value_max) AS mx, min(h.hour) AS fh, max(h.hour) AS lh FROM data_hourly h"
                + " WHERE h.stream_id = ? AND h.hour >= ? AND h.hour < ? AND " + buckets.whole(dialect, "h.hour")
                + " AND NOT EXISTS (SELECT 1 FROM rollup_dirty r WHERE r.stream_id = h.stream_id AND r.hour = h.hour) GROUP BY b) g"
                + " JOIN data_hourly f ON f.stream_id = ? AND f.hour = g.fh JOIN data_hourly l ON l.stream_id = ? AND l.hour = g.lh");
        params.addAll(List.of(streamId, fromHour, toHour, streamId, streamId));
        parts.add(HourlyRollups.rawSummaries(dialect, bucketMicros, "FROM rollup_dirty r JOIN data d ON d.stream_id = r.stream_id"
                + " AND d.ts >= r.hour AND d.ts < r.hour + " + HOUR_MICROS + " WHERE r.stream_id = ? AND r.hour >= ? AND r.hour < ?"
                + " AND " + buckets.whole(dialect, "r.hour")));
        params.addAll(List.of(streamId, fromHour, toHour));
        if (to == null || toHour < to) {
            List<Object> after = new ArrayList<>(List.of(streamId, toHour));
            String rows = "FROM data d WHERE d.stream_id = ? AND d.ts >= ?";
            if (to != null) {
                rows += " AND d.ts < ?";
                after.add(to);
            }
            parts.add(HourlyRollups.rawSummaries(dialect, bucketMicros, rows));
            params.addAll(after);
        }
        Map<Long, Summary> summaries = new TreeMap<>();
        read(c, String.join(" UNION ALL ", parts), params, summaries);

        // Cut hours, dirty or not, read raw: one primary-key range per hour (a scan of all rows with a computed
        // predicate would cost what the raw query does), split across statements to bound their parameters.
        List<Long> cut = buckets.cutHours(fromHour, toHour);
        for (int i = 0; i < cut.size(); i += CUT_HOURS_PER_STATEMENT) {
            List<Long> chunk = cut.subList(i, Math.min(cut.size(), i + CUT_HOURS_PER_STATEMENT));
            List<Object> chunkParams = new ArrayList<>(chunk);
            chunkParams.add(streamId);
            String hours = "(VALUES " + String.join(", ", Collections.nCopies(chunk.size(), "(?)")) + ")";
            read(c, HourlyRollups.rawSummaries(dialect, bucketMicros, dialect.rowsInHours(hours)), chunkParams, summaries);
        }
        return summaries.values().stream().map(s -> s.toBucket(function)).toList();
    }

    /** Runs a summary query and merges its rows into the summaries per bucket. */
    private static void read(Connection c, String sql, List<Object> params, Map<Long, Summary> summaries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Summary part = Summary.read(rs);
                    summaries.merge(part.bucket(), part, Summary::merge);
                }
            }
        }
    }

    private static Long watermark(Connection c, long streamId) throws SQLException {
        return first(c, "SELECT rolled_until FROM rollup_state WHERE stream_id = ?", streamId);
    }

    private static Long firstTimestamp(Connection c, long streamId) throws SQLException {
        return first(c, "SELECT ts FROM data WHERE stream_id = ? ORDER BY ts LIMIT 1", streamId);
    }

    private static Long first(Connection c, String sql, long streamId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, streamId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
