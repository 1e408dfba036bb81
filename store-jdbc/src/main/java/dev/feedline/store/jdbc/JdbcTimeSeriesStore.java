package dev.feedline.store.jdbc;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.RangeSummary;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.DataPoint;
import dev.feedline.model.ValueType;
import dev.feedline.store.jdbc.HourlyRollups.StreamHour;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.OutboxCodec;
import java.sql.Connection;
import java.time.Clock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Data points in the "data" table, keyed by (stream_id, ts) and, on PostgreSQL, partitioned by month.
 * Each call uses a connection of its own, never the metadata's thread-bound transaction: a batch commits
 * on its own terms. An append is one transaction: large multi-row upserts, or (SQLite) one upsert
 * statement stepped per row; it also marks the hours it changes dirty when they are already rolled up
 * (see {@link HourlyRollups}).
 */
final class JdbcTimeSeriesStore implements TimeSeriesStore {
    private static final String COLUMNS =
            "stream_id, ts, type, value, int_value, text, lat, lon, ele, streamer_local_id, device_ts, status";
    private static final int COLUMN_COUNT = 12;
    private static final int SCAN_FETCH_SIZE = 1000;

    private final Jdbc jdbc;
    /** Stamps outbox rows, which the outbox's retention goes by. */
    private final Clock clock;
    private final DataPartitions partitions;
    private final RolledUpAggregate rolledUp;
    private final int rowsPerInsert;
    /** The upsert of {@link #rowsPerInsert} rows, built once: on PostgreSQL it is ~1,000 rows of placeholders. */
    private final String fullUpsert;

    JdbcTimeSeriesStore(Jdbc jdbc, DataPartitions partitions, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.partitions = partitions;
        this.rolledUp = new RolledUpAggregate(jdbc.dialect());
        this.rowsPerInsert = jdbc.dialect().rowsPerInsert();
        this.fullUpsert = upsertSql(rowsPerInsert);
    }

    @Override
    public void append(List<DataPoint> points) {
        if (points.isEmpty()) return;
        List<DataPoint> rows = lastPerKey(points);
        List<Long> timestamps = rows.stream().map(DataPoint::timestampMicros).toList();
        partitions.prepare(timestamps);
        try {
            upsert(rows);
        } catch (StoreException e) {
            // Another node's retention may have dropped a partition this one still believed in.
            if (!partitions.relearnAfter(e)) throw e;
            partitions.prepare(timestamps);
            upsert(rows);
        }
    }

    @Override
    public List<DataPoint> appendCreating(Supplier<List<DataPoint>> create) {
        try {
            return appendCreatingOnce(create);
        } catch (StoreException e) {
            // As in append: a partition dropped by another node's retention; everything rolled back, so start again.
            if (!partitions.relearnAfter(e)) throw e;
            return appendCreatingOnce(create);
        }
    }

    /**
     * The metadata and the points in the metadata's thread-bound transaction, on one connection: the
     * metadata repositories' statements join it, so both commit together or not at all.
     */
    private List<DataPoint> appendCreatingOnce(Supplier<List<DataPoint>> create) {
        return jdbc.inTransaction(() -> {
            List<DataPoint> points = create.get();
            if (points.isEmpty()) return points;
            List<DataPoint> rows = lastPerKey(points);
            // Partitions are created on a connection of their own (DDL that may stay even if this rolls back).
            partitions.prepare(rows.stream().map(DataPoint::timestampMicros).toList());
            jdbc.write(c -> upsertRows(c, rows));
            return points;
        });
    }

    private void upsert(List<DataPoint> rows) {
        jdbc.inOwnTransaction(c -> upsertRows(c, rows));
    }

