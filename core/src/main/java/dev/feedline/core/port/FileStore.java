package dev.feedline.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Blobs (event files, later reports and firmware) by key. Keys are relative paths of [a-z0-9/._-]. */
public interface FileStore {
    /**
     * Stores the bytes under key, replacing any earlier blob; writes atomically (a reader never sees
     * half a file). Throws TOO_LARGE, storing nothing, when more than maxBytes arrive; when content
     * fails, throws its IOException, storing nothing. Either way an earlier blob under key stays.
     * Returns the size stored. An invalid key is INVALID.
     */
    long put(String key, InputStream content, long maxBytes) throws IOException;

    /**
     * The blob, or empty if there is none; streamed, never held whole in memory. The caller closes the
     * stream. A stream yields exactly the blob that was stored when it opened: if the blob is replaced or
     * deleted meanwhile, it either still yields all of it or fails with an IOException, never bytes of
     * another blob and never a shorter end.
     */
    Optional<InputStream> open(String key) throws IOException;

    /** Removes the blob under key; nothing happens when there is none. */
    void delete(String key) throws IOException;
}
