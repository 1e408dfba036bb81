package dev.feedline.server.cli;

import dev.feedline.server.Settings;
import dev.feedline.server.ops.BackupManifest;
import dev.feedline.server.ops.OnlineBackup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code feedline backup --to FILE}: an online backup of an SQLite deployment; on PostgreSQL it says what to use. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the database (SQLite), event and report files and the broker's state into one zip archive with a"
                + " manifest (version, schema version, row counts, SHA-256 of every member), owner-only.",
                "Safe while the server runs and ingests: the database is copied as of one commit. On PostgreSQL it refuses and"
                        + " names pg_dump and continuous archiving instead (docs/OPERATIONS.md)."})
final class BackupCommand implements Callable<Integer> {
    static final String POSTGRES_ADVICE = "feedline backup copies an SQLite database; this server's db.url is PostgreSQL, whose own tools"
            + " back it up consistently while it runs: 'pg_dump --format=custom --file=feedline.dump DBNAME' for a snapshot (restore"
            + " with pg_restore), or continuous archiving with point-in-time recovery (archive_command, pg_basebackup) for no loss"
            + " between snapshots. See docs/OPERATIONS.md, \"Backups on PostgreSQL\"";

    @ParentCommand FeedlineCommand root;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "the archive to write (must not exist; outside the data directory)")
    Path to;

    @Override
    public Integer call() throws Exception {
        Settings settings = root.settings();
        if (settings.dbUrl().startsWith("jdbc:postgresql:")) throw new CliFailure(POSTGRES_ADVICE);
        Path db = settings.sqliteFile().orElseThrow(() -> new CliFailure("db.url " + settings.dbUrl()
                + " is not a plain SQLite file (jdbc:sqlite:PATH); feedline backup copies only those"));
        BackupManifest m = new OnlineBackup(Clock.systemUTC(), FeedlineCommand.version()).create(db, settings.dataDir(), to);
        long rows = m.tables().values().stream().mapToLong(Long::longValue).sum();
        root.cli.out.printf("Backup written to %s (%d bytes): schema version %s, %d tables, %d rows, %d members, snapshot at %s%n",
                to.toAbsolutePath().normalize(), Files.size(to), m.schemaVersion(), m.tables().size(), rows, m.members().size(),
                m.snapshotStartedAt());
        return Cli.OK;
    }
}
