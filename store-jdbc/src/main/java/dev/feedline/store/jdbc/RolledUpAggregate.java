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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An aggregate in buckets of whole hours, served from the hourly rollups where they are valid and from raw
 * rows elsewhere, merged per bucket. Since buckets and hours are both aligned to the epoch, every hour lies
 * in exactly one bucket. Raw rows are read for: the range's partial first and last hours, the hours at and
 * after the stream's watermark (not rolled up yet), and dirty hours (changed since they were rolled up).
 */
final class RolledUpAggregate {
    private final Dialect dialect;

    RolledUpAggregate(Dialect dialect) { this.dialect = dialect; }

    static boolean applies(long bucketMicros) { return bucketMicros % HOUR_MICROS == 0; }

    /** The buckets, or null when no rolled-up hour lies in the range (the caller then runs the raw query). */
    List<Bucket> aggregate(Connection c, long streamId, TimeRange range, long bucketMicros, AggregateFunction function) throws SQLException {
        Long watermark = watermark(c, streamId);
        if (watermark == null) return null;
        Long from = range.fromMicros();
        Long to = range.toMicros();
        // Whole hours in the range that are rolled up: [fromHour, toHour).
        long fromHour = from == null ? Long.MIN_VALUE : HourlyRollups.ceilHour(from);
        long toHour = to == null ? watermark : Math.min(watermark, HourlyRollups.floorHour(to));
        if (fromHour >= toHour) return null;

        // One statement, hence one snapshot: a dirty mark and the rows it covers are seen together. A watermark
        // read earlier is still right: it only moves forward, and hours between it and a newer one are read raw.
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (from != null && from < fromHour) {
            parts.add(HourlyRollups.rawSummaries(dialect, bucketMicros, "FROM data d WHERE d.stream_id = ? AND d.ts >= ? AND d.ts < ?"));
            params.addAll(List.of(streamId, from, fromHour, streamId, streamId));
        }
        // Grouped by bucket in SQL, so about one row per bucket travels rather than one per hour; a bucket's first
        // (last) point is that of its earliest (latest) hour.
        parts.add("SELECT g.b, g.n, g.s, g.mn, g.mx, f.first_ts, f.first_value, l.last_ts, l.last_value FROM (SELECT "
                + dialect.bucketStart("h.hour", bucketMicros) + " AS b, sum(h.point_count) AS n, sum(h.value_sum) AS s,"
                + " min(h.value_min) AS mn, max(h.value_max) AS mx, min(h.hour) AS fh, max(h.hour) AS lh FROM data_hourly h"
                + " WHERE h.stream_id = ? AND h.hour >= ? AND h.hour < ?"
                + " AND NOT EXISTS (SELECT 1 FROM rollup_dirty r WHERE r.stream_id = h.stream_id AND r.hour = h.hour) GROUP BY b) g"
                + " JOIN data_hourly f ON f.stream_id = ? AND f.hour = g.fh JOIN data_hourly l ON l.stream_id = ? AND l.hour = g.lh");
        params.addAll(List.of(streamId, fromHour, toHour, streamId, streamId));
        parts.add(HourlyRollups.rawSummaries(dialect, bucketMicros, "FROM rollup_dirty r JOIN data d ON d.stream_id = r.stream_id"
                + " AND d.ts >= r.hour AND d.ts < r.hour + " + HOUR_MICROS + " WHERE r.stream_id = ? AND r.hour >= ? AND r.hour < ?"));
        params.addAll(List.of(streamId, fromHour, toHour, streamId, streamId));
        if (to == null || toHour < to) {
            List<Object> after = new ArrayList<>(List.of(streamId, toHour));
            String rows = "FROM data d WHERE d.stream_id = ? AND d.ts >= ?";
            if (to != null) {
                rows += " AND d.ts < ?";
                after.add(to);
            }
            parts.add(HourlyRollups.rawSummaries(dialect, bucketMicros, rows));
            params.addAll(after);
            params.addAll(List.of(streamId, streamId));
        }

        Map<Long, Summary> buckets = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(String.join(" UNION ALL ", parts))) {
            Jdbc.bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Summary part = Summary.read(rs);
                    buckets.merge(part.bucket(), part, Summary::merge);
                }
            }
        }
        return buckets.values().stream().map(s -> s.toBucket(function)).toList();
    }

    private static Long watermark(Connection c, long streamId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolled_until FROM rollup_state WHERE stream_id = ?")) {
            ps.setLong(1, streamId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
