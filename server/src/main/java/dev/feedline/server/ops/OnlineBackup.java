package dev.feedline.server.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code feedline backup}: one zip of an SQLite deployment taken while it runs. The database is copied first, with
 * {@code VACUUM INTO}, as of one commit; the file store ({@code files/}) and the broker's state ({@code mqtt/}) are
 * read after it, so every file the snapshot refers to was already written (a file is stored before the row naming
 * it commits) and is in the archive — checked, since one deleted in between would be missing. Files written after
 * the snapshot may be in the archive too; nothing refers to them. The broker's state is copied as it is on disk
 * (sessions, retained messages of the open namespace); telemetry is in the database.
 *
 * <p>The archive is written next to the target as a hidden part file and renamed at the end, so the target is
 * either a complete backup or absent.
 */
public final class OnlineBackup {
    static final String DATABASE = "feedline.db";
    static final String FILES = "files/";
    static final String BROKER = "mqtt/";
    private final Clock clock;
    private final String feedlineVersion;

    public OnlineBackup(Clock clock, String feedlineVersion) {
        this.clock = clock;
        this.feedlineVersion = feedlineVersion;
    }

    /**
     * Backs up the database file database and the files/ and mqtt/ folders of dataDir into target (which must not
     * exist); returns its manifest.
     */
    public BackupManifest create(Path database, Path dataDir, Path target) throws IOException {
        Path out = target.toAbsolutePath().normalize();
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) throw new BackupFailure(out + " already exists; choose a new file name for the backup");
        if (out.startsWith(dataDir)) throw new BackupFailure(out + " is inside the data directory " + dataDir + "; write backups elsewhere");
        if (!Files.isRegularFile(database)) throw new BackupFailure("there is no database at " + database + " to back up");
        Path parent = out.getParent();
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, ".feedline-backup-"); // owner-only: it holds the database copy
        Path part = parent.resolve("." + out.getFileName() + ".part");
        try {
            Instant started = clock.instant();
            SqliteSnapshot snapshot;
            try {
                snapshot = SqliteSnapshot.take(database, work.resolve(DATABASE));
            } catch (SQLException e) {
                throw new BackupFailure("SQLite could not copy " + database + ": " + e.getMessage(), e);
            }
            Instant finished = clock.instant();
            BackupManifest manifest;
            try (ArchiveWriter archive = new ArchiveWriter(part)) {
                archive.add(DATABASE, snapshot.file());
                Set<String> stored = new HashSet<>();
                for (String key : addTree(archive, dataDir.resolve("files"), FILES)) stored.add(key);
                addTree(archive, dataDir.resolve("mqtt"), BROKER);
                Set<String> referenced = snapshot.fileKeys();
                List<String> missing = referenced.stream().filter(k -> !stored.contains(k)).toList();
                if (!missing.isEmpty()) {
                    throw new BackupFailure(missing.size() + " file(s) the database refers to are not in " + dataDir.resolve("files")
                            + " (first: " + missing.get(0) + "); they were deleted during the backup or are lost. Run the backup again;"
                            + " if it fails the same way, the files are missing from the data directory");
                }
                manifest = new BackupManifest(BackupManifest.FORMAT, feedlineVersion, snapshot.schemaVersion(), clock.instant().toString(),
                        started.toString(), finished.toString(), snapshot.rowCounts(), archive.members());
                archive.finish(manifest.toJson());
            } catch (SQLException e) {
                throw new BackupFailure("could not read the database copy: " + e.getMessage(), e);
            }
            try {
                Files.move(part, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new BackupFailure(out + " was created by someone else during the backup; choose a new file name", e);
            }
            return manifest;
        } finally {
            Files.deleteIfExists(part);
            deleteTree(work);
        }
    }

    /**
     * Adds every regular file under dir (if it exists) as prefix + its relative path; returns those relative paths.
     * Upload temporaries (*.part) are left out, and so is a file removed while the tree is walked.
     */
    private static List<String> addTree(ArchiveWriter archive, Path dir, String prefix) throws IOException {
        List<String> added = new ArrayList<>();
        if (!Files.isDirectory(dir)) return added;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path f : files) {
            String relative = dir.relativize(f).toString().replace('\\', '/');
            if (relative.endsWith(".part")) continue;
            try {
                archive.add(prefix + relative, f);
                added.add(relative);
            } catch (NoSuchFileException gone) {
                // removed since the walk: not referenced by the snapshot unless the check after this finds it missing
            }
        }
        return added;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
