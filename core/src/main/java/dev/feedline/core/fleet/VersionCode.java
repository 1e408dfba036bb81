package dev.feedline.core.fleet;

/**
 * How an IOTile device reports its OS (stream 5c08) or app / sensor graph (stream 5c09) version: one 32-bit value,
 * the tag in the low 20 bits, then the minor version (6 bits), then the major (the top 6 bits). 0x04000800 is
 * tag 2048, v1.0.
 */
public record VersionCode(int tag, int major, int minor) {
    public static final int OS_LID = 0x5c08;
    public static final int APP_LID = 0x5c09;

    public static VersionCode decode(long value) {
        long v = value & 0xFFFFFFFFL;
        return new VersionCode((int) (v & 0xFFFFF), (int) ((v >> 26) & 0x3F), (int) ((v >> 20) & 0x3F));
    }

    public long encode() { return ((long) (major & 0x3F) << 26) | ((long) (minor & 0x3F) << 20) | (tag & 0xFFFFF); }

    /** Devices from before tags report these (the reference ignores them): app tag 0 v0.0, OS tag 1024 v0.0. */
    public boolean legacy(String type) {
        return major == 0 && minor == 0 && (type.equals("app") ? tag == 0 : tag == 1024);
    }
}
