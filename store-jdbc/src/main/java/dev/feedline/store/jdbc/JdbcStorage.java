package dev.feedline.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import java.time.Clock;
import java.time.Instant;

/**
 * Metadata and time series (and on PostgreSQL, if asked, blobs) in one SQL database, SQLite or PostgreSQL: opening connects (failing with one
 * clear paragraph when it cannot), migrates the schema (Flyway, one history per dialect, refusing a schema
 * newer than this binary) and builds the connection pool that both stores share.
 */
public final class JdbcStorage implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbc jdbc;
    private final MetadataStore metadata;
    private final TimeSeriesStore timeSeries;
    private final Retention retention;
    private final Rollups rollups;

    private JdbcStorage(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource, dialect);
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

    /**
     * Blobs kept in this database, on the same pool, so every node that opens it reads the same files; see
     * {@link PostgresFileStore}.
     *
     * @throws StoreException when the database is not PostgreSQL
     */
    public FileStore files(Clock clock) {
        return files(clock, PostgresFileStore.CHUNK_BYTES);
    }

    /** {@link #files(Clock)} with another chunk size, for tests. */
    FileStore files(Clock clock, int chunkBytes) {
        if (!(jdbc.dialect() instanceof PostgresDialect)) {
            throw new StoreException("the file store in the database needs PostgreSQL; this database is " + jdbc.dialect().migrationFolder(), null);
        }
        return new PostgresFileStore(jdbc, clock, chunkBytes);
    }

    /**
     * The durable job queue on this database (see {@link JdbcJobQueue}); every node of a cluster that opens the
     * same PostgreSQL database and calls this is one executor of the same queue.
     */
    public JdbcJobQueue jobs(Clock clock, JobQueueSettings settings) {
        return new JdbcJobQueue(jdbc, dataSource, clock, settings);
    }

    /** What rule actions keep (firings, cooldowns, the action log, notifications), joining the metadata store's transactions. */
    public dev.feedline.core.port.ActionStore actions() { return new JdbcActionStore(jdbc); }

    /** The database access shared by the stores, for the store migration in this package. */
    Jdbc jdbc() { return jdbc; }

    /** The pool, for tests in this package that check per-connection settings. */
    HikariDataSource dataSource() { return dataSource; }

    @Override
    public void close() { dataSource.close(); }
}
