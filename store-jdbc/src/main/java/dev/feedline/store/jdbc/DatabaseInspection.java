package dev.feedline.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * Looks at a database without changing it, for the operator's commands ({@code feedline check}, restore's
 * verification): whether its file is sound, whether it answers, and where its schema stands against the
 * migrations of this build. Unlike {@link JdbcStorage#open} it never migrates.
 */
public final class DatabaseInspection {
    private DatabaseInspection() {}

    /** Where a database's schema stands: the version applied, the newest this build knows, and what is in between or beyond. */
    public record SchemaState(String applied, String newestKnown, List<String> pending, List<String> newer, List<String> failed) {
        public boolean upToDate() { return pending.isEmpty() && newer.isEmpty() && failed.isEmpty(); }
    }

    /** The schema state of the database at jdbcUrl (user and password may be null). */
    public static SchemaState schema(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration/" + dialect.migrationFolder())
                .ignoreMigrationPatterns("repeatable:future")
                .load();
        MigrationInfo[] all;
        try {
            all = flyway.info().all();
        } catch (RuntimeException e) {
            throw ConnectFailure.of(jdbcUrl, user, e);
        }
        String applied = null;
        String newestKnown = null;
        List<String> pending = new ArrayList<>();
        List<String> newer = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (MigrationInfo m : all) {
            if (m.getVersion() == null) continue;
            String v = m.getVersion().getVersion();
            MigrationState state = m.getState();
            if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) newer.add(v);
            else newestKnown = v;
            if (state == MigrationState.PENDING) pending.add(v);
            if (state.isFailed()) failed.add(v);
            if (state.isApplied() && !state.isFailed()) applied = v;
        }
        return new SchemaState(applied, newestKnown, pending, newer, failed);
    }

    /**
     * SQLite's own check of the file ({@code PRAGMA quick_check} or the slower, complete {@code integrity_check}):
     * "ok" alone when sound, otherwise SQLite's description of each problem. On PostgreSQL, which checks its own
     * pages, it only asks the server to answer ("ok").
     *
     * @throws StoreException when the database cannot be opened or read at all (which is itself the answer for a file that is not a database)
     */
    public static List<String> integrity(String jdbcUrl, String user, String password, boolean full) {
        boolean sqlite = Dialect.forUrl(jdbcUrl) instanceof SqliteDialect;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            if (!sqlite) {
                s.execute("SELECT 1");
                return List.of("ok");
            }
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(full ? "PRAGMA integrity_check" : "PRAGMA quick_check")) {
                while (rs.next()) problems.add(rs.getString(1));
            }
            return problems;
        } catch (SQLException e) {
            if (!sqlite) throw ConnectFailure.of(jdbcUrl, user, new IllegalStateException(e.getMessage(), e));
            throw new StoreException("SQLite could not read the database: " + e.getMessage(), e);
        }
    }

    /**
     * The newest schema version this build's migrations reach, read against an empty in-memory SQLite database (both
     * dialects carry the same versions).
     */
    public static String newestKnown() { return schema("jdbc:sqlite::memory:", null, null).newestKnown(); }

    /** Whether schema version a is newer than b, in Flyway's order ("10" after "9"). */
    public static boolean newer(String a, String b) {
        return org.flywaydb.core.api.MigrationVersion.fromVersion(a).compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(b)) > 0;
    }
}
