package dev.feedline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's parsing, help and exit codes, without a database. */
class CliTest {
    /** A configuration file that does not exist, so a feedline.properties in the working directory is never read. */
    private static final Map<String, String> ENV = Map.of("FEEDLINE_CONFIG", "/nonexistent/feedline.properties");

    @Test
    void topLevelHelpListsEveryCommand() {
        CliRun r = CliRun.run(ENV, "--help");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: feedline", "--config", "serve", "backup", "restore", "admin", "check", "version", "migrate-store",
                "export", "import", "Exit codes");
        assertThat(r.out()).doesNotContain("stop-after-batches");
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "backup", "restore", "admin", "check", "version", "migrate-store", "export", "import", "admin reset-password", "admin create-account", "admin list-accounts"})
    void everyCommandHasHelp(String command) {
        String[] args = (command + " --help").split(" ");
        CliRun r = CliRun.run(ENV, args);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: feedline " + command);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void backupHelpNamesItsOptionAndPostgresAlternative() {
        assertThat(CliRun.run(ENV, "backup", "--help").out()).contains("--to=FILE", "PostgreSQL", "pg_dump");
        assertThat(CliRun.run(ENV, "restore", "--help").out()).contains("--from=FILE", "--data-dir=DIR", "empty");
        assertThat(CliRun.run(ENV, "check", "--help").out()).contains("--full", "integrity_check");
        assertThat(CliRun.run(ENV, "migrate-store", "--help").out()).contains("--from=DIR", "--to=URL", "--password-stdin", "--files-store", "resumes")
                .doesNotContain("--stop-after-batches");
        assertThat(CliRun.run(ENV, "export", "--help").out()).contains("--org=SLUG", "--to=FILE", "Secrets stay behind", "tokens");
        assertThat(CliRun.run(ENV, "import", "--help").out()).contains("--from=FILE", "--org-slug=NEW", "--dry-run", "Members are matched by",
                "refuses the import");
    }

    @Test
    void anImportUnderAMalformedSlugIsAWrongCommandLine() {
        CliRun r = CliRun.run(ENV, "import", "--from", "/nonexistent/x.zip", "--org-slug", "Not A Slug");
        assertThat(r.code()).as(r.toString()).isEqualTo(Cli.USAGE);
        assertThat(r.err()).contains("--org-slug must be lower-case letters");
    }

    @Test
    void wrongCommandLinesExitTwoWithAMessageAndNoStackTrace() {
        CliRun unknown = CliRun.run(ENV, "frobnicate");
        assertThat(unknown.code()).isEqualTo(Cli.USAGE);
        assertThat(unknown.err()).contains("frobnicate").doesNotContain("Exception", "\tat ");

        CliRun noTarget = CliRun.run(ENV, "backup");
        assertThat(noTarget.code()).isEqualTo(Cli.USAGE);
        assertThat(noTarget.err()).contains("Missing required option: '--to=FILE'");

        CliRun noSource = CliRun.run(ENV, "restore", "--data-dir", "x");
        assertThat(noSource.code()).isEqualTo(Cli.USAGE);
        assertThat(noSource.err()).contains("--from=FILE");

        CliRun adminAlone = CliRun.run(ENV, "admin");
        assertThat(adminAlone.code()).isEqualTo(Cli.USAGE);
        assertThat(adminAlone.err()).contains("reset-password, create-account or list-accounts");

        CliRun noAccount = CliRun.run(ENV, "admin", "reset-password");
        assertThat(noAccount.code()).isEqualTo(Cli.USAGE);
        assertThat(noAccount.err()).contains("ACCOUNT");
    }

    @Test
    void aBadSettingExitsTwoForEveryCommandAndServeAsBefore() {
        Map<String, String> env = Map.of("FEEDLINE_CONFIG", "/nonexistent/x.properties", "FEEDLINE_HTTP_PORT", "abc");
        CliRun serve = CliRun.run(env);
        assertThat(serve.code()).as(serve.toString()).isEqualTo(Cli.USAGE);
        assertThat(serve.err()).isEqualTo("Feedline: configuration http.port must be an integer, got 'abc'" + System.lineSeparator());
        CliRun check = CliRun.run(env, "check");
        assertThat(check.code()).isEqualTo(Cli.USAGE);
        assertThat(check.err()).contains("feedline check: configuration http.port must be an integer");
    }

    @Test
    void versionPrintsTheBuildAndTheNewestSchema() {
        CliRun r = CliRun.run(ENV, "version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("Feedline \\S+").containsPattern("schema version \\d+").contains("Java ");
        assertThat(CliRun.run(ENV, "--version").out()).isEqualTo(r.out());
    }

    @Test
    void configOptionIsReadBeforeOrAfterTheCommand() {
        CliRun before = CliRun.run(Map.of(), "--config", "/nonexistent/a.properties", "backup", "--help");
        CliRun after = CliRun.run(Map.of(), "backup", "--config", "/nonexistent/a.properties", "--help");
        assertThat(before.code()).isZero();
        assertThat(after.code()).isZero();
    }
}
