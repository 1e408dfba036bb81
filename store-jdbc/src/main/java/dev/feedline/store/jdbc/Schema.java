package dev.feedline.store.jdbc;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/** The schema: one Flyway history per dialect, migrated forward at start, never run by an older binary. */
final class Schema {
    private Schema() {}

    static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + dialect.migrationFolder())
                // Flyway's default ("*:future") would let an applied migration this binary does not know pass
                // validation; ignoring only repeatable ones (there are none) makes migrate refuse it. The history is
                // then read a second time only to name both versions (reading it before every migrate cost ~0.3 s of
                // every start).
                .ignoreMigrationPatterns("repeatable:future")
                .load();
        try {
            flyway.migrate();
        } catch (FlywayValidateException e) {
            refuseNewer(flyway.info().all());
            throw e;
        }
    }

    /**
     * Flyway ignores applied migrations it does not know ("future" ones) by default; an older Feedline would
     * then run against tables it does not understand. Fail the start instead, naming both versions.
     */
    static void refuseNewer(MigrationInfo[] migrations) {
        Optional<MigrationVersion> newest = newest(migrations, true);
        if (newest.isEmpty()) return;
        String known = newest(migrations, false).map(MigrationVersion::getVersion).orElse("none");
        throw new StoreException("The database schema version " + newest.get().getVersion() + " is newer than this Feedline"
                + " (knows up to " + known + "): the database was upgraded by a newer release. Upgrade Feedline to that"
                + " release or newer; running an older one against it is refused to keep the data safe.", null);
    }

    private static Optional<MigrationVersion> newest(MigrationInfo[] migrations, boolean future) {
        return Arrays.stream(migrations)
                .filter(m -> m.getVersion() != null && isFuture(m.getState()) == future)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder());
    }

    private static boolean isFuture(MigrationState state) {
        return state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED;
    }
}
