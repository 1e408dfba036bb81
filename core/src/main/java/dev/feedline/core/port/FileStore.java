package dev.feedline.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Blobs (event files, later reports and firmware) by key. Keys are relative paths of [a-z0-9/._-]. */
public interface FileStore {
    /**
     * Stores the bytes under key, replacing any earlier blob; writes atomically (a reader never sees
     * half a file). Throws TOO_LARGE, storing nothing, when more than maxBytes arrive.
     */
    long put(String key, InputStream content, long maxBytes) throws IOException;

    /** The blob, or empty if there is none. The caller closes the stream. */
    Optional<InputStream> open(String key) throws IOException;

    void delete(String key) throws IOException;
}
