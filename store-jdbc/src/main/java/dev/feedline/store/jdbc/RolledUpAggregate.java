package dev.feedline.store.jdbc;

import static dev.feedline.store.jdbc.HourlyRollups.HOUR_MICROS;
import static dev.feedline.store.jdbc.HourlyRollups.MINUTE_MICROS;

import dev.feedline.core.port.RangeSummary;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An aggregate in buckets of at least an hour, served from the hourly rollups where they are valid and from raw
 * rows elsewhere, merged per bucket. Buckets and hours are both aligned to the epoch, so an hour lies wholly in
 * one bucket unless a bucket boundary falls inside it (a "cut" hour: only when the width is not a whole number
 * of hours, and at most one hour per boundary). Raw rows are read for: the range's partial first and last hours,
 * the hours at and after the stream's watermark (not rolled up yet), dirty hours (changed since they were rolled
 * up) and cut hours (their rollup row would mix two buckets). A cut hour whose minutes are rolled up (a dense
 * hour, see {@link HourlyRollups}) and that is not dirty is read from them instead, except for the minute its
 * boundary cuts.
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

        /** The boundaries in [fromHour, toHour) that are not on an hour: each cuts one hour, and no hour is cut twice. */
        List<Long> cuts(long fromHour, long toHour) {
            List<Long> boundaries = new ArrayList<>();
            for (long boundary = start(fromHour) + width; boundary < toHour; boundary += width) {
                if (Math.floorMod(boundary, HOUR_MICROS) != 0) boundaries.add(boundary);
            }
            return boundaries;
        }

        /** The hours in [fromHour, toHour) with a boundary after their start. */
        List<Long> cutHours(long fromHour, long toHour) {
            return cuts(fromHour, toHour).stream().map(HourlyRollups::floorHour).toList();
        }

        /** SQL true for the span (an hour or a minute) starting at {@code start} when no boundary cuts it: its first and last µs share a bucket. */
        String whole(Dialect dialect, String start, long spanMicros) {
            return dialect.bucketStart(start, width) + " = " + dialect.bucketStart("(" + start + " + " + (spanMicros - 1) + ")", width);
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
        parts.add(HourlyRollups.rolledUpSummaries(dialect, bucketMicros, "data_hourly", "hour", "FROM data_hourly d"
                + " WHERE d.stream_id = ? AND d.hour >= ? AND d.hour < ? AND " + buckets.whole(dialect, "d.hour", HOUR_MICROS)
                + " AND NOT EXISTS (SELECT 1 FROM rollup_dirty r WHERE r.stream_id = d.stream_id AND r.hour = d.hour)"));
        params.addAll(List.of(streamId, fromHour, toHour, streamId, streamId));
        parts.add(HourlyRollups.rawSummaries(dialect, bucketMicros, "FROM rollup_dirty r JOIN data d ON d.stream_id = r.stream_id"
                + " AND d.ts >= r.hour AND d.ts < r.hour + " + HOUR_MICROS + " WHERE r.stream_id = ? AND r.hour >= ? AND r.hour < ?"
                + " AND " + buckets.whole(dialect, "r.hour", HOUR_MICROS)));
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

        // Cut hours: from their minutes where they have minute rollups and are not dirty, else raw. Each is one
        // primary-key range (a scan of all rows with a computed predicate would cost what the raw query does), in
        // statements of bounded parameters.
        List<Long> cuts = buckets.cuts(fromHour, toHour);
        for (int i = 0; i < cuts.size(); i += CUT_HOURS_PER_STATEMENT) {
            List<Long> boundaries = cuts.subList(i, Math.min(cuts.size(), i + CUT_HOURS_PER_STATEMENT));
            Set<Long> byMinute = hoursWithMinutes(c, streamId, boundaries.stream().map(HourlyRollups::floorHour).toList());
            List<Long> rawHours = new ArrayList<>();
            List<Long> minuteHours = new ArrayList<>();
            List<Long> cutMinutes = new ArrayList<>();
            for (long boundary : boundaries) {
                long hour = HourlyRollups.floorHour(boundary);
                if (!byMinute.contains(hour)) {
                    rawHours.add(hour);
                } else {
                    minuteHours.add(hour);
                    if (Math.floorMod(boundary, MINUTE_MICROS) != 0) cutMinutes.add(Math.floorDiv(boundary, MINUTE_MICROS) * MINUTE_MICROS);
                }
            }
            readRaw(c, streamId, rawHours, HOUR_MICROS, bucketMicros, summaries);
            readRaw(c, streamId, cutMinutes, MINUTE_MICROS, bucketMicros, summaries);
            if (!minuteHours.isEmpty()) {
                String rows = dialect.rowsInSpans(values(minuteHours.size()), HOUR_MICROS, "data_minutely", "minute",
                        "minute, " + HourlyRollups.ROLLED_UP_COLUMNS) + " AND " + buckets.whole(dialect, "d.minute", MINUTE_MICROS);
                List<Object> minuteParams = new ArrayList<>(minuteHours);
                minuteParams.addAll(List.of(streamId, streamId, streamId));
                read(c, HourlyRollups.rolledUpSummaries(dialect, bucketMicros, "data_minutely", "minute", rows), minuteParams, summaries);
            }
        }
        // Raw parts also report buckets of text points only: the aggregate has no bucket there.
        return summaries.values().stream().filter(s -> s.count() > 0).map(s -> s.toBucket(function)).toList();
    }

    /** A bucket wider than any timestamp: every summary of {@link #summary} falls in one or two (before and after the epoch). */
    private static final long ONE_BUCKET = 1L << 61;

    /**
     * The points of the stream in [from, to) summarized, from the rollups where they are valid: whole hours below the
     * watermark that are not dirty from data_hourly, whole minutes of the range's partial first and last hours from
     * data_minutely where those hours have minutes and are not dirty, and raw rows elsewhere (partial minutes, sparse
     * or dirty hours, everything at and after the watermark). So the raw rows read are at most two partial minutes of
     * dense hours, two sparse partial hours (under {@link HourlyRollups#DENSE_HOUR} points each), dirty hours and
     * what is not rolled up yet. The count of all points (text ones too) takes the rollup rows' row_count where it is
     * known, and counts raw rows (no value travels) for the hours and minutes whose rollup lacks it: those with no
     * numeric value (no row) and those rolled up before V32; without {@code countAll} it counts only the numeric points
     * and runs none of those statements. Runs several statements: the caller runs it in one read transaction
     * ({@link Jdbc#inOwnSnapshot}).
     */
    RangeSummary summary(Connection c, long streamId, long from, long to, boolean countAll) throws SQLException {
        Long watermark = watermark(c, streamId);
        long end = watermark == null ? from : Math.max(from, Math.min(to, watermark)); // [from, end) may be rolled up
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        long fromHour = HourlyRollups.ceilHour(from);
        long toHour = HourlyRollups.floorHour(end);
        List<long[]> partial = new ArrayList<>();
        List<long[]> counted = new ArrayList<>(); // spans whose every row the parts count: the rest is counted at the end
        if (from < end) {
            if (fromHour < toHour) {
                parts.add(HourlyRollups.rolledUpSummaries(dialect, ONE_BUCKET, "data_hourly", "hour", "FROM data_hourly d"
                        + " WHERE d.stream_id = ? AND d.hour >= ? AND d.hour < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM rollup_dirty r WHERE r.stream_id = d.stream_id AND r.hour = d.hour)"));
                params.addAll(List.of(streamId, fromHour, toHour, streamId, streamId));
                parts.add(HourlyRollups.rawSummaries(dialect, ONE_BUCKET, "FROM rollup_dirty r JOIN data d ON d.stream_id = r.stream_id"
                        + " AND d.ts >= r.hour AND d.ts < r.hour + " + HOUR_MICROS + " WHERE r.stream_id = ? AND r.hour >= ? AND r.hour < ?"));
                params.addAll(List.of(streamId, fromHour, toHour));
                if (countAll) counted.addAll(spans(c, "SELECT d.hour FROM data_hourly d WHERE d.stream_id = ? AND d.hour >= ? AND d.hour < ? AND d.row_count IS NOT NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM rollup_dirty r WHERE r.stream_id = d.stream_id AND r.hour = d.hour)"
                        + " UNION ALL SELECT hour FROM rollup_dirty WHERE stream_id = ? AND hour >= ? AND hour < ?", HOUR_MICROS,
                        streamId, fromHour, toHour, streamId, fromHour, toHour));
            }
            if (fromHour > toHour) {
                partial.add(new long[] {from, end}); // inside one hour
            } else {
                if (from < fromHour) partial.add(new long[] {from, fromHour});
                if (toHour < end) partial.add(new long[] {toHour, end});
            }
        }
        Set<Long> byMinute = partial.isEmpty() ? Set.of()
                : hoursWithMinutes(c, streamId, partial.stream().map(p -> HourlyRollups.floorHour(p[0])).toList());
        List<long[]> raw = new ArrayList<>();
        for (long[] p : partial) {
            long fromMinute = -Math.floorDiv(-p[0], MINUTE_MICROS) * MINUTE_MICROS;
            long toMinute = Math.floorDiv(p[1], MINUTE_MICROS) * MINUTE_MICROS;
            if (!byMinute.contains(HourlyRollups.floorHour(p[0])) || fromMinute >= toMinute) {
                raw.add(p);
                continue;
            }
            parts.add(HourlyRollups.rolledUpSummaries(dialect, ONE_BUCKET, "data_minutely", "minute",
                    "FROM data_minutely d WHERE d.stream_id = ? AND d.minute >= ? AND d.minute < ?"));
            params.addAll(List.of(streamId, fromMinute, toMinute, streamId, streamId));
            if (countAll) counted.addAll(spans(c, "SELECT minute FROM data_minutely WHERE stream_id = ? AND minute >= ? AND minute < ? AND row_count IS NOT NULL",
                    MINUTE_MICROS, streamId, fromMinute, toMinute));
            raw.add(new long[] {p[0], fromMinute});
            raw.add(new long[] {toMinute, p[1]});
        }
        raw.add(new long[] {end, to}); // not rolled up yet
        for (long[] r : raw) {
            if (r[0] >= r[1]) continue;
            parts.add(HourlyRollups.rawSummaries(dialect, ONE_BUCKET, "FROM data d WHERE d.stream_id = ? AND d.ts >= ? AND d.ts < ?"));
            params.addAll(List.of(streamId, r[0], r[1]));
            counted.add(r);
        }
        Map<Long, Summary> merged = new TreeMap<>();
        if (!parts.isEmpty()) read(c, String.join(" UNION ALL ", parts), params, merged);
        RangeSummary out = RangeSummary.EMPTY;
        long points = 0;
        for (Summary s : merged.values()) { // oldest bucket first
            out = out.then(new RangeSummary(0, s.count(), s.sum(), s.min(), s.max(), s.firstValue(), s.lastValue()));
            points += s.rows();
        }
        return countAll ? out.withPoints(points + uncounted(c, streamId, from, to, counted)) : out.withPoints(out.count());
    }

    /** The spans (start, start + width) whose starts the query selects. */
    private static List<long[]> spans(Connection c, String sql, long width, Object... params) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new long[] {rs.getLong(1), rs.getLong(1) + width});
            }
        }
        return out;
    }

    /** Spans counted per statement: one primary-key range count each. */
    private static final int GAPS_PER_STATEMENT = 200;

    /** The rows of the stream in [from, to) outside the (disjoint) counted spans, counted by the database. */
    private static long uncounted(Connection c, long streamId, long from, long to, List<long[]> counted) throws SQLException {
        counted.sort(java.util.Comparator.comparingLong(span -> span[0]));
        List<long[]> gaps = new ArrayList<>();
        long at = from;
        for (long[] span : counted) {
            if (span[0] > at) gaps.add(new long[] {at, span[0]});
            at = Math.max(at, span[1]);
        }
        if (at < to) gaps.add(new long[] {at, to});
        long n = 0;
        for (int i = 0; i < gaps.size(); i += GAPS_PER_STATEMENT) {
            List<long[]> chunk = gaps.subList(i, Math.min(gaps.size(), i + GAPS_PER_STATEMENT));
            List<Object> params = new ArrayList<>();
            for (long[] g : chunk) params.addAll(List.of(streamId, g[0], g[1]));
            String sql = String.join(" UNION ALL ", Collections.nCopies(chunk.size(), "SELECT count(*) FROM data WHERE stream_id = ? AND ts >= ? AND ts < ?"));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Jdbc.bind(ps, params.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    /** "(VALUES (?), ...)" of n parameters. */
    private static String values(int n) {
        return "(VALUES " + String.join(", ", Collections.nCopies(n, "(?)")) + ")";
    }

    /** Reads the raw rows of the spans (their starts, each spanMicros long) into the summaries per bucket. */
    private void readRaw(Connection c, long streamId, List<Long> starts, long spanMicros, long bucketMicros, Map<Long, Summary> summaries)
            throws SQLException {
        if (starts.isEmpty()) return;
        List<Object> params = new ArrayList<>(starts);
        params.add(streamId);
        read(c, HourlyRollups.rawSummaries(dialect, bucketMicros, dialect.rowsInSpans(values(starts.size()), spanMicros, "data", "ts",
                HourlyRollups.RAW_COLUMNS)), params, summaries);
    }

    /** Those of the hours (all below the watermark) whose minutes are rolled up (has_minutes) and that are not dirty. */
    private static Set<Long> hoursWithMinutes(Connection c, long streamId, List<Long> hours) throws SQLException {
        Set<Long> found = new HashSet<>();
        String sql = "SELECT v.column1 FROM " + values(hours.size()) + " v WHERE EXISTS (SELECT 1 FROM data_hourly h WHERE h.stream_id = ?"
                + " AND h.hour = v.column1 AND h.has_minutes = 1) AND NOT EXISTS (SELECT 1 FROM rollup_dirty r"
                + " WHERE r.stream_id = ? AND r.hour = v.column1)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            List<Object> params = new ArrayList<>(hours);
            params.addAll(List.of(streamId, streamId));
            Jdbc.bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) found.add(rs.getLong(1));
            }
        }
        return found;
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
