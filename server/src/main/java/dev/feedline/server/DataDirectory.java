package dev.feedline.server;

import dev.feedline.store.file.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory and everything in it are owner-only (0700 directories, 0600 files): the database holds
 * the JWT signing secret, and anyone who could read it could forge an admin token. SQLite gives its -wal and
 * -shm files the mode of the database file, so the database is created owner-only before SQLite opens it;
 * what the embedded broker creates is tightened after it starts and every minute (it cannot be told a mode).
 */
final class DataDirectory {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private final Path dir;

    private DataDirectory(Path dir) { this.dir = dir; }

    /**
     * Creates the directory owner-only, or takes group and other permissions away from an existing one and
     * everything in it (made by an earlier release or another umask), and creates an SQLite database file
     * under it owner-only when it does not exist yet.
     */
    static DataDirectory prepare(Path dir, String dbUrl) throws IOException {
        if (!OwnerOnly.supported(dir)) {
            log.atInfo().addKeyValue("data_dir", dir).log("the data directory's file system has no POSIX permissions; file modes are left as they are");
        }
        OwnerOnly.createDirectories(dir);
        int changed = OwnerOnly.tighten(dir);
        if (changed > 0) log.atInfo().addKeyValue("data_dir", dir).addKeyValue("files", changed).log("made existing files under the data directory owner-only");
        Optional<Path> db = sqliteFile(dbUrl);
        if (db.isPresent() && db.get().getParent() != null && Files.isDirectory(db.get().getParent())) {
            OwnerOnly.createFileIfMissing(db.get());
            // A database configured outside the data directory holds the same secret.
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) OwnerOnly.tighten(Path.of(db.get() + suffix));
        }
        return new DataDirectory(dir);
    }

    /**
     * Tightens what others may have created since start: files directly in the directory (SQLite's) and the broker's
     * stores. Event files are created owner-only, so files/ — possibly large — is not walked again. Cheap enough to
     * run every minute.
     */
    void tighten() {
        try (var children = Files.list(dir)) {
            children.filter(p -> !Files.isDirectory(p)).forEach(OwnerOnly::tighten);
        } catch (IOException | java.io.UncheckedIOException e) {
            log.atWarn().addKeyValue("data_dir", dir).addKeyValue("error", e.toString()).log("could not list the data directory");
        }
        OwnerOnly.tighten(dir.resolve("mqtt"));
    }

    /** The file of a plain {@code jdbc:sqlite:<path>} URL (not in-memory databases or {@code file:} URIs). */
    static Optional<Path> sqliteFile(String dbUrl) {
        if (dbUrl == null || !dbUrl.startsWith("jdbc:sqlite:")) return Optional.empty();
        String rest = dbUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        if (query >= 0) rest = rest.substring(0, query);
        if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("file:")) return Optional.empty();
        return Optional.of(Path.of(rest).toAbsolutePath().normalize());
    }
}
