package dev.feedline.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import java.time.Instant;

/**
 * Metadata and time series in one SQL database, SQLite or PostgreSQL: opening connects (failing with one
 * clear paragraph when it cannot), migrates the schema (Flyway, one history per dialect, refusing a schema
 * newer than this binary) and builds the connection pool that both stores share.
 */
public final class JdbcStorage implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final MetadataStore metadata;
    private final TimeSeriesStore timeSeries;
    private final Retention retention;
    private final Rollups rollups;

    private JdbcStorage(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        Jdbc jdbc = new Jdbc(dataSource, dialect);
        // Only decides which months get partitions ahead of time; nothing observable depends on the clock.
        DataPartitions partitions = dialect.dataPartitions(jdbc, Instant.now());
        this.metadata = new JdbcMetadataStore(jdbc);
        this.timeSeries = new JdbcTimeSeriesStore(jdbc, partitions, java.time.Clock.systemUTC());
        this.retention = new Retention(jdbc, partitions);
        this.rollups = new Rollups(jdbc);
    }

    /**
     * Opens the database at jdbcUrl ({@code jdbc:sqlite:FILE}, created if needed, or {@code jdbc:postgresql://...});
     * user and password may be null (SQLite, or credentials in the URL).
     *
     * @throws StoreException when the database cannot be reached, refuses the credentials, or has a newer schema
     */
    public static JdbcStorage open(String jdbcUrl, String user, String password, int maxPoolSize) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("feedline-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        dialect.configure(config);
        HikariDataSource dataSource;
        try {
            // The pool opens its first connection here, so a wrong host or password surfaces now.
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw ConnectFailure.of(jdbcUrl, user, e);
        }
        try {
            Schema.migrate(dataSource, dialect);
            return new JdbcStorage(dataSource, dialect);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public MetadataStore metadata() { return metadata; }

    public TimeSeriesStore timeSeries() { return timeSeries; }

    /** Removes expired time-series data when asked; see {@link Retention}. */
    public Retention retention() { return retention; }

    /** Rolls up ended hours of the time series when asked, so long aggregates stay fast; see {@link Rollups}. */
    public Rollups rollups() { return rollups; }

    /** The pool, for tests in this package that check per-connection settings. */
    HikariDataSource dataSource() { return dataSource; }

    @Override
    public void close() { dataSource.close(); }
}
