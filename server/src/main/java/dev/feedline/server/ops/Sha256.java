package dev.feedline.server.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a stream while taking its SHA-256 and length. */
final class Sha256 {
    private Sha256() {}

    record Digest(long bytes, String hex) {}

    /** Copies in to out (out may be null to only hash). */
    static Digest copy(InputStream in, OutputStream out) throws IOException { return copy(in, out, Long.MAX_VALUE); }

    /**
     * Copies in to out, at most limit bytes and one more: a stream longer than limit stops there, and the digest's
     * length, above limit, says so without the rest having been read or written.
     */
    static Digest copy(InputStream in, OutputStream out, long limit) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        // Reads one byte past limit at most (remaining + 1, written so that a limit of Long.MAX_VALUE cannot overflow).
        for (int n; total <= limit && (n = in.read(buffer, 0, limit - total >= buffer.length ? buffer.length : (int) (limit - total) + 1)) > 0; ) {
            sha.update(buffer, 0, n);
            if (out != null) out.write(buffer, 0, n);
            total += n;
        }
        return new Digest(total, HexFormat.of().formatHex(sha.digest()));
    }
}
