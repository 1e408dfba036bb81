package dev.feedline.model;

import java.util.Locale;

/**
 * IOTile global ids: integers written as groups of four lower-case hex digits, most significant
 * group first, joined with '-'; parts joined with '--'.
 */
public final class Slugs {
    private Slugs() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // Slugs are formatted and parsed for every point ingested and delivered live, so these avoid
    // String.format, regular expressions and intermediate strings.
    static String groups(long n, int groupCount) {
        char[] out = new char[groupCount * 5 - 1];
        int pos = 0;
        for (int i = groupCount - 1; i >= 0; i--) {
            int g = (int) ((n >> (16 * i)) & 0xFFFF);
            out[pos++] = HEX[g >> 12];
            out[pos++] = HEX[(g >> 8) & 0xF];
            out[pos++] = HEX[(g >> 4) & 0xF];
            out[pos++] = HEX[g & 0xF];
            if (i > 0) out[pos++] = '-';
        }
        return new String(out);
    }

    /** Parses hex groups ("0000-000a", "000a", "a") into a number; null when it is not hex or too big. */
    static Long parseGroups(String text, int maxGroups) {
        return text == null ? null : parseGroups(text, 0, text.length(), maxGroups);
    }

    /** Parses text[from, to) as hex groups, ignoring '-'; null when it is empty, not hex or too big. */
    private static Long parseGroups(String text, int from, int to, int maxGroups) {
        long n = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '-') continue;
            int d = hexDigit(c);
            if (d < 0 || ++digits > maxGroups * 4) return null;
            n = (n << 4) | d;
        }
        return digits == 0 ? null : n;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static boolean hasPrefix(String slug, String prefix) {
        return slug != null && slug.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    public static String project(int gid) { return "p--" + projectGid(gid); }

    /** The "0000-0005" form used as the project's gid field. */
    public static String projectGid(int gid) { return groups(gid & 0xFFFFFFFFL, 2); }

    public static String device(long id) { return "d--" + groups(id, 4); }

    /**
     * The highest data block number. The number takes the upper 16 bits of a 64-bit id (the block's "key", which block
     * streams carry as their device id); capping it at 15 bits keeps keys positive in signed 64-bit columns.
     */
    public static final int MAX_BLOCK = 0x7FFF;

    /** The id a data block's streams carry in place of a device id: block number in the upper 16 bits, device id below. */
    public static long blockKey(long deviceId, int block) { return ((long) block << 48) | (deviceId & 0xFFFF_FFFF_FFFFL); }

    /** Whether a stream's device id is a data block's key rather than a device's id (or 0, virtual). */
    public static boolean isBlockKey(long id) { return (id >>> 48) != 0; }

    /** The device part of a device id or block key. */
    public static long deviceOfKey(long id) { return id & 0xFFFF_FFFF_FFFFL; }

    /** The block number of a block key (0 for a device id). */
    public static int blockOfKey(long id) { return (int) (id >>> 48); }

    /** A data block: "b--0001-0000-0000-000a" is block 1 of device 0xa. */
    public static String block(long deviceId, int block) { return "b--" + groups(blockKey(deviceId, block), 4); }

    /** "b--" for a block key, "d--" for a device id: how data records and events name where they came from. */
    public static String deviceOrBlock(long id) { return (isBlockKey(id) ? "b--" : "d--") + groups(id, 4); }

    /**
     * Parses a data block slug "b--0001-0000-0000-000a" into its key (block number 1 to {@link #MAX_BLOCK} in the upper
     * 16 bits); null if malformed or the number is out of range. The block part must be given: "b--000a" is no block.
     */
    public static Long parseBlock(String slug) {
        if (!hasPrefix(slug, "b--")) return null;
        String rest = slug.substring(3);
        int dash = rest.indexOf('-');
        if (dash != 4) return null;
        Long block = parseGroups(rest, 0, 4, 1);
        Long device = parseGroups(rest, 5, rest.length(), 3);
        if (block == null || device == null || block < 1 || block > MAX_BLOCK) return null;
        return blockKey(device, block.intValue());
    }

    /** A streamer: its device's id plus its 16-bit index, "t--0000-0000-0000-002a--0001". */
    public static String streamer(long deviceId, int index) { return "t--" + groups(deviceId, 4) + "--" + groups(index & 0xFFFF, 1); }

    /** A stream alias, "a--0000-0000-0000-0001" (the reference's int64 gid of its id). */
    public static String alias(long id) { return "a--" + groups(id, 4); }

    /** A fleet, "g--0000-0000-0001" (48-bit id, issue 17). */
    public static String fleet(long id) { return "g--" + groups(id, 3); }

    /** The id of a g-- slug (short groups allowed), or null if malformed. */
    public static Long parseFleet(String slug) { return hasPrefix(slug, "g--") ? parseGroups(slug.substring(3), 3) : null; }

    /** An OTA device script, "z--0000-0001" (the reference's int32 gid). */
    public static String script(long id) { return "z--" + groups(id, 2); }

    /** The id of a z-- slug, or null if malformed. */
    public static Long parseScript(String slug) { return hasPrefix(slug, "z--") ? parseGroups(slug.substring(3), 2) : null; }

    /** The id of an a-- slug (short groups allowed), or null if malformed. */
    public static Long parseAlias(String slug) {
        if (!hasPrefix(slug, "a--")) return null;
        return parseGroups(slug.substring(3), 4);
    }

    /** The device id and index of a streamer slug, or null if malformed. */
    public static long[] parseStreamer(String slug) {
        if (slug == null || !slug.startsWith("t--")) return null;
        int sep = slug.lastIndexOf("--");
        if (sep <= 3) return null;
        Long device = parseDevice("d--" + slug.substring(3, sep));
        String index = slug.substring(sep + 2);
        if (device == null || !index.matches("[0-9a-fA-F]{1,4}")) return null;
        return new long[] {device, Long.parseLong(index, 16)};
    }

    public static String variable(int projectGid, int lid) {
        return "v--" + groups(projectGid & 0xFFFFFFFFL, 2) + "--" + groups(lid, 1);
    }

    public static String stream(int projectGid, long deviceId, int lid) {
        return "s--" + groups(projectGid & 0xFFFFFFFFL, 2) + "--" + groups(deviceId, 4) + "--" + groups(lid, 1);
    }

    /** Parses "p--0000-0005" (short forms tolerated); null if malformed. */
    public static Integer parseProject(String slug) {
        if (!hasPrefix(slug, "p--")) return null;
        Long n = parseGroups(slug, 3, slug.length(), 2);
        return n == null || n > Integer.MAX_VALUE ? null : n.intValue();
    }

    /** Parses a device slug "d--0000-0000-0000-000a", "d--000a", "000a" or a data block "b--" slug; null if malformed. */
    public static Long parseDevice(String slug) {
        if (slug == null) return null;
        int from = hasPrefix(slug, "d--") || hasPrefix(slug, "b--") ? 3 : 0;
        Long n = parseGroups(slug, from, slug.length(), 4);
        return n == null ? null : n & 0xFFFF_FFFF_FFFFL;
    }

    /** A parsed variable slug v--PPPP-PPPP--VVVV. */
    public record VariableRef(int projectGid, int lid) {}

    public static VariableRef parseVariable(String slug) {
        if (!hasPrefix(slug, "v--")) return null;
        int a = slug.indexOf("--", 3);
        if (a < 0 || slug.indexOf("--", a + 2) >= 0) return null;
        Long p = parseGroups(slug, 3, a, 2);
        Long v = parseGroups(slug, a + 2, slug.length(), 1);
        if (p == null || v == null) return null;
        return new VariableRef(p.intValue(), v.intValue());
    }

    /** A parsed stream slug; deviceId 0 means a virtual (device-less) project stream. */
    public record StreamRef(int projectGid, long deviceId, int lid) {
        public String slug() { return stream(projectGid, deviceId, lid); }
        public String variableSlug() { return variable(projectGid, lid); }
    }

    public static StreamRef parseStream(String slug) {
        if (!hasPrefix(slug, "s--")) return null;
        int a = slug.indexOf("--", 3);
        int b = a < 0 ? -1 : slug.indexOf("--", a + 2);
        if (b < 0 || slug.indexOf("--", b + 2) >= 0) return null;
        Long p = parseGroups(slug, 3, a, 2);
        Long d = parseGroups(slug, a + 2, b, 4);
        Long v = parseGroups(slug, b + 2, slug.length(), 1);
        if (p == null || d == null || v == null) return null;
        return new StreamRef(p.intValue(), d, v.intValue());
    }

    /** Turns a display name into a URL-safe slug ("Acme Inc." becomes "acme-inc"). */
    public static String slugify(String name) {
        String s = java.text.Normalizer.normalize(name == null ? "" : name, java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (s.length() > 50) s = s.substring(0, 50).replaceAll("-+$", "");
        return s.isEmpty() ? "x" : s;
    }
}
