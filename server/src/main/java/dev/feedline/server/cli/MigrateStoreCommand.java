package dev.feedline.server.cli;

import dev.feedline.store.jdbc.StoreMigration;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code feedline migrate-store --from DIR --to URL}: a stopped SQLite deployment copied into an empty PostgreSQL database. */
@Command(name = "migrate-store", mixinStandardHelpOptions = true,
        description = {"Copy everything of a SQLite data directory (accounts, keys and tokens, devices, streams, data points, rollups,"
                + " events, dashboards, rules, alarms, fleets, jobs...) into an empty PostgreSQL database, with the same schema, then"
                + " verify the copy: row counts of every table, count and sum of the values of every stream.",
                "Stop the server first. If the copy is interrupted, run the same command again: it resumes where it stopped."
                        + " A target that holds anything else is refused. See docs/OPERATIONS.md, \"Moving from SQLite to PostgreSQL\"."})
final class MigrateStoreCommand implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand FeedlineCommand root;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "the SQLite data directory (holding feedline.db and files/)")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "the target, e.g. jdbc:postgresql://db.example:5432/feedline")
    String to;

    @Option(names = "--user", paramLabel = "NAME", description = "the PostgreSQL user (or in the URL)")
    String user;

    @Option(names = "--password-stdin", description = "read the PostgreSQL password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--files-store", paramLabel = "local|postgresql", defaultValue = "local",
            description = "where the new server keeps files (its files.store): local (default; copy DIR/files/ yourself, the command"
                    + " says so) or postgresql (the files are copied into the target database)")
    String filesStore;

    @Option(names = "--batch-size", defaultValue = "20000", paramLabel = "ROWS", description = "rows per committed batch (default 20000)")
    int batchSize;

    /** For tests of resumption: stop (as an interruption would) after this many committed batches. */
    @Option(names = "--stop-after-batches", hidden = true, defaultValue = "0")
    int stopAfterBatches;

    @Override
    public Integer call() {
        StoreMigration.FilesTo files = switch (filesStore) {
            case "local" -> StoreMigration.FilesTo.LOCAL;
            case "postgresql" -> StoreMigration.FilesTo.POSTGRESQL;
            default -> throw new IllegalArgumentException("--files-store must be local or postgresql, not " + filesStore);
        };
        String password = passwordStdin ? root.cli.passwordFromStdin() : null;
        long started = System.nanoTime();
        StoreMigration.Result r = new StoreMigration(from.resolve("feedline.db"), from.resolve("files"), to, user, password, files, batchSize,
                stopAfterBatches, root.cli.out, Clock.systemUTC()).run();
        root.cli.out.printf("Migration done in %.1f s: %,d rows copied in this run, %d tables and %,d points in %d streams verified%s."
                        + " Start Feedline with FEEDLINE_DB_URL=%s%s.%n",
                (System.nanoTime() - started) / 1e9, r.rowsCopied(), r.tables(), r.points(), r.streams(),
                files == StoreMigration.FilesTo.POSTGRESQL ? ", " + r.files() + " files in the database" : "",
                to.replaceAll("(?i)(password=)[^&;]*", "$1***"),
                files == StoreMigration.FilesTo.POSTGRESQL ? " and FEEDLINE_FILES_STORE=postgresql" : "");
        return Cli.OK;
    }
}
