package dev.feedline.core.report;

import dev.feedline.core.error.FeedlineException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed list report (fmt 1), little-endian: a 20-byte header, 16-byte readings and a 24-byte footer whose
 * last 16 bytes are the first 16 of SHA-256 (signature flags 0) or of HMAC-SHA256 with the user's (1) or the
 * device's (2) key over every byte before them. Feedline holds no device or user keys, so only hashed reports
 * can be verified; a keyed signature is refused rather than trusted unchecked.
 */
final class SignedListFormat {
    static final int HEADER = 20;
    static final int READING = 16;
    static final int FOOTER = 24;
    static final int SIGNATURE = 16;

    private SignedListFormat() {}

    static ParsedReport parse(byte[] bytes) {
        if (bytes.length < HEADER + FOOTER) {
            throw invalid("report of " + bytes.length + " bytes is shorter than its header and footer (" + (HEADER + FOOTER) + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int lenLow = b.get(1) & 0xFF;
        int lenHigh = b.getShort(2) & 0xFFFF;
        long declared = (long) lenHigh * 256 + lenLow;
        if (declared != bytes.length) throw invalid("declared length " + declared + " differs from the file's " + bytes.length + " bytes");
        if ((bytes.length - HEADER - FOOTER) % READING != 0) throw invalid("length " + bytes.length + " is not a whole number of readings");
        long deviceId = b.getInt(4) & 0xFFFFFFFFL;
        long reportId = b.getInt(8) & 0xFFFFFFFFL;
        long sent = b.getInt(12) & 0xFFFFFFFFL;
        int flags = b.get(16) & 0xFF;
        int streamerIndex = b.get(17) & 0xFF;
        int selector = b.getShort(18) & 0xFFFF;
        checkSignature(bytes, flags);
        int count = (bytes.length - HEADER - FOOTER) / READING;
        List<ReportReading> readings = new ArrayList<>(count);
        for (int i = 0, at = HEADER; i < count; i++, at += READING) {
            readings.add(new ReportReading(b.getShort(at) & 0xFFFF, b.getInt(at + 4) & 0xFFFFFFFFL,
                    b.getInt(at + 8) & 0xFFFFFFFFL, null, b.getInt(at + 12) & 0xFFFFFFFFL));
        }
        int footer = bytes.length - FOOTER;
        long lowest = b.getInt(footer) & 0xFFFFFFFFL;
        long highest = b.getInt(footer + 4) & 0xFFFFFFFFL;
        return new ParsedReport(ReportFormat.SIGNED_LIST, deviceId, streamerIndex, selector, sent, reportId, lowest, highest, readings, List.of());
    }

    private static void checkSignature(byte[] bytes, int flags) {
        if (flags == 1 || flags == 2) {
            throw invalid("report is signed with the " + (flags == 1 ? "user" : "device")
                    + " key, which this server does not hold, so its signature cannot be verified");
        }
        if (flags != 0) throw invalid("unknown signature flags " + flags);
        byte[] expected = sha256(bytes, bytes.length - SIGNATURE);
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expected, SIGNATURE),
                java.util.Arrays.copyOfRange(bytes, bytes.length - SIGNATURE, bytes.length))) {
            throw invalid("report hash does not match its content");
        }
    }

    /** SHA-256 of the first length bytes. */
    static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static FeedlineException invalid(String message) { return FeedlineException.invalidField("file", message); }
}
