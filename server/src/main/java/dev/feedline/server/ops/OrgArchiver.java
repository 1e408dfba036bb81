package dev.feedline.server.ops;

import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.OrgArchives;
import dev.feedline.store.jdbc.JdbcStorage;
import dev.feedline.store.jdbc.OrgExport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.UUID;

/**
 * Makes an org's archive: {@link OrgExport} into a hidden owner-only work folder, packed by {@link OrgArchive}. One
 * place for {@code feedline export} and the API's download, so both write the same archive.
 */
public final class OrgArchiver implements OrgArchives {
    private final JdbcStorage storage;
    private final FileStore files;
    private final Path workDir;
    private final String feedlineVersion;
    private final String publicUrl;
    private final Clock clock;

    /** @param workDir where work folders and downloads are made (the data directory: owner-only, and where the data is) */
    public OrgArchiver(JdbcStorage storage, FileStore files, Path workDir, String feedlineVersion, String publicUrl, Clock clock) {
        this.storage = storage;
        this.files = files;
        this.workDir = workDir;
        this.feedlineVersion = feedlineVersion;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Writes the org's archive to target, which must not exist. */
    public Written writeTo(String orgSlug, Path target) throws IOException {
        Path out = target.toAbsolutePath().normalize();
        OrgArchive.refuseExisting(out);
        Files.createDirectories(out.getParent());
        Files.createDirectories(workDir);
        Path work = Files.createTempDirectory(workDir, ".feedline-export-"); // owner-only: it holds the org's data
        try {
            OrgExport.Summary summary = new OrgExport(storage, files).export(orgSlug, work);
            // The source's identity in every manifest, made on the first export and kept in the database.
            String serverId = storage.metadata().settings().putIfAbsent("server.id", UUID.randomUUID().toString());
            OrgArchive.Manifest m = OrgArchive.write(work, out, summary, feedlineVersion, new OrgArchive.Source(serverId, publicUrl),
                    clock.instant().toString());
            return new Written(m, summary.files().size());
        } finally {
            OrgArchive.delete(work);
        }
    }

    /** An archive written: its manifest and how many files it holds. */
    public record Written(OrgArchive.Manifest manifest, int files) {}

    @Override
    public InputStream export(String orgSlug) throws IOException {
        Files.createDirectories(workDir);
        Path zip = workDir.resolve(".feedline-export-" + UUID.randomUUID() + ".zip");
        try {
            writeTo(orgSlug, zip);
            return Files.newInputStream(zip, StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(zip);
            throw e;
        }
    }
}
