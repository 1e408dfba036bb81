package dev.feedline.store.jdbc;

import dev.feedline.model.Slugs;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an imported org's ids become the target's (docs/OPERATIONS.md, "Moving an org between servers"): every numeric
 * id is new on the target, so each exported table has its own old → new map, and every IOTile slug that carries ids
 * ({@code p--}, {@code d--}, {@code b--}, {@code s--}, {@code v--}, {@code t--}, {@code a--}, {@code g--}, {@code z--}
 * and filter slugs {@code f--}) is recomputed from them wherever it is stored as text: stream slugs, annotation
 * targets, rule scopes and originators, dashboard layouts, OTA criteria. Variable lids, block numbers and streamer
 * indexes are per parent and stay. A slug naming nothing of the org is left as it was and remembered, so the import
 * can report it (it named another org's object on the source, which the target does not have).
 */
public final class OrgIdMap {
    /** A slug-shaped token: a kind letter, "--", then hex groups separated by "-" or "--" (the "----" of a variable filter too). */
    private static final Pattern TOKEN = Pattern.compile("(?<![0-9A-Za-z_-])([pdbstvagzf])--((?:[0-9a-f]{4})(?:-{1,4}[0-9a-f]{4})*)(?![0-9A-Za-z_])");
    private final Map<String, Map<Long, Long>> ids = new HashMap<>();
    private final String oldOrgSlug;
    private final String newOrgSlug;
    private final Set<String> unresolved = new TreeSet<>();

    public OrgIdMap(String oldOrgSlug, String newOrgSlug) {
        this.oldOrgSlug = oldOrgSlug;
        this.newOrgSlug = newOrgSlug;
    }

    /** Records that the row of table with id oldId is newId on the target. */
    public void put(String table, long oldId, long newId) { ids.computeIfAbsent(table, t -> new HashMap<>()).put(oldId, newId); }

    /** The target's id of a row of table, or null when the archive has no such row. */
    public Long id(String table, long oldId) {
        Map<Long, Long> m = ids.get(table);
        return m == null ? null : m.get(oldId);
    }

    public boolean has(String table, long oldId) { return id(table, oldId) != null; }

    /** A stream's or alarm's device id: 0 (a virtual stream) stays 0, a data block's key keeps its block number, a device id maps. */
    public Long deviceKey(long oldKey) {
        if (oldKey == 0) return 0L;
        Long device = id("device", Slugs.deviceOfKey(oldKey));
        if (device == null) return null;
        return Slugs.isBlockKey(oldKey) ? Slugs.blockKey(device, Slugs.blockOfKey(oldKey)) : device;
    }

    /**
     * An annotation target ("d--", "b--", "p--", "s--" slug or "^org"), mapped; null when it names nothing of the org
     * (a "@user" target is a person's, not the org's).
     */
    public String target(String target) {
        if (target == null) return null;
        if (target.startsWith("^")) return target.substring(1).equals(oldOrgSlug) ? "^" + newOrgSlug : null;
        return slug(target);
    }

    /** One whole slug mapped, or null when it is not a slug or names nothing of the org. */
    public String slug(String slug) {
        Matcher m = TOKEN.matcher(slug);
        if (!m.matches()) return null;
        return token(m.group(1).charAt(0), m.group(2));
    }

    /** The text with every slug of the org's objects in it mapped; other slug-shaped tokens stay and are remembered. */
    public String rewrite(String text) {
        if (text == null || text.indexOf("--") < 0) return text;
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String mapped = token(m.group(1).charAt(0), m.group(2));
            if (mapped == null) unresolved.add(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(mapped == null ? m.group() : mapped));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The slug-shaped tokens {@link #rewrite} met that name nothing in the archive. */
    public Set<String> unresolved() { return Set.copyOf(unresolved); }

    private String token(char kind, String body) {
        String[] parts = body.split("--", -1);
        try {
            return switch (kind) {
                case 'p' -> parts.length == 1 ? map("project", parts[0], p -> Slugs.project((int) p)) : null;
                case 'd' -> parts.length == 1 ? map("device", parts[0], Slugs::device) : null;
                case 'b' -> parts.length == 1 ? block(parts[0]) : null;
                case 'a' -> parts.length == 1 ? map("stream_alias", parts[0], Slugs::alias) : null;
                case 'g' -> parts.length == 1 ? map("fleet", parts[0], Slugs::fleet) : null;
                case 'z' -> parts.length == 1 ? map("ota_script", parts[0], Slugs::script) : null;
                case 'v' -> parts.length == 2 ? variable(parts[0], parts[1]) : null;
                case 't' -> parts.length == 2 ? streamer(parts[0], parts[1]) : null;
                case 's' -> parts.length == 3 ? stream(parts[0], parts[1], parts[2]) : null;
                case 'f' -> filter(body);
                default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String map(String table, String hex, java.util.function.LongFunction<String> format) {
        Long id = id(table, hex(hex));
        return id == null ? null : format.apply(id);
    }

    private String block(String hex) {
        long key = hex(hex);
        if (!Slugs.isBlockKey(key)) return null;
        Long mapped = deviceKey(key);
        return mapped == null ? null : Slugs.block(Slugs.deviceOfKey(mapped), Slugs.blockOfKey(mapped));
    }

    private String variable(String project, String lid) {
        Long p = id("project", hex(project));
        return p == null ? null : Slugs.variable(p.intValue(), (int) hex(lid));
    }

    private String streamer(String device, String index) {
        Long d = id("device", hex(device));
        return d == null ? null : Slugs.streamer(d, (int) hex(index));
    }

    private String stream(String project, String device, String lid) {
        Long p = id("project", hex(project));
        Long d = deviceKey(hex(device));
        return p == null || d == null ? null : Slugs.stream(p.intValue(), d, (int) hex(lid));
    }

    /** A filter slug: "f--" + a stream slug's body, or a variable's with "----" between project and lid (FilterShape.slug). */
    private String filter(String body) {
        int variable = body.indexOf("----");
        if (variable >= 0) {
            String v = variable(body.substring(0, variable), body.substring(variable + 4));
            return v == null ? null : "f--" + v.substring(3, v.lastIndexOf("--")) + "----" + v.substring(v.lastIndexOf("--") + 2);
        }
        String[] parts = body.split("--", -1);
        if (parts.length != 3) return null;
        String s = stream(parts[0], parts[1], parts[2]);
        return s == null ? null : "f--" + s.substring(3);
    }

    private static long hex(String groups) {
        String digits = groups.replace("-", "");
        if (digits.isEmpty() || digits.length() > 16) throw new NumberFormatException(groups);
        return Long.parseUnsignedLong(digits, 16);
    }
}