    private Void upsertRows(Connection c, List<DataPoint> rows) throws SQLException {
        Set<Long> streams = new TreeSet<>();
        Set<StreamHour> hours = new LinkedHashSet<>();
        for (DataPoint p : rows) {
            streams.add(p.streamId());
            hours.add(new StreamHour(p.streamId(), HourlyRollups.floorHour(p.timestampMicros())));
        }
        jdbc.dialect().lockStreamsForDataWrite(c, streams);
        if (rowsPerInsert == 1) {
            try (PreparedStatement ps = c.prepareStatement(fullUpsert)) {
                for (DataPoint p : rows) {
                    bindPoint(ps, 0, p);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } else {
            for (int from = 0; from < rows.size(); from += rowsPerInsert) {
                List<DataPoint> chunk = rows.subList(from, Math.min(rows.size(), from + rowsPerInsert));
                try (PreparedStatement ps = c.prepareStatement(chunk.size() == rowsPerInsert ? fullUpsert : upsertSql(chunk.size()))) {
                    for (int i = 0; i < chunk.size(); i++) bindPoint(ps, i * COLUMN_COUNT, chunk.get(i));
                    ps.executeUpdate();
                }
            }
        }
        // Late points land in hours already rolled up: those are read raw until the job rolls them up again.
        HourlyRollups.markDirty(c, hours);
        // Last: the outbox lock (PostgreSQL) is then held only until the commit.
        JdbcEventOutbox.record(c, jdbc.dialect(), OutboxCodec.encode(DomainEvent.StreamsWritten.of(rows)), clock);
        return null;
    }

    /**
     * The last point for each (stream, timestamp): one multi-row upsert may not touch a row twice on
     * PostgreSQL, and the contract says the later of two points in one call wins.
     */
    private static List<DataPoint> lastPerKey(List<DataPoint> points) {
        Map<PointKey, DataPoint> last = new LinkedHashMap<>();
        for (DataPoint p : points) last.put(new PointKey(p.streamId(), p.timestampMicros()), p);
        return new ArrayList<>(last.values());
    }

    private record PointKey(long streamId, long timestampMicros) {}

    private static String upsertSql(int rows) {
        String row = "(" + Jdbc.placeholders(COLUMN_COUNT) + ")";
        return "INSERT INTO data (" + COLUMNS + ") VALUES " + String.join(", ", Collections.nCopies(rows, row))
                + " ON CONFLICT (stream_id, ts) DO UPDATE SET type = excluded.type, value = excluded.value,"
                + " int_value = excluded.int_value, text = excluded.text, lat = excluded.lat, lon = excluded.lon,"
                + " ele = excluded.ele, streamer_local_id = excluded.streamer_local_id, device_ts = excluded.device_ts,"
                + " status = excluded.status";
    }

    private static void bindPoint(PreparedStatement ps, int offset, DataPoint p) throws SQLException {
        ps.setLong(offset + 1, p.streamId());
        ps.setLong(offset + 2, p.timestampMicros());
        // A missing type is left to the NOT NULL constraint, which rejects the whole batch.
        ps.setObject(offset + 3, p.type() == null ? null : p.type().wire());
        ps.setObject(offset + 4, p.value());
        ps.setObject(offset + 5, p.intValue());
        ps.setObject(offset + 6, p.text());
        ps.setObject(offset + 7, p.lat());
        ps.setObject(offset + 8, p.lon());
        ps.setObject(offset + 9, p.ele());
        ps.setObject(offset + 10, p.streamerLocalId());
        ps.setObject(offset + 11, p.deviceTimestamp());
        ps.setObject(offset + 12, p.status());
    }

    @Override
    public long count(Collection<Long> streamIds, TimeRange range) {
        if (streamIds.isEmpty()) return 0;
        List<Object> params = new ArrayList<>(streamIds);
        return jdbc.withOwnConnection(c -> queryOne(c, "SELECT count(*) " + from(streamIds, range, params), params, rs -> rs.getLong(1)));
    }

    @Override
    public List<DataPoint> range(Collection<Long> streamIds, TimeRange range, PageRequest page) {
        if (streamIds.isEmpty()) return List.of();
        List<Object> params = new ArrayList<>(streamIds);
        String sql = "SELECT " + COLUMNS + " " + from(streamIds, range, params) + " ORDER BY ts, stream_id LIMIT ? OFFSET ?";
        params.add(page.limit());
        params.add(page.offset());
        return jdbc.withOwnConnection(c -> queryPoints(c, sql, params));
    }

    @Override
    public List<DataPoint> lastN(Collection<Long> streamIds, TimeRange range, int n) {
        if (streamIds.isEmpty() || n <= 0) return List.of();
        List<Object> params = new ArrayList<>(streamIds);
        String sql = "SELECT " + COLUMNS + " " + from(streamIds, range, params) + " ORDER BY ts DESC, stream_id DESC LIMIT ?";
        params.add(n);
        List<DataPoint> newestFirst = jdbc.withOwnConnection(c -> queryPoints(c, sql, params));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * Buckets of an hour or more are served from the hourly rollups where they are valid (see {@link RolledUpAggregate});
     * smaller buckets, and ranges without rolled-up hours, group the raw rows.
     */
    @Override
    public List<Bucket> aggregate(long streamId, TimeRange range, long bucketMicros, AggregateFunction function) {
        if (bucketMicros <= 0) throw FeedlineException.invalidField("bucket", "must be positive");
        if (RolledUpAggregate.applies(bucketMicros)) {
            List<Bucket> buckets = jdbc.inOwnSnapshot(c -> rolledUp.aggregate(c, streamId, range, bucketMicros, function));
            if (buckets != null) return buckets;
        }
        return rawAggregate(streamId, range, bucketMicros, function);
    }

    /** From the rollups where they are valid, raw rows elsewhere (see {@link RolledUpAggregate#summary}). */
    @Override
    public RangeSummary summarize(long streamId, TimeRange range, boolean countAll) {
        if (range.fromMicros() == null || range.toMicros() == null) return TimeSeriesStore.super.summarize(streamId, range, countAll);
        return jdbc.inOwnSnapshot(c -> rolledUp.summary(c, streamId, range.fromMicros(), range.toMicros(), countAll));
    }

    /** The aggregate over every raw row in the range: the reference the rolled-up one must equal. */
    List<Bucket> rawAggregate(long streamId, TimeRange range, long bucketMicros, AggregateFunction function) {
        List<Object> params = new ArrayList<>(List.of(streamId));
        String points = "SELECT " + jdbc.dialect().bucketStart("ts", bucketMicros) + " AS b, ts, value FROM data"
                + " WHERE stream_id = ? AND value IS NOT NULL" + TimeRanges.where("ts", range, params);
        String sql = switch (function) {
            case AVG, MIN, MAX, SUM -> "SELECT b, count(*), " + function.name().toLowerCase(java.util.Locale.ROOT) + "(value)"
                    + " FROM (" + points + ") p GROUP BY b ORDER BY b";
            case COUNT -> "SELECT b, count(*), count(*) FROM (" + points + ") p GROUP BY b ORDER BY b";
            // The first (last) point of a bucket is found by its timestamp, then read back through the primary key.
            case FIRST, LAST -> {
                params.add(streamId);
                yield "SELECT a.b, a.n, d.value FROM (SELECT b, count(*) AS n, " + (function == AggregateFunction.FIRST ? "min" : "max")
                        + "(ts) AS pick FROM (" + points + ") p GROUP BY b) a"
                        + " JOIN data d ON d.stream_id = ? AND d.ts = a.pick ORDER BY a.b";
            }
        };
        return jdbc.withOwnConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Jdbc.bind(ps, params.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    List<Bucket> buckets = new ArrayList<>();
                    while (rs.next()) buckets.add(new Bucket(rs.getLong(1), rs.getLong(2), rs.getDouble(3)));
                    return buckets;
                }
            }
        });
    }

