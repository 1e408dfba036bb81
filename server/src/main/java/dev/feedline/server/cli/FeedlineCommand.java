package dev.feedline.server.cli;

import dev.feedline.server.Config;
import dev.feedline.server.FeedlineServer;
import dev.feedline.server.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code feedline [--config FILE] [COMMAND]}: with no command it serves, as {@code java -jar feedline.jar} always did. */
@Command(name = "feedline", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Feedline, a self-hosted IoT cloud. Without a command it runs the server (same as 'serve').",
        subcommands = {ServeCommand.class, BackupCommand.class, RestoreCommand.class, AdminCommand.class, CheckCommand.class, MigrateStoreCommand.class,
                ExportCommand.class, ImportCommand.class,
                VersionCommand.class},
        footer = {"", "Exit codes: 0 done, 1 failed or refused (reason on standard error), 2 wrong command line or configuration.",
                "Every setting: docs/CONFIGURATION.md; the commands: docs/OPERATIONS.md."})
final class FeedlineCommand implements Callable<Integer> {
    final Cli cli;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "configuration file (default: $FEEDLINE_CONFIG or ./feedline.properties); FEEDLINE_* variables override it")
    Path config;

    FeedlineCommand(Cli cli) { this.cli = cli; }

    @Override
    public Integer call() { return ServeCommand.serve(this); }

    /** The settings from the configuration file, -Dfeedline.* and FEEDLINE_* (IllegalArgumentException, exit 2, when one is wrong). */
    Settings settings() {
        Path file = config != null ? config : Path.of(cli.env.getOrDefault("FEEDLINE_CONFIG", "feedline.properties"));
        try {
            return Settings.from(Config.load(file, cli.env, cli.system));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    static String version() { return FeedlineServer.version(); }
}
