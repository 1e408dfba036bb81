package dev.feedline.server.cli;

import dev.feedline.server.Settings;
import dev.feedline.server.ops.BackupManifest;
import dev.feedline.server.ops.BackupRestore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code feedline restore --from FILE [--data-dir DIR]}: a backup into an empty data directory. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup made by 'feedline backup' into a new or empty data directory (a non-empty one is refused).",
                "Every member's size and SHA-256, the manifest and the database are checked before anything is put in place; a backup"
                        + " whose schema is newer than this Feedline is refused. Then start the server on that directory."})
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand FeedlineCommand root;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "the backup archive")
    Path from;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the data directory to restore into (default: data.dir of the configuration)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path target = dataDir;
        if (target == null) {
            Settings settings = root.settings();
            Path expected = settings.dataDir().resolve("feedline.db");
            if (settings.sqliteFile().map(f -> !f.equals(expected)).orElse(true)) {
                throw new CliFailure("restore writes the database as feedline.db in the data directory, but db.url is " + settings.dbUrl()
                        + "; restore with --data-dir DIR and run the server with data.dir=DIR and without db.url");
            }
            target = settings.dataDir();
        }
        BackupManifest m = BackupRestore.restore(from, target);
        root.cli.out.printf("Restored %s into %s: Feedline %s, schema version %s, snapshot of %s. Start the server with data.dir=%s.%n",
                from, target.toAbsolutePath().normalize(), m.feedlineVersion(), m.schemaVersion(), m.snapshotStartedAt(),
                target.toAbsolutePath().normalize());
        return Cli.OK;
    }
}
