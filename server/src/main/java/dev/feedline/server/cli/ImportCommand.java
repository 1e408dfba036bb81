package dev.feedline.server.cli;

import dev.feedline.server.ops.OrgArchive;
import dev.feedline.store.jdbc.OrgImport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code feedline import --from FILE [--org-slug NEW] [--dry-run]}: an org exported elsewhere, under new ids. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import an org exported by 'feedline export' (from this or another Feedline server) into this server's database."
                + " Every id is new here; slugs that carry ids (p--, d--, s--, v--, b--, a--, g--, z--, f--) are recomputed wherever"
                + " they are stored, in rules, filters, dashboards and annotations too.",
                "The whole archive is checked first (checksums, a schema not newer than this Feedline's, every reference, conflicts:"
                        + " the org slug, devices already here, template slugs); any problem refuses the import with a report and"
                        + " nothing written. Then everything is written in one transaction. Members are matched by email: existing"
                        + " accounts are linked, missing ones created without a password (set one with 'feedline admin reset-password')."
                        + " Devices keep their tokens. See docs/OPERATIONS.md, \"Moving an org between servers\"."})
final class ImportCommand implements Callable<Integer> {
    @ParentCommand FeedlineCommand root;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "the archive written by feedline export")
    Path from;

    @Option(names = "--org-slug", paramLabel = "NEW", description = "import the org under this slug (default: its slug on the source)")
    String orgSlug;

    @Option(names = "--dry-run", description = "check everything and report what would be imported, writing nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (orgSlug != null && !orgSlug.matches("[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?")) {
            throw new IllegalArgumentException("--org-slug must be lower-case letters, digits and '-' (at most 50), not " + orgSlug);
        }
        var settings = root.settings();
        Path archive = from.toAbsolutePath().normalize();
        Path work = Files.createTempDirectory(archive.getParent(), ".feedline-import-");
        Clock clock = Clock.systemUTC();
        try {
            OrgArchive.Manifest m = OrgArchive.unpack(archive, work);
            String slug = orgSlug != null ? orgSlug : m.org();
            try (OrgStore store = OrgStore.open(settings, clock)) {
                OrgImport.Report r = new OrgImport(store.storage(), store.files(), clock).run(work, m.org(), slug, m.streamTotals(), dryRun);
                PrintWriter out = root.cli.out;
                out.printf("%s org %s (exported as %s from %s, Feedline %s): %d projects, %d devices, %d streams, %s points, %d events, %d members.%n",
                        dryRun ? "Dry run, nothing written: would import" : "Imported", slug, m.org(),
                        m.source() == null || m.source().url() == null ? "server " + (m.source() == null ? "?" : m.source().serverId()) : m.source().url(),
                        m.feedlineVersion(), r.rows().get("project"), r.rows().get("device"), r.rows().get("stream"),
                        dryRun ? m.counts().get("data") : r.rows().get("data"), r.rows().get("event"), r.rows().get("membership"));
                if (!r.linkedPeople().isEmpty()) out.println("Linked to existing accounts: " + String.join(", ", r.linkedPeople()));
                if (!r.createdPeople().isEmpty()) {
                    out.println("Accounts created without a password (set one with 'feedline admin reset-password EMAIL'): "
                            + String.join(", ", r.createdPeople()));
                }
                for (String w : r.warnings()) out.println("warning: " + w);
                return Cli.OK;
            }
        } finally {
            OrgArchive.delete(work);
        }
    }
}
