package dev.feedline.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;

/**
 * What differs between the SQL engines we run on. Everything else (upserts with ON CONFLICT,
 * INSERT ... RETURNING, window functions) is written once in standard SQL shared by SQLite and PostgreSQL.
 * A dialect holds no state; {@link #dataPartitions} makes the per-storage object that does.
 */
interface Dialect {
    /** The folder under db/migration holding this engine's Flyway scripts. */
    String migrationFolder();

    /** Per-connection settings (pragmas, driver properties) and any preparation the URL needs. */
    void configure(HikariConfig config);

    /** Starts a write transaction on a connection in auto-commit mode. */
    default void begin(Connection connection) throws SQLException { connection.setAutoCommit(false); }

    /**
     * Starts a read-only transaction on a connection in auto-commit mode, in which every statement sees one
     * snapshot of the database; end it with {@link #rollback}.
     */
    void beginRead(Connection connection) throws SQLException;

    /** Commits the transaction begun by {@link #begin} and leaves the connection in auto-commit mode. */
    default void commit(Connection connection) throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    /** Rolls back the transaction begun by {@link #begin} and leaves the connection in auto-commit mode. */
    default void rollback(Connection connection) throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * The statement recording an event in the outbox (kind, recorded_at, payload). Positions must be assigned in
     * commit order, or a consumer could move its cursor past a row that commits later: SQLite has one writer at a
     * time already; PostgreSQL takes a lock held until the transaction ends, in the same round trip.
     */
    default String outboxInsert() { return "INSERT INTO event_outbox (kind, recorded_at, payload) VALUES (?, ?, ?)"; }

    /**
     * What ends a SELECT of a row the transaction will write back, so a concurrent writer of that row waits for it
     * (PostgreSQL: FOR UPDATE); SQLite runs one write transaction at a time already and has no such clause.
     */
    default String lockRow() { return ""; }

    /** True when the exception is a unique or primary-key violation. */
    boolean isUniqueViolation(SQLException e);

    /**
     * Whether a forward-only cursor needs a transaction to honour the fetch size (PostgreSQL does; on
     * SQLite a read transaction would take the write lock, see {@link SqliteDialect}).
     */
    boolean streamingNeedsTransaction();

    /**
     * Rows per INSERT when writing many: PostgreSQL gains from few round trips, while SQLite runs
     * in-process, where compiling a statement with thousands of placeholders costs more than stepping
     * a one-row statement per row.
     */
    int rowsPerInsert();

    /** SQL for the start of the epoch-aligned bucket of {@code column}, flooring also before 1970. */
    default String bucketStart(String column, long bucketMicros) {
        return "(" + column + " - (((" + column + " % " + bucketMicros + ") + " + bucketMicros + ") % " + bucketMicros + "))";
    }

    /**
     * "FROM ... WHERE ..." selecting the rows (alias d) of {@code table} of one stream whose {@code time} lies in
     * one of a list of spans: {@code spans} is a row source of the spans' starts as column1 (e.g.
     * "(VALUES (?), ...)"), whose parameters come first, then the stream id; each span is {@code spanMicros}
     * long. Each span must be one primary-key range lookup, whatever the planner estimates. CROSS JOIN makes
     * SQLite keep the list as the outer loop. {@code columns} are the ones the caller reads from d.
     */
    default String rowsInSpans(String spans, long spanMicros, String table, String time, String columns) {
        return "FROM " + spans + " v CROSS JOIN " + table + " d WHERE d.stream_id = ? AND d." + time + " >= v.column1 AND d." + time
                + " < v.column1 + " + spanMicros;
    }

    /**
     * Taken by every transaction that changes data rows, before it changes them, for the streams it changes:
     * it must not interleave with the rollup job's transaction for one of those streams (see {@link Rollups}).
     * Held until the transaction ends. SQLite needs nothing: BEGIN IMMEDIATE already admits one writer at a time.
     */
    default void lockStreamsForDataWrite(Connection connection, Collection<Long> streamIds) throws SQLException {}

    /** {@link #lockStreamsForDataWrite} for every stream at once (retention). */
    default void lockAllStreamsForDataWrite(Connection connection) throws SQLException {}

    /** Taken by the rollup job's transaction for one stream: waits for, and holds off, that stream's data writes. */
    default void lockStreamForRollup(Connection connection, long streamId) throws SQLException {}

    /** How the data table is split by time, ready for appends at and after now (called once the schema is migrated). */
    DataPartitions dataPartitions(Jdbc jdbc, Instant now);

    /** The one place that maps a JDBC URL to an engine. */
    static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) return new SqliteDialect();
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return new PostgresDialect();
        throw new IllegalArgumentException("unsupported JDBC URL (expected jdbc:sqlite: or jdbc:postgresql:): " + ConnectFailure.redact(jdbcUrl));
    }
}
