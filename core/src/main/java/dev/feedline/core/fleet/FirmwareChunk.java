package dev.feedline.core.fleet;

import dev.feedline.core.error.FeedlineException;

/**
 * Which bytes of a firmware file answer {@code v2/fw/request/{id}/chunk/{n}}, as the ThingsBoard SDK asks for them: the
 * payload is the chunk size in bytes as text, and chunk n starts at n × size. The SDK sends an empty payload when it
 * was given no chunk size (or one larger than the file) and expects the file; here that, and any size above
 * {@link #MAX_BYTES}, is read as {@link #MAX_BYTES}, so a response never holds more than 64 KiB. The SDK only appends
 * what arrives and asks for the next chunk until it has fw_size bytes, so it works unchanged with the smaller chunks;
 * the server stays consistent because every chunk of a request is cut with the same size. A chunk past the end is
 * empty (ThingsBoard answers so too).
 */
public record FirmwareChunk(long offset, int length) {
    public static final int MAX_BYTES = 64 * 1024;
    /** Chunk indexes above this are refused outright: 2^20 chunks of even 1 byte is past any sensible firmware. */
    static final int MAX_INDEX = 1 << 20;

    public static FirmwareChunk of(long fileSize, long index, String payload) {
        if (index < 0 || index > MAX_INDEX) throw FeedlineException.invalid("chunk index must be between 0 and " + MAX_INDEX);
        int size = MAX_BYTES;
        String text = payload == null ? "" : payload.trim();
        if (!text.isEmpty()) {
            long asked;
            try {
                asked = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw FeedlineException.invalid("the payload of a firmware chunk request is the chunk size in bytes, not '" + abbreviate(text) + "'");
            }
            if (asked <= 0) throw FeedlineException.invalid("the chunk size must be positive");
            size = (int) Math.min(asked, MAX_BYTES);
        }
        long offset = index * size;
        if (offset >= fileSize) return new FirmwareChunk(fileSize, 0);
        return new FirmwareChunk(offset, (int) Math.min(size, fileSize - offset));
    }

    private static String abbreviate(String s) { return s.length() <= 20 ? s : s.substring(0, 20) + "…"; }
}
