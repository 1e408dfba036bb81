package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An older Feedline must refuse a database that a newer one has migrated. */
class SchemaVersionTest {
    @TempDir
    Path tempDir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aSchemaNewerThanThisBinaryIsRefusedWithBothVersions(String engine) throws SQLException {
        String url = engine.equals("postgresql") ? EmbeddedPostgresServer.newDatabase() : "jdbc:sqlite:" + tempDir.resolve("v.db");
        try (JdbcStorage storage = JdbcStorage.open(url, null, null, 1);
             Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            // What a future release's migration leaves in the history.
            st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0,"
                    + " 'feedline', 0, true)");
        }

        assertThatThrownBy(() -> JdbcStorage.open(url, null, null, 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99 is newer than this Feedline (knows up to ")
                .hasMessageContaining("Upgrade Feedline");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void reopeningAtTheSameVersionMigratesNothing(String engine) {
        String url = engine.equals("postgresql") ? EmbeddedPostgresServer.newDatabase() : "jdbc:sqlite:" + tempDir.resolve("s.db");
        JdbcStorage.open(url, null, null, 1).close();
        try (JdbcStorage storage = JdbcStorage.open(url, null, null, 1)) {
            assertThat(storage.metadata().accounts().count()).isZero();
        }
    }
}
