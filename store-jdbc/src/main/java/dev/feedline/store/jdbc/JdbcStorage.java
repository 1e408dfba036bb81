package dev.feedline.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import org.flywaydb.core.Flyway;

/**
 * Metadata and time series in one SQL database: opening migrates the schema (Flyway, one history per
 * dialect) and builds the connection pool that both stores share.
 */
public final class JdbcStorage implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final MetadataStore metadata;
    private final TimeSeriesStore timeSeries;

    private JdbcStorage(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        Jdbc jdbc = new Jdbc(dataSource, dialect);
        this.metadata = new JdbcMetadataStore(jdbc);
        this.timeSeries = new JdbcTimeSeriesStore(jdbc);
    }

    /** Opens (creating if needed) the database at jdbcUrl; user and password may be null for SQLite. */
    public static JdbcStorage open(String jdbcUrl, String user, String password, int maxPoolSize) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("feedline-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        dialect.configure(config);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + dialect.migrationFolder())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcStorage(dataSource, dialect);
    }

    public MetadataStore metadata() { return metadata; }

    public TimeSeriesStore timeSeries() { return timeSeries; }

    /** The pool, for tests in this package that check per-connection settings. */
    HikariDataSource dataSource() { return dataSource; }

    @Override
    public void close() { dataSource.close(); }
}
