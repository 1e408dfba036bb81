package dev.feedline.store.file;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files only their owner may read: the data directory holds the JWT signing secret (in the database),
 * device data and the broker's sessions. Java cannot set the process umask, so files are created with
 * explicit permissions where Feedline creates them, and {@link #tighten} takes group and other permissions
 * away from what others (SQLite, the broker) created. File systems without POSIX permissions are left as
 * they are.
 */
public final class OwnerOnly {
    private static final Logger log = LoggerFactory.getLogger(OwnerOnly.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private OwnerOnly() {}

    /** Whether the file system holding path (or its nearest existing parent) has POSIX permissions. */
    public static boolean supported(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return false;
        try {
            return Files.getFileStore(p).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates dir and its missing parents; the ones it creates are 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        if (!supported(dir)) return Files.createDirectories(dir);
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) return dir;
        Path parent = absolute.getParent();
        if (parent != null) createDirectories(parent);
        try {
            Files.createDirectory(absolute, attribute(DIRECTORY));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) throw e;
        }
        return dir;
    }

    /** Creates an empty 0600 file unless the file exists (so a program that creates it later finds it owner-only). */
    public static void createFileIfMissing(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            if (supported(file)) Files.createFile(file, attribute(FILE));
            else Files.createFile(file);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // created meanwhile: tighten() fixes it up
        }
    }

    /**
     * Takes every group and other permission away from root and everything under it (owner permissions stay,
     * so an executable stays executable). Symbolic links under root are not followed (root itself is, when it is a
     * link to a directory); files that vanish meanwhile are
     * skipped; a file that cannot be changed is logged. Returns how many were changed.
     */
    public static int tighten(Path root) {
        if (!Files.exists(root) || !supported(root)) return 0;
        if (Files.isDirectory(root)) {
            try {
                root = root.toRealPath(); // a data directory that is a link to the real one is still walked
            } catch (IOException e) {
                warn(root, e);
                return 0;
            }
        }
        int[] changed = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (restrict(dir)) changed[0]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isSymbolicLink() && restrict(file)) changed[0]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) warn(file, e);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            warn(root, e);
        }
        return changed[0];
    }

    private static boolean restrict(Path path) {
        try {
            PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> now = attrs.permissions();
            if (OWNER.containsAll(now)) return false;
            Set<PosixFilePermission> ownerOnly = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission p : now) if (OWNER.contains(p)) ownerOnly.add(p);
            Files.setPosixFilePermissions(path, ownerOnly);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            warn(path, e);
            return false;
        }
    }

    private static void warn(Path path, Exception e) {
        log.atWarn().addKeyValue("path", path).addKeyValue("error", e.toString())
                .log("could not make a file under the data directory owner-only");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
