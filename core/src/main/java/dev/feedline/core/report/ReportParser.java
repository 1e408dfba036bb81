package dev.feedline.core.report;

import dev.feedline.core.error.FeedlineException;
import java.util.Locale;

/**
 * Picks a report's parser from its file name, as the reference does: {@code .bin} or no extension is a binary
 * report (signed list or individual reading, told apart by the first byte), {@code .json} and {@code .mp} a
 * flexible dictionary report. Every malformed file is a FeedlineException of kind INVALID saying what is wrong;
 * nothing else is thrown. Work and memory are bounded by the file's size, which the caller bounds.
 */
public final class ReportParser {
    private ReportParser() {}

    /** Parses the whole file; fileName may be null (no extension). */
    public static ParsedReport parse(String fileName, byte[] bytes) {
        String ext = extension(fileName);
        try {
            return switch (ext) {
                case "", "bin" -> binary(bytes);
                case "json" -> FlexibleDictionaryFormat.parseJson(bytes);
                case "mp" -> FlexibleDictionaryFormat.parseMsgpack(bytes);
                default -> throw FeedlineException.invalidField("file", "unknown report extension ." + ext + " (use .bin, .json or .mp)");
            };
        } catch (FeedlineException e) {
            throw e;
        } catch (RuntimeException e) {
            // A parser bug must still answer as a refused report, never as a server error.
            throw FeedlineException.invalidField("file", "malformed report");
        }
    }

    /** Who a report names as its sender, read without trusting anything else in the file. */
    public record Origin(long deviceId, int streamerIndex) {}

    /**
     * The device and streamer a binary report's header names, even when the report is refused: so that a
     * refusal can be shown on that streamer's reports. Empty for other formats and files too short for a header.
     */
    public static java.util.Optional<Origin> origin(String fileName, byte[] bytes) {
        String ext = extension(fileName);
        if (!ext.isEmpty() && !ext.equals("bin")) return java.util.Optional.empty();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (bytes.length >= SignedListFormat.HEADER && bytes[0] == 1) {
            return java.util.Optional.of(new Origin(b.getInt(4) & 0xFFFFFFFFL, b.get(17) & 0xFF));
        }
        if (bytes.length >= 8 && bytes[0] == 0) return java.util.Optional.of(new Origin(b.getInt(4) & 0xFFFFFFFFL, 0));
        return java.util.Optional.empty();
    }

    /** The lower-case extension without the dot, or "" when there is none. */
    public static String extension(String fileName) {
        if (fileName == null) return "";
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static ParsedReport binary(byte[] bytes) {
        if (bytes.length == 0) throw FeedlineException.invalidField("file", "empty report");
        return switch (bytes[0]) {
            case 0 -> IndividualFormat.parse(bytes);
            case 1 -> SignedListFormat.parse(bytes);
            default -> throw FeedlineException.invalidField("file", "unknown binary report format " + (bytes[0] & 0xFF));
        };
    }
}
