package dev.feedline.core.fleet;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Small firmware files held in memory while devices download them, so a chunk is a copy out of an array rather than
 * a file opened and skipped to the chunk. A file is kept when it is at most {@code maxFileBytes}; all kept files
 * together stay within {@code maxTotalBytes}, the least recently served dropped first. Files are keyed by their file
 * store key, which is new for every upload (Ota#upload), so a kept file is never stale: a replaced file is a new key
 * and the old one ages out. Devices asking for the same file at once read it from the file store once.
 */
final class FirmwareBytes {
    private final FileStore files;
    private final long maxFileBytes;
    private final long maxTotalBytes;
    private final LinkedHashMap<String, byte[]> kept = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<byte[]>> loading = new HashMap<>();
    private long total;

    FirmwareBytes(FileStore files, long maxFileBytes, long maxTotalBytes) {
        this.files = files;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** The whole file of {@code size} bytes under key, when it is small enough to keep; else empty (stream it instead). */
    Optional<byte[]> of(String key, long size) {
        if (size > maxFileBytes || size > maxTotalBytes) return Optional.empty();
        CompletableFuture<byte[]> load;
        boolean mine = false;
        synchronized (this) {
            byte[] b = kept.get(key);
            if (b != null) return Optional.of(b);
            load = loading.get(key);
            if (load == null) {
                loading.put(key, load = new CompletableFuture<>());
                mine = true;
            }
        }
        if (mine) {
            try {
                byte[] b = read(key, size);
                synchronized (this) {
                    loading.remove(key);
                    keep(key, b);
                }
                load.complete(b);
            } catch (RuntimeException e) {
                synchronized (this) {
                    loading.remove(key);
                }
                load.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return Optional.of(load.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Bytes held now (for tests and the reader's peace of mind: never above maxTotalBytes). */
    synchronized long heldBytes() { return total; }

    private void keep(String key, byte[] b) {
        if (kept.put(key, b) == null) total += b.length;
        Iterator<Map.Entry<String, byte[]>> eldest = kept.entrySet().iterator();
        while (total > maxTotalBytes && eldest.hasNext()) {
            Map.Entry<String, byte[]> e = eldest.next();
            if (e.getKey().equals(key)) continue;
            total -= e.getValue().length;
            eldest.remove();
        }
    }

    private byte[] read(String key, long size) {
        try (InputStream in = files.open(key).orElseThrow(() -> FeedlineException.notFound("firmware file"))) {
            return in.readNBytes((int) size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
