package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.cli.Cli;
import dev.feedline.server.cli.CliRun;
import dev.feedline.store.jdbc.DatabaseInspection;
import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on a real (embedded) PostgreSQL: check sees connectivity and migrations, admin works, backup refuses with advice. */
class OperationsPostgresTest {
    @TempDir Path tmp;

    private Map<String, String> env(String url) {
        return Map.of("FEEDLINE_CONFIG", "/nonexistent/feedline.properties", "FEEDLINE_DATA_DIR", tmp.resolve("data").toString(),
                "FEEDLINE_DB_URL", url, "FEEDLINE_BCRYPT_COST", "4");
    }

    @Test
    void checkAdminAndBackupOnPostgresql() throws Exception {
        String url = EmbeddedPostgresServer.newDatabase();
        CliRun empty = CliRun.run(env(url), "check");
        assertThat(empty.code()).as(empty.toString()).isZero();
        assertThat(empty.out()).contains("database: PostgreSQL", "integrity (connection): ok", "schema: applied none",
                "pending (applied at the next start): 1,", "result: ok");

        TestServer.start(tmp.resolve("data"), Map.of("db.url", url)).close();
        CliRun migrated = CliRun.run(env(url), "check");
        assertThat(migrated.out()).contains("schema: applied " + DatabaseInspection.newestKnown()).doesNotContain("pending");

        CliRun list = CliRun.run(env(url), "admin", "list-accounts");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains(TestServer.ADMIN_EMAIL);

        CliRun backup = CliRun.run(env(url), "backup", "--to", tmp.resolve("x.zip").toString());
        assertThat(backup.code()).isEqualTo(Cli.FAILED);
        assertThat(backup.err()).contains("pg_dump", "continuous archiving");
    }

    @Test
    void checkOfAnUnreachableServerFailsWithTheReason() {
        CliRun r = CliRun.run(env("jdbc:postgresql://127.0.0.1:9/feedline?connectTimeout=2"), "check");
        assertThat(r.code()).as(r.toString()).isEqualTo(Cli.FAILED);
        assertThat(r.out()).contains("integrity: FAILED: Cannot open the Feedline database at jdbc:postgresql://127.0.0.1:9/feedline");
        assertThat(r.out() + r.err()).doesNotContain("\tat ");
    }
}
