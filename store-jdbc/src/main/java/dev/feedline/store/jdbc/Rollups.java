package dev.feedline.store.jdbc;

import static dev.feedline.store.jdbc.HourlyRollups.HOUR_MICROS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rollup job: summarizes each stream's hours into data_hourly once they have ended, so long aggregates
 * read one row per hour (see {@link HourlyRollups} for the invariant and {@link RolledUpAggregate} for the
 * reading side). It runs outside the ingest path on purpose: writing rollups per commit would double the
 * page writes of every append.
 *
 * <p>Each call does a bounded amount of work, counted in hours: first the stream's dirty hours, then the
 * hours after its watermark, one range scan of the primary key per chunk. What is left is found again by
 * the next call from the database alone (watermarks, dirty hours, the newest rows), so it survives restarts
 * and any node may run it. Every chunk is its own transaction under {@link Dialect#lockStreamForRollup}.
 * The caller decides when and on which thread (the server: its background schedule, on the ingest writer).
 */
public final class Rollups {
    /**
     * An hour is rolled up this long after it ended: points of devices whose clocks lag a little, or that
     * arrive late, then land before the rollup instead of making the hour dirty.
     */
    static final Duration GRACE = Duration.ofMinutes(5);

    /** What a call did: the hours it rolled up (empty ones it scanned between rows count too), and whether work is left. */
    public record Result(int hours, boolean more) {}

    private record Step(int hours, boolean done) {}

    private final Jdbc jdbc;
    /** Where the previous call stopped, so a long backlog of one stream does not starve the others. */
    private long nextStream = Long.MIN_VALUE;

    Rollups(Jdbc jdbc) { this.jdbc = jdbc; }

    /** Rolls up at most about maxHours hours that ended (plus {@link #GRACE}) before now. */
    public Result rollUp(Instant now, int maxHours) {
        return rollUp(now, streamsWithWork(now), maxHours);
    }

    /**
     * The streams that may have hours to roll up: read-only (one or two index probes per stream), so a caller
     * with a single writer thread can run it elsewhere and hand only {@link #rollUp(Instant, List, int)} to
     * that thread.
     */
    public List<Long> streamsWithWork(Instant now) {
        return streamsWithWork(ended(now));
    }

    private static long ended(Instant now) { return HourlyRollups.floorHour(Time.micros(now.minus(GRACE))); }

    /**
     * Rolls up at most about maxHours hours of these streams (from {@link #streamsWithWork(Instant)}) that
     * ended before now; each stream is looked at again under its lock, so a list that is a little stale is fine.
     */
    public synchronized Result rollUp(Instant now, List<Long> streams, int maxHours) {
        if (maxHours < 1) throw new IllegalArgumentException("maxHours must be at least 1");
        long ended = ended(now);
        // Round robin: start after the stream the previous call stopped at.
        List<Long> order = new ArrayList<>(streams.stream().filter(s -> s >= nextStream).toList());
        order.addAll(streams.stream().filter(s -> s < nextStream).toList());
        int budget = maxHours;
        for (long stream : order) {
            if (budget <= 0) {
                nextStream = stream;
                return new Result(maxHours - budget, true);
            }
            int left = budget;
            Step step = jdbc.inOwnTransaction(c -> rollUpStream(c, stream, ended, left));
            budget -= step.hours();
            if (!step.done()) {
                nextStream = stream;
                return new Result(maxHours - budget, true);
            }
        }
        nextStream = Long.MIN_VALUE;
        return new Result(maxHours - budget, false);
    }

    /** Streams with dirty hours, or with rows between their watermark and the end of the last ended hour. */
    private List<Long> streamsWithWork(long ended) {
        return jdbc.withOwnConnection(c -> {
            Map<Long, Long> watermarks = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT stream_id, rolled_until FROM rollup_state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) watermarks.put(rs.getLong(1), rs.getLong(2));
            }
            Set<Long> dirty = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT stream_id FROM rollup_dirty");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) dirty.add(rs.getLong(1));
            }
            List<Long> work = new ArrayList<>();
            for (long stream : streamIds(c)) {
                if (dirty.contains(stream) || firstUnrolled(c, stream, watermarks.get(stream), ended) != null) work.add(stream);
            }
            return work;
        });
    }

    /**
     * Every stream id in data, one index probe each (a "loose index scan"), which both engines run from the
     * primary key; it does not depend on the metadata tables, which may live elsewhere.
     */
    private static List<Long> streamIds(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE s(id) AS (SELECT min(stream_id) FROM data"
                + " UNION ALL SELECT (SELECT min(stream_id) FROM data WHERE stream_id > s.id) FROM s WHERE s.id IS NOT NULL)"
                + " SELECT id FROM s WHERE id IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) ids.add(rs.getLong(1));
        }
        return ids;
    }

    /** The timestamp of the stream's first row at or after its watermark and before ended, or null. */
    private static Long firstUnrolled(Connection c, long stream, Long watermark, long ended) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(stream, ended));
        String sql = "SELECT ts FROM data WHERE stream_id = ? AND ts < ?";
        if (watermark != null) {
            sql += " AND ts >= ?";
            params.add(watermark);
        }
        try (PreparedStatement ps = c.prepareStatement(sql + " ORDER BY ts LIMIT 1")) {
            Jdbc.bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** One transaction: the stream's dirty hours, then the hours after its watermark, within budget. */
    private Step rollUpStream(Connection c, long stream, long ended, int budget) throws SQLException {
        Dialect dialect = jdbc.dialect();
        dialect.lockStreamForRollup(c, stream);
        // Read under the lock: another node may have moved it since streamsWithWork.
        Long watermark = watermark(c, stream);
        int hours = 0;
        for (long hour : dirtyHours(c, stream, budget)) {
            HourlyRollups.replace(c, dialect, stream, hour, hour + HOUR_MICROS);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rollup_dirty WHERE stream_id = ? AND hour = ?")) {
                Jdbc.bind(ps, stream, hour);
                ps.executeUpdate();
            }
            hours++;
        }
        if (hours >= budget) return new Step(hours, false);
        Long first = firstUnrolled(c, stream, watermark, ended);
        if (first == null) {
            // Nothing to roll up before ended: the empty hours need no rows, only the watermark moves.
            if (watermark == null || watermark < ended) setWatermark(c, stream, ended);
            return new Step(hours, true);
        }
        // Empty hours before the first row and after the last one are skipped, not scanned (nor counted).
        long from = HourlyRollups.floorHour(first);
        long dataEnd = HourlyRollups.floorHour(lastUnrolled(c, stream, ended)) + HOUR_MICROS;
        long to = Math.min(dataEnd, from + (long) (budget - hours) * HOUR_MICROS);
        HourlyRollups.replace(c, dialect, stream, from, to);
        boolean done = to == dataEnd;
        setWatermark(c, stream, done ? ended : to);
        return new Step(hours + (int) ((to - from) / HOUR_MICROS), done);
    }

    /** The timestamp of the stream's newest row before ended (called when there is one). */
    private static long lastUnrolled(Connection c, long stream, long ended) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ts FROM data WHERE stream_id = ? AND ts < ? ORDER BY ts DESC LIMIT 1")) {
            Jdbc.bind(ps, stream, ended);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Long watermark(Connection c, long stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolled_until FROM rollup_state WHERE stream_id = ?")) {
            ps.setLong(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static List<Long> dirtyHours(Connection c, long stream, int limit) throws SQLException {
        List<Long> hours = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT hour FROM rollup_dirty WHERE stream_id = ? ORDER BY hour LIMIT ?")) {
            Jdbc.bind(ps, stream, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) hours.add(rs.getLong(1));
            }
        }
        return hours;
    }

    private static void setWatermark(Connection c, long stream, long rolledUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollup_state (stream_id, rolled_until) VALUES (?, ?)"
                + " ON CONFLICT (stream_id) DO UPDATE SET rolled_until = excluded.rolled_until WHERE rollup_state.rolled_until < excluded.rolled_until")) {
            Jdbc.bind(ps, stream, rolledUntil);
            ps.executeUpdate();
        }
    }
}
