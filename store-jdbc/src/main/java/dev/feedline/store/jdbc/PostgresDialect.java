package dev.feedline.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;

/** PostgreSQL through pgjdbc: time series partitioned by month, timeouts on every connection. */
final class PostgresDialect implements Dialect {
    /** Months of partitions created ahead at start, so month boundaries never wait on DDL. */
    private static final int MONTHS_AHEAD = 2;
    private static final String UNIQUE_VIOLATION = "23505";
    /** The advisory lock class of the rollup locks (two-key form, apart from MonthlyPartitions' one-key lock). */
    private static final int ROLLUP_LOCK_CLASS = 0x726f6c6c; // "roll"
    private static final int OUTBOX_LOCK_CLASS = 0x6f757462; // "outb"
    private static final int ROLLUP_SLOTS = 64;

    @Override
    public String migrationFolder() { return "postgresql"; }

    @Override
    public String lockRow() { return " FOR UPDATE"; }

    /**
     * Driver properties are defaults: a parameter of the same name in the URL wins, so an operator can
     * change the statement timeout with {@code ?options=-c%20statement_timeout=5min} without a rebuild.
     */
    @Override
    public void configure(HikariConfig hikari) {
        hikari.addDataSourceProperty("ApplicationName", "feedline");
        // A statement that runs this long is stuck (a lock, a runaway plan): fail it rather than hold a connection.
        // A streaming scan is timed per fetch, not as a whole. JIT off: Feedline's queries are short index walks
        // whose cost estimates over many partitions cross jit_above_cost, and compiling them took seconds
        // (a rolled-up year aggregate: 1.9 s with JIT, 23 ms without).
        hikari.addDataSourceProperty("options", "-c statement_timeout=60s -c jit=off");
        hikari.addDataSourceProperty("connectTimeout", "10");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.setConnectionTimeout(10_000);
        // Flyway holds two connections while it migrates on PostgreSQL (one keeps its advisory lock).
        hikari.setMaximumPoolSize(Math.max(2, hikari.getMaximumPoolSize()));
    }

    /** REPEATABLE READ: under READ COMMITTED, the default, each statement would take a snapshot of its own. */
    @Override
    public void beginRead(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
    }

    @Override
    public boolean isUniqueViolation(SQLException e) { return UNIQUE_VIOLATION.equals(e.getSQLState()); }

    /** pgjdbc reads the whole result into memory unless the cursor runs inside a transaction. */
    @Override
    public boolean streamingNeedsTransaction() { return true; }

    /** Well under PostgreSQL's 65,535 bound values per statement. */
    @Override
    public int rowsPerInsert() { return 1000; }

    /**
     * A lateral subquery, kept from being flattened into a join by OFFSET 0. As a join, when a partition's
     * statistics are missing or stale (a new month, a bulk load not yet analyzed) the planner may scan all of the
     * stream's rows once per hour: 2.5 s instead of 25 ms for 1,000 hours of 13,000 rows. ("WHERE true": callers
     * append conditions with AND.)
     */
    @Override
    public String rowsInSpans(String spans, long spanMicros, String table, String time, String columns) {
        return "FROM " + spans + " v CROSS JOIN LATERAL (SELECT " + columns + " FROM " + table + " WHERE stream_id = ? AND " + time
                + " >= v.column1 AND " + time + " < v.column1 + " + spanMicros + " OFFSET 0) d WHERE true";
    }

    /**
     * PostgreSQL runs writers concurrently (READ COMMITTED), so without a lock the rollup job could read an
     * hour's raw rows just before a late point's transaction commits while that transaction still saw the
     * old watermark and marked nothing dirty. Advisory locks order the two: data writers take a shared lock,
     * the job an exclusive one. Locks are in memory, not rows, and streams share a few slots so a batch of
     * thousands of streams takes at most ROLLUP_SLOTS locks (the lock table is finite).
     */
    @Override
    public void lockStreamsForDataWrite(Connection connection, Collection<Long> streamIds) throws SQLException {
        Integer[] slots = streamIds.stream().map(PostgresDialect::rollupSlot).distinct().sorted().toArray(Integer[]::new);
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(pg_advisory_xact_lock_shared(?, s)) FROM unnest(?::integer[]) s")) {
            ps.setInt(1, ROLLUP_LOCK_CLASS);
            ps.setArray(2, connection.createArrayOf("integer", slots));
            ps.execute();
        }
    }

    /**
     * One transaction-scoped lock for every outbox writer, taken before the row gets its identity and held from the
     * insert (the transaction's last statement) to the commit: rows get their positions in the order they commit,
     * across nodes. One statement, so it costs no extra round trip.
     */
    @Override
    public String outboxInsert() {
        return "INSERT INTO event_outbox (kind, recorded_at, payload) SELECT ?, ?, ? FROM (SELECT pg_advisory_xact_lock("
                + OUTBOX_LOCK_CLASS + ", 0)) AS in_commit_order";
    }

    @Override
    public void lockAllStreamsForDataWrite(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(pg_advisory_xact_lock_shared(?, s)) FROM generate_series(0, ?) s")) {
            ps.setInt(1, ROLLUP_LOCK_CLASS);
            ps.setInt(2, ROLLUP_SLOTS - 1);
            ps.execute();
        }
    }

    @Override
    public void lockStreamForRollup(Connection connection, long streamId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, ROLLUP_LOCK_CLASS);
            ps.setInt(2, rollupSlot(streamId));
            ps.execute();
        }
    }

    private static int rollupSlot(long streamId) { return (int) Math.floorMod(streamId, (long) ROLLUP_SLOTS); }

    @Override
    public DataPartitions dataPartitions(Jdbc jdbc, Instant now) {
        MonthlyPartitions partitions = new MonthlyPartitions(jdbc);
        partitions.start(now, MONTHS_AHEAD);
        return partitions;
    }
}
