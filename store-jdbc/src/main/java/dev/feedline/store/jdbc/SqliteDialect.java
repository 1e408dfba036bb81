package dev.feedline.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** SQLite through xerial sqlite-jdbc: one file, WAL, fully synchronous commits. */
final class SqliteDialect implements Dialect {
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int CACHE_KIB = 16 * 1024;
    private static final int WAL_AUTOCHECKPOINT_PAGES = 10_000;

    @Override
    public String migrationFolder() { return "sqlite"; }

    @Override
    public void configure(HikariConfig hikari) {
        createParentDirectories(hikari.getJdbcUrl());
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL syncs the WAL on every commit: an acknowledged write survives kill -9 and power loss.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // A commit of points spread over many streams dirties one page per stream, and SQLite's WAL logs
        // whole pages. A page cache that holds every stream's newest page (the default is 2 MB) saves
        // re-reading them for every commit, and checkpointing every 10,000 pages instead of 1,000 writes a
        // page rewritten by many commits back to the database once instead of every second commit: 1.6x the
        // points per second of the writer alone (docs/PERFORMANCE.md). The cache is per connection and
        // grows only as pages are read; the WAL file keeps its largest size (~40 MB) between checkpoints.
        sqlite.setCacheSize(-CACHE_KIB);
        sqlite.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(WAL_AUTOCHECKPOINT_PAGES));
        sqlite.enforceForeignKeys(true);
        hikari.setDataSourceProperties(sqlite.toProperties());
    }

    private static void createParentDirectories(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) return;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + parent, e);
        }
    }

    /**
     * Write transactions take the write lock at BEGIN: a deferred transaction that reads and then writes
     * fails at once with SQLITE_BUSY when another writer committed meanwhile, ignoring busy_timeout.
     * The statements are issued by hand because the driver, in manual-commit mode, opens the next
     * transaction right after each commit, taking the write lock again for nothing.
     */
    @Override
    public void begin(Connection connection) throws SQLException { execute(connection, "BEGIN IMMEDIATE"); }

    /**
     * Deferred: takes no lock, and its first read pins the WAL snapshot that its later reads see too (a read
     * transaction must not BEGIN IMMEDIATE: that would take the write lock).
     */
    @Override
    public void beginRead(Connection connection) throws SQLException { execute(connection, "BEGIN"); }

    @Override
    public void commit(Connection connection) throws SQLException { execute(connection, "COMMIT"); }

    @Override
    public void rollback(Connection connection) throws SQLException { execute(connection, "ROLLBACK"); }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) return false;
        SQLiteErrorCode code = sqlite.getResultCode();
        return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
    }

    @Override
    public boolean streamingNeedsTransaction() { return false; }

    @Override
    public int rowsPerInsert() { return 1; }

    /** One table clustered by (stream_id, ts) suits a single-file database; retention deletes rows. */
    @Override
    public DataPartitions dataPartitions(Jdbc jdbc, Instant now) { return DataPartitions.NONE; }
}
