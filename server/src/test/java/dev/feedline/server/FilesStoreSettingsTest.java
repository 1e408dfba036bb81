package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** files.store (FEEDLINE_FILES_STORE): local by default (postgresql on a cluster node); postgresql only with a PostgreSQL db.url, refused clearly otherwise. */
class FilesStoreSettingsTest {

    private static Settings settings(Map<String, String> env) throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("FEEDLINE_DATA_DIR", "/tmp/feedline-settings-test");
        return Settings.from(Config.load(null, all, new Properties()));
    }

    @Test
    void localByDefault() throws IOException {
        assertThat(settings(Map.of()).filesStore()).isEqualTo(FilesStore.LOCAL);
        assertThat(settings(Map.of("FEEDLINE_FILES_STORE", "local")).filesStore()).isEqualTo(FilesStore.LOCAL);
    }

    @Test
    void postgresqlFromTheEnvironmentWithAPostgresqlDatabase() throws IOException {
        Settings s = settings(Map.of("FEEDLINE_FILES_STORE", "PostgreSQL", "FEEDLINE_DB_URL", "jdbc:postgresql://db.example/feedline"));
        assertThat(s.filesStore()).isEqualTo(FilesStore.POSTGRESQL);
        assertThat(s.filesStore().configValue()).isEqualTo("postgresql");
    }

    @Test
    void postgresqlOnSqliteIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> settings(Map.of("FEEDLINE_FILES_STORE", "postgresql")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("files.store=postgresql")
                .hasMessageContaining("PostgreSQL db.url")
                .hasMessageContaining("FEEDLINE_DB_URL");
    }

    @Test
    void anUnknownStoreIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("FEEDLINE_FILES_STORE", "s3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration files.store must be local or postgresql, got 's3'");
    }

    @Test
    void aClusterNodeKeepsFilesInTheDatabaseByDefaultAndRefusesLocal() throws IOException {
        Map<String, String> cluster = Map.of("FEEDLINE_CLUSTER_REDIS_URL", "redis://127.0.0.1:1", "FEEDLINE_DB_URL", "jdbc:postgresql://db.example/feedline");
        assertThat(settings(cluster).filesStore()).isEqualTo(FilesStore.POSTGRESQL);
        Map<String, String> local = new HashMap<>(cluster);
        local.put("FEEDLINE_FILES_STORE", "local");
        assertThatThrownBy(() -> settings(local))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("files.store=local")
                .hasMessageContaining("cluster mode");
    }
}
