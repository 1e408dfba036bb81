package dev.feedline.server.ops;

import dev.feedline.store.file.OwnerOnly;
import dev.feedline.store.jdbc.DatabaseInspection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * {@code feedline restore}: a backup made by {@link OnlineBackup} into an empty data directory. Everything is
 * checked before anything final is written: the archive is whole (a truncated zip has no central directory), its
 * members are exactly those of the manifest with their sizes and SHA-256, the database is sound and its schema is
 * not newer than this build's. The members are unpacked into a hidden folder beside the target and moved into place
 * at the end, so a refused or failed restore leaves the target as it was.
 */
public final class BackupRestore {
    private BackupRestore() {}

    /** Restores archive into dataDir (absent or empty); returns the archive's manifest. */
    public static BackupManifest restore(Path archive, Path dataDir) throws IOException {
        Path target = dataDir.toAbsolutePath().normalize();
        refuseNonEmpty(target);
        if (!Files.isRegularFile(archive)) throw new BackupFailure("there is no backup file at " + archive);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, ".feedline-restore-"); // owner-only, like the data directory
        try (ZipFile zip = open(archive)) {
            BackupManifest manifest = manifest(zip, archive);
            refuseNewerSchema(manifest.schemaVersion(), manifest.feedlineVersion());
            unpackVerified(zip, manifest, work);
            checkDatabase(work.resolve(OnlineBackup.DATABASE), manifest);
            refuseNonEmpty(target); // again: someone may have started a server on it meanwhile
            if (Files.isDirectory(target)) Files.delete(target);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            OwnerOnly.tighten(target);
            return manifest;
        } finally {
            OnlineBackup.deleteTree(work);
        }
    }

    private static void refuseNonEmpty(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isDirectory(target)) throw new BackupFailure(target + " is not a directory; restore into a new or empty data directory");
        try (Stream<Path> children = Files.list(target)) {
            if (children.findAny().isPresent()) {
                throw new BackupFailure("the data directory " + target + " is not empty; restore only into a new or empty directory"
                        + " (move the old one aside first, or give another with --data-dir)");
            }
        }
    }

    private static ZipFile open(Path archive) throws IOException {
        try {
            return new ZipFile(archive.toFile());
        } catch (ZipException e) {
            throw new BackupFailure(archive + " is not a complete Feedline backup (truncated or not a zip archive: " + e.getMessage() + ")", e);
        }
    }

    private static BackupManifest manifest(ZipFile zip, Path archive) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.NAME);
        if (entry == null) throw new BackupFailure(archive + " has no " + BackupManifest.NAME + "; it is not a Feedline backup");
        BackupManifest m;
        try (InputStream in = zip.getInputStream(entry)) {
            m = BackupManifest.fromJson(in.readAllBytes());
        } catch (IOException e) {
            throw new BackupFailure("the manifest of " + archive + " cannot be read: " + e.getMessage(), e);
        }
        if (m.format() != BackupManifest.FORMAT) {
            throw new BackupFailure("the backup has format " + m.format() + "; this Feedline reads format " + BackupManifest.FORMAT
                    + ". Restore it with the Feedline release that made it (" + m.feedlineVersion() + ") or newer");
        }
        if (m.members() == null || m.members().stream().noneMatch(x -> OnlineBackup.DATABASE.equals(x.name()))) {
            throw new BackupFailure("the manifest of " + archive + " lists no database; it is not a Feedline backup");
        }
        return m;
    }

    private static void refuseNewerSchema(String version, String madeBy) {
        String known = DatabaseInspection.newestKnown();
        if (version != null && DatabaseInspection.newer(version, known)) {
            throw new BackupFailure("the backup's database schema version " + version + " is newer than this Feedline's (" + known
                    + "): it was made by Feedline " + madeBy + ". Restore it with that release or newer");
        }
    }

    /** Unpacks every member to work, checking names, sizes and checksums against the manifest; refuses any difference. */
    private static void unpackVerified(ZipFile zip, BackupManifest manifest, Path work) throws IOException {
        // Only the backup's folders: names that would leave work or lie elsewhere are refused.
        ArchiveMembers.unpackVerified(zip, manifest.members(), work,
                name -> name.equals(OnlineBackup.DATABASE) || name.startsWith(OnlineBackup.FILES) || name.startsWith(OnlineBackup.BROKER));
    }

    private static void checkDatabase(Path db, BackupManifest manifest) {
        String url = "jdbc:sqlite:" + db;
        List<String> problems = DatabaseInspection.integrity(url, null, null, false);
        if (!problems.equals(List.of("ok"))) {
            throw new BackupFailure("the backup's database fails SQLite's check: " + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
        }
        DatabaseInspection.SchemaState state = DatabaseInspection.schema(url, null, null);
        if (!state.newer().isEmpty()) refuseNewerSchema(state.newer().get(state.newer().size() - 1), manifest.feedlineVersion());
        String applied;
        try {
            applied = SqliteSnapshot.of(db).schemaVersion();
        } catch (SQLException e) {
            throw new BackupFailure("the backup's database cannot be read: " + e.getMessage(), e);
        }
        if (applied == null ? manifest.schemaVersion() != null : !applied.equals(manifest.schemaVersion())) {
            throw new BackupFailure("the manifest says schema version " + manifest.schemaVersion() + " but the database has " + applied
                    + ": the archive was altered");
        }
    }
}
