package dev.feedline.server.ops;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.feedline.store.jdbc.DatabaseInspection;
import dev.feedline.store.jdbc.OrgExport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The archive of one org ({@code feedline export} / {@code feedline import}): a zip of the folder {@link OrgExport}
 * writes, with {@value BackupManifest#NAME} last, naming the Feedline and schema that made it, the source server,
 * the org, its row counts, the count and sum of every stream's points, and the size and SHA-256 of every member.
 * Reading one unpacks and verifies every member before the import looks at any.
 */
public final class OrgArchive {
    static final String KIND = "feedline-org-export";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What an org archive says about itself. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Manifest(
            @JsonProperty("kind") String kind,
            @JsonProperty("format") int format,
            @JsonProperty("feedline_version") String feedlineVersion,
            @JsonProperty("schema_version") String schemaVersion,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("source") Source source,
            @JsonProperty("org") String org,
            @JsonProperty("counts") Map<String, Long> counts,
            @JsonProperty("streams") Map<String, Totals> streams,
            @JsonProperty("members") List<BackupManifest.Member> members) {
        public Map<String, OrgExport.StreamTotals> streamTotals() {
            Map<String, OrgExport.StreamTotals> m = new HashMap<>();
            if (streams != null) streams.forEach((k, v) -> m.put(k, new OrgExport.StreamTotals(v.count(), v.sum())));
            return m;
        }
    }

    /** The server the org came from: its id (setting server.id, made on first export) and public.url, when configured. */
    public record Source(@JsonProperty("server_id") String serverId, @JsonProperty("url") String url) {}

    public record Totals(@JsonProperty("count") long count, @JsonProperty("sum") double sum) {}

    private OrgArchive() {}

    /** Packs folder (written by OrgExport) into target, which must not exist; returns the manifest. */
    public static Manifest write(Path folder, Path target, OrgExport.Summary summary, String feedlineVersion, Source source, String createdAt)
            throws IOException {
        Path out = target.toAbsolutePath().normalize();
        Path part = out.getParent().resolve("." + out.getFileName() + ".part");
        try {
            Manifest manifest;
            try (ArchiveWriter archive = new ArchiveWriter(part); Stream<Path> walk = Files.walk(folder)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) archive.add(folder.relativize(f).toString().replace('\\', '/'), f);
                Map<String, Totals> streams = new java.util.TreeMap<>();
                summary.streams().forEach((k, v) -> streams.put(k, new Totals(v.count(), v.sum())));
                manifest = new Manifest(KIND, BackupManifest.FORMAT, feedlineVersion, summary.schemaVersion(), createdAt, source, summary.orgSlug(),
                        summary.rows(), streams, archive.members());
                archive.finish(JSON.writeValueAsBytes(manifest));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            try {
                Files.move(part, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new BackupFailure(out + " was created by someone else during the export; choose a new file name", e);
            }
            return manifest;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Refuses a target that exists: an export never overwrites. */
    public static void refuseExisting(Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new BackupFailure(target + " already exists; choose a new file name for the export");
    }

    /**
     * Unpacks archive into work (empty), checking that it is whole, that it is an org export of a schema not newer
     * than this Feedline's, and that its members are exactly the manifest's with their sizes and SHA-256.
     */
    public static Manifest unpack(Path archive, Path work) throws IOException {
        if (!Files.isRegularFile(archive)) throw new BackupFailure("there is no export file at " + archive);
        ZipFile zip;
        try {
            zip = new ZipFile(archive.toFile());
        } catch (ZipException e) {
            throw new BackupFailure(archive + " is not a complete Feedline org export (truncated or not a zip archive: " + e.getMessage() + ")", e);
        }
        try (zip) {
            ZipEntry entry = zip.getEntry(BackupManifest.NAME);
            if (entry == null) throw new BackupFailure(archive + " has no " + BackupManifest.NAME + "; it is not a Feedline org export");
            Manifest m;
            try (InputStream in = zip.getInputStream(entry)) {
                m = JSON.readValue(in, Manifest.class);
            } catch (IOException e) {
                throw new BackupFailure("the manifest of " + archive + " cannot be read: " + e.getMessage(), e);
            }
            if (!KIND.equals(m.kind()) || m.members() == null || m.org() == null) {
                throw new BackupFailure(archive + " is not a Feedline org export (a backup is restored with 'feedline restore')");
            }
            if (m.format() != BackupManifest.FORMAT) {
                throw new BackupFailure("the export has format " + m.format() + "; this Feedline reads format " + BackupManifest.FORMAT
                        + ". Import it with Feedline " + m.feedlineVersion() + " or newer");
            }
            String known = DatabaseInspection.newestKnown();
            if (m.schemaVersion() == null || DatabaseInspection.newer(m.schemaVersion(), known)) {
                throw new BackupFailure("the export's schema version " + m.schemaVersion() + " is newer than this Feedline's (" + known
                        + "): it was made by Feedline " + m.feedlineVersion() + ". Upgrade this server to that release or newer, then import");
            }
            ArchiveMembers.unpackVerified(zip, m.members(), work,
                    name -> name.startsWith("metadata/") || name.startsWith("data/") || name.startsWith("files/"));
            return m;
        }
    }

    /** Removes a work folder. */
    public static void delete(Path folder) throws IOException { OnlineBackup.deleteTree(folder); }
}
