package dev.feedline.server.cli;

import dev.feedline.server.Settings;
import dev.feedline.store.jdbc.DatabaseInspection;
import dev.feedline.store.jdbc.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code feedline check}: is the database sound and reachable, and where does its schema stand against this build. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the database without changing it: SQLite's quick_check (--full: integrity_check) or that PostgreSQL answers,"
                + " and the schema's migrations: applied, pending (this Feedline applies them at its next start) or newer than this Feedline.",
                "Exit code 0 when sound (pending migrations included), 1 when not."})
final class CheckCommand implements Callable<Integer> {
    @ParentCommand FeedlineCommand root;

    @Option(names = "--full", description = "SQLite: the complete PRAGMA integrity_check (reads every page; slower) instead of quick_check")
    boolean full;

    @Override
    public Integer call() {
        Settings settings = root.settings();
        PrintWriter out = root.cli.out;
        Optional<Path> file = settings.sqliteFile();
        if (file.isPresent() && !Files.isRegularFile(file.get())) throw new CliFailure("there is no database at " + file.get());
        out.println("database: " + file.map(f -> "SQLite " + f).orElse("PostgreSQL " + settings.dbUrl().replaceAll("(?i)(password=)[^&;]*", "$1***")));
        List<String> problems;
        try {
            problems = DatabaseInspection.integrity(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), full);
        } catch (StoreException e) {
            out.println("integrity: FAILED: " + e.getMessage());
            return Cli.FAILED;
        }
        boolean sound = problems.equals(List.of("ok"));
        String how = file.isPresent() ? (full ? "integrity_check" : "quick_check") : "connection";
        out.println("integrity (" + how + "): " + (sound ? "ok" : "FAILED"));
        if (!sound) problems.stream().limit(20).forEach(p -> out.println("  " + p));
        DatabaseInspection.SchemaState s = DatabaseInspection.schema(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        out.println("schema: applied " + (s.applied() == null ? "none" : s.applied()) + ", this Feedline knows up to " + s.newestKnown());
        if (!s.pending().isEmpty()) out.println("  pending (applied at the next start): " + String.join(", ", s.pending()));
        if (!s.newer().isEmpty()) {
            out.println("  NEWER than this Feedline: " + String.join(", ", s.newer()) + " (a newer release upgraded it; this one refuses to start on it)");
        }
        if (!s.failed().isEmpty()) out.println("  FAILED migrations: " + String.join(", ", s.failed()));
        boolean schemaOk = s.newer().isEmpty() && s.failed().isEmpty();
        out.println(sound && schemaOk ? "result: ok" : "result: PROBLEMS FOUND");
        return sound && schemaOk ? Cli.OK : Cli.FAILED;
    }
}
