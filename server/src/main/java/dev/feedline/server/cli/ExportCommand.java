package dev.feedline.server.cli;

import dev.feedline.server.Settings;
import dev.feedline.server.ops.OrgArchive;
import dev.feedline.server.ops.OrgArchiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code feedline export --org SLUG --to FILE}: one org into an archive another Feedline server imports. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export one org into a zip archive that 'feedline import' reads on another Feedline server: its metadata as JSON"
                + " (projects, devices with properties, config attributes, notes and locations, variables, streams, aliases, data blocks,"
                + " dashboards, rules and filters, alarms, fleets, the org's templates, OTA scripts and requests, members as email and"
                + " role), its data as CSV (points per stream, events, rollups) and its files (event files, reports, OTA scripts), with a"
                + " manifest (version, schema version, source server, counts, SHA-256 of every member), owner-only.",
                "Secrets stay behind: no password hashes, API keys, invitations or sessions. Device and feed webhook tokens are exported"
                        + " hashed, so moved devices keep working. Safe while the server runs: the rows are read as of one commit, on"
                        + " SQLite and PostgreSQL. See docs/OPERATIONS.md, \"Moving an org between servers\"."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand FeedlineCommand root;

    @Option(names = "--org", required = true, paramLabel = "SLUG", description = "the org to export")
    String org;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "the archive to write (must not exist)")
    Path to;

    @Override
    public Integer call() throws Exception {
        Settings settings = root.settings();
        Path out = to.toAbsolutePath().normalize();
        OrgArchive.refuseExisting(out);
        Clock clock = Clock.systemUTC();
        try (OrgStore store = OrgStore.open(settings, clock)) {
            // The work folder goes beside the archive: the data directory may belong to a server on another machine (PostgreSQL).
            OrgArchiver.Written w = new OrgArchiver(store.storage(), store.files(), out.getParent(), FeedlineCommand.version(), settings.publicUrl(),
                    clock).writeTo(org, out);
            OrgArchive.Manifest m = w.manifest();
            root.cli.out.printf("Org %s exported to %s (%d bytes): schema version %s, %d projects, %d devices, %d streams, %d points,"
                            + " %d events, %d files, %d members.%n", org, out, Files.size(out), m.schemaVersion(), m.counts().get("project"),
                    m.counts().get("device"), m.counts().get("stream"), m.counts().get("data"), m.counts().get("event"), w.files(),
                    m.counts().get("membership"));
            return Cli.OK;
        }
    }
}
