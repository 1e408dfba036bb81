package dev.feedline.model;

import java.util.Locale;

/**
 * IOTile global ids: integers written as groups of four lower-case hex digits, most significant
 * group first, joined with '-'; parts joined with '--'.
 */
public final class Slugs {
    private Slugs() {}

    static String groups(long n, int groupCount) {
        StringBuilder sb = new StringBuilder(groupCount * 5);
        for (int i = groupCount - 1; i >= 0; i--) {
            sb.append(String.format(Locale.ROOT, "%04x", (n >> (16 * i)) & 0xFFFF));
            if (i > 0) sb.append('-');
        }
        return sb.toString();
    }

    /** Parses hex groups ("0000-000a", "000a", "a") into a number; null when it is not hex or too big. */
    static Long parseGroups(String text, int maxGroups) {
        if (text == null || text.isEmpty()) return null;
        String hex = text.replace("-", "");
        if (hex.isEmpty() || hex.length() > maxGroups * 4) return null;
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) return null;
        }
        return Long.parseLong(hex, 16);
    }

    public static String project(int gid) { return "p--" + projectGid(gid); }

    /** The "0000-0005" form used as the project's gid field. */
    public static String projectGid(int gid) { return groups(gid & 0xFFFFFFFFL, 2); }

    public static String device(long id) { return "d--" + groups(id, 4); }

    public static String variable(int projectGid, int lid) {
        return "v--" + groups(projectGid & 0xFFFFFFFFL, 2) + "--" + groups(lid, 1);
    }

    public static String stream(int projectGid, long deviceId, int lid) {
        return "s--" + groups(projectGid & 0xFFFFFFFFL, 2) + "--" + groups(deviceId, 4) + "--" + groups(lid, 1);
    }

    /** Parses "p--0000-0005" (short forms tolerated); null if malformed. */
    public static Integer parseProject(String slug) {
        if (slug == null || !slug.toLowerCase(Locale.ROOT).startsWith("p--")) return null;
        Long n = parseGroups(slug.substring(3), 2);
        return n == null || n > Integer.MAX_VALUE ? null : n.intValue();
    }

    /** Parses a device slug "d--0000-0000-0000-000a", "d--000a", "000a" or a data block "b--" slug; null if malformed. */
    public static Long parseDevice(String slug) {
        if (slug == null) return null;
        String s = slug.toLowerCase(Locale.ROOT);
        if (s.startsWith("d--") || s.startsWith("b--")) s = s.substring(3);
        Long n = parseGroups(s, 4);
        return n == null ? null : n & 0xFFFF_FFFF_FFFFL;
    }

    /** A parsed variable slug v--PPPP-PPPP--VVVV. */
    public record VariableRef(int projectGid, int lid) {}

    public static VariableRef parseVariable(String slug) {
        if (slug == null || !slug.toLowerCase(Locale.ROOT).startsWith("v--")) return null;
        String[] parts = slug.substring(3).split("--", -1);
        if (parts.length != 2) return null;
        Long p = parseGroups(parts[0], 2);
        Long v = parseGroups(parts[1], 1);
        if (p == null || v == null) return null;
        return new VariableRef(p.intValue(), v.intValue());
    }

    /** A parsed stream slug; deviceId 0 means a virtual (device-less) project stream. */
    public record StreamRef(int projectGid, long deviceId, int lid) {
        public String slug() { return stream(projectGid, deviceId, lid); }
        public String variableSlug() { return variable(projectGid, lid); }
    }

    public static StreamRef parseStream(String slug) {
        if (slug == null || !slug.toLowerCase(Locale.ROOT).startsWith("s--")) return null;
        String[] parts = slug.substring(3).split("--", -1);
        if (parts.length != 3) return null;
        Long p = parseGroups(parts[0], 2);
        Long d = parseGroups(parts[1], 4);
        Long v = parseGroups(parts[2], 1);
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