    @Override
    public Map<Long, DataPoint> latest(Collection<Long> streamIds) {
        if (streamIds.isEmpty()) return Map.of();
        // One indexed lookup per stream: each reads a single row at the end of the stream's key range.
        return jdbc.withOwnConnection(c -> {
            Map<Long, DataPoint> latest = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM data WHERE stream_id = ? ORDER BY ts DESC LIMIT 1")) {
                for (long streamId : new LinkedHashSet<>(streamIds)) {
                    ps.setLong(1, streamId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) latest.put(streamId, map(rs));
                    }
                }
            }
            return latest;
        });
    }

    @Override
    public void scan(long streamId, TimeRange range, Consumer<DataPoint> sink) {
        List<Object> params = new ArrayList<>(List.of(streamId));
        String sql = "SELECT " + COLUMNS + " FROM data WHERE stream_id = ?" + TimeRanges.where("ts", range, params) + " ORDER BY ts";
        Dialect dialect = jdbc.dialect();
        boolean inTransaction = dialect.streamingNeedsTransaction();
        jdbc.withOwnConnection(c -> {
            if (inTransaction) dialect.begin(c);
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(SCAN_FETCH_SIZE);
                Jdbc.bind(ps, params.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(map(rs));
                }
            } finally {
                // Read only: there is nothing to commit.
                if (inTransaction) dialect.rollback(c);
            }
            return null;
        });
    }

    @Override
    public boolean deletePoint(long streamId, long timestampMicros) {
        return jdbc.inOwnTransaction(c -> {
            jdbc.dialect().lockStreamsForDataWrite(c, List.of(streamId));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM data WHERE stream_id = ? AND ts = ?")) {
                ps.setLong(1, streamId);
                ps.setLong(2, timestampMicros);
                if (ps.executeUpdate() == 0) return false;
            }
            HourlyRollups.markDirty(c, List.of(new StreamHour(streamId, HourlyRollups.floorHour(timestampMicros))));
            return true;
        });
    }

    @Override
    public long deleteOldest(long streamId, int maxPoints) {
        return jdbc.inOwnTransaction(c -> {
            jdbc.dialect().lockStreamsForDataWrite(c, List.of(streamId));
            Long cutoff = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT ts FROM data WHERE stream_id = ? ORDER BY ts LIMIT 1 OFFSET ?")) {
                ps.setLong(1, streamId);
                ps.setInt(2, maxPoints - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) cutoff = rs.getLong(1);
                }
            }
            // Fewer than maxPoints left: all of them. Otherwise the oldest maxPoints (timestamps are unique per stream).
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM data WHERE stream_id = ?" + (cutoff == null ? "" : " AND ts <= ?"))) {
                ps.setLong(1, streamId);
                if (cutoff != null) ps.setLong(2, cutoff);
                return (long) ps.executeUpdate();
            }
        });
    }

    /**
     * Deletes the stream's rows and rollups. Its watermark stays: watermarks only move forward, which is what
     * lets an aggregate read one before its main statement; points written to the stream again later are
     * then marked dirty (or lie above it) and read raw, as they should be.
     */
    @Override
    public long deleteStream(long streamId) {
        return jdbc.inOwnTransaction(c -> {
            jdbc.dialect().lockStreamsForDataWrite(c, List.of(streamId));
            long deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM data WHERE stream_id = ?")) {
                ps.setLong(1, streamId);
                deleted = ps.executeUpdate();
            }
            HourlyRollups.forgetStream(c, streamId);
            return deleted;
        });
    }

    /** The pool belongs to {@link JdbcStorage}, which closes it. */
    @Override
    public void close() {}

    /** "FROM data WHERE stream_id IN (...) AND ts ..." with the range bounds appended to params (after the ids). */
    private static String from(Collection<Long> streamIds, TimeRange range, List<Object> params) {
        return "FROM data WHERE stream_id IN (" + Jdbc.placeholders(streamIds.size()) + ")" + TimeRanges.where("ts", range, params);
    }

    private static List<DataPoint> queryPoints(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                List<DataPoint> points = new ArrayList<>();
                while (rs.next()) points.add(map(rs));
                return points;
            }
        }
    }

    private static <T> T queryOne(Connection c, String sql, List<Object> params, Jdbc.RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return mapper.map(rs);
            }
        }
    }

    private static DataPoint map(ResultSet rs) throws SQLException {
        return new DataPoint(rs.getLong("stream_id"), rs.getLong("ts"), ValueType.parse(rs.getString("type")),
                Rows.nullableDouble(rs, "value"), Rows.nullableLong(rs, "int_value"), rs.getString("text"),
                Rows.nullableDouble(rs, "lat"), Rows.nullableDouble(rs, "lon"), Rows.nullableDouble(rs, "ele"),
                Rows.nullableLong(rs, "streamer_local_id"), Rows.nullableLong(rs, "device_ts"), rs.getString("status"));
    }
}
