package dev.feedline.store.file;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Blobs as files under a root directory. A blob is written to a temporary file next to its target,
 * synced, then moved into place atomically, so readers see the old or the new blob, never half of one.
 * Directories and files are owner-only (0700/0600).
 */
public final class LocalFileStore implements FileStore {
    private static final String TEMP_SUFFIX = FileKeys.TEMP_SUFFIX;

    private final Path root;

    public LocalFileStore(Path root) throws IOException {
        this.root = OwnerOnly.createDirectories(root).toAbsolutePath().normalize();
    }

    @Override
    public long put(String key, InputStream content, long maxBytes) throws IOException {
        Path target = resolve(key);
        OwnerOnly.createDirectories(target.getParent());
        // A temporary file is created owner-only (0600), and keeps its mode when moved into place.
        Path temp = Files.createTempFile(target.getParent(), ".upload-", TEMP_SUFFIX);
        try {
            long size = copyAtMost(content, temp, maxBytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system under " + root + " cannot replace files atomically", e);
            }
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Copies content into file and syncs it; TOO_LARGE as soon as more than maxBytes arrive. */
    private static long copyAtMost(InputStream content, Path file, long maxBytes) throws IOException {
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            int n;
            while ((n = content.read(buffer)) >= 0) {
                size += n;
                if (size > maxBytes) {
                    throw new FeedlineException(ErrorKind.TOO_LARGE, "file larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            channel.force(true);
        }
        return size;
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        try {
            return Optional.of(Files.newInputStream(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        Path path = root.resolve(FileKeys.check(key)).normalize();
        if (!path.startsWith(root) || path.equals(root)) throw FeedlineException.invalidField("key", "must name a file under the root");
        return path;
    }
}
