package dev.feedline.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.SQLException;
import java.time.Instant;

/** PostgreSQL through pgjdbc: time series partitioned by month, timeouts on every connection. */
final class PostgresDialect implements Dialect {
    /** Months of partitions created ahead at start, so month boundaries never wait on DDL. */
    private static final int MONTHS_AHEAD = 2;
    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public String migrationFolder() { return "postgresql"; }

    /**
     * Driver properties are defaults: a parameter of the same name in the URL wins, so an operator can
     * change the statement timeout with {@code ?options=-c%20statement_timeout=5min} without a rebuild.
     */
    @Override
    public void configure(HikariConfig hikari) {
        hikari.addDataSourceProperty("ApplicationName", "feedline");
        // A statement that runs this long is stuck (a lock, a runaway plan): fail it rather than hold a connection.
        // A streaming scan is timed per fetch, not as a whole.
        hikari.addDataSourceProperty("options", "-c statement_timeout=60s");
        hikari.addDataSourceProperty("connectTimeout", "10");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.setConnectionTimeout(10_000);
        // Flyway holds two connections while it migrates on PostgreSQL (one keeps its advisory lock).
        hikari.setMaximumPoolSize(Math.max(2, hikari.getMaximumPoolSize()));
    }

    @Override
    public boolean isUniqueViolation(SQLException e) { return UNIQUE_VIOLATION.equals(e.getSQLState()); }

    /** pgjdbc reads the whole result into memory unless the cursor runs inside a transaction. */
    @Override
    public boolean streamingNeedsTransaction() { return true; }

    /** Well under PostgreSQL's 65,535 bound values per statement. */
    @Override
    public int rowsPerInsert() { return 1000; }

    @Override
    public DataPartitions dataPartitions(Jdbc jdbc, Instant now) {
        MonthlyPartitions partitions = new MonthlyPartitions(jdbc);
        partitions.start(now, MONTHS_AHEAD);
        return partitions;
    }
}
