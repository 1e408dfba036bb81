package dev.feedline.store.file;

import dev.feedline.core.error.FeedlineException;
import java.util.regex.Pattern;

/**
 * The one rule for blob keys, shared by every FileStore so that a key one store takes, all take, and names
 * the same blob in each (blobs can then move between stores). A key is a relative path of [a-z0-9/._-]: no
 * "..", no empty or "." segment (a file system folds "a//b" and "a/./b" into "a/b" where a table would not),
 * no leading or trailing '/', at most 512 characters and 255 between slashes, and not ending in ".part",
 * which the local store keeps for uploads in progress.
 */
public final class FileKeys {
    /** Longer keys are refused: database indexes and file systems' paths have limits well above it. */
    public static final int MAX_LENGTH = 512;
    /** Longer segments are refused: most file systems allow 255 bytes in a name (and the alphabet is ASCII). */
    public static final int MAX_SEGMENT_LENGTH = 255;
    /** The suffix of the local store's temporary files, never a blob's. */
    static final String TEMP_SUFFIX = ".part";
    private static final Pattern KEY = Pattern.compile("[a-z0-9._-]+(/[a-z0-9._-]+)*");

    private FileKeys() {}

    /** The key, when valid; otherwise an INVALID FeedlineException naming the field "key". */
    public static String check(String key) {
        if (key == null || key.length() > MAX_LENGTH || !KEY.matcher(key).matches() || key.contains("..") || key.endsWith(TEMP_SUFFIX)) {
            throw invalid();
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.length() > MAX_SEGMENT_LENGTH) throw invalid();
        }
        return key;
    }

    private static FeedlineException invalid() {
        return FeedlineException.invalidField("key", "must be a relative path of [a-z0-9/._-] without '..', at most "
                + MAX_LENGTH + " characters, " + MAX_SEGMENT_LENGTH + " between slashes");
    }
}
