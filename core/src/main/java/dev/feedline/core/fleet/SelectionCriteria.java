package dev.feedline.core.fleet;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.DeviceVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The selection criteria of a deployment request, IOTile's grammar: a list of {@code type:op:value} strings, all of
 * which a device must meet. Types: {@code os_tag}, {@code app_tag} and {@code controller_hw_tag} (op {@code eq},
 * an integer value) and {@code os_version}, {@code app_version} (ops {@code eq lt lte gt gte}, a value
 * {@code major[.minor[.patch]]}; the patch is ignored because devices report major.minor only). {@code gteq} and
 * {@code lteq} are accepted for {@code gte} and {@code lte}.
 *
 * <p>Each criterion is tested against the device's current version of its type (the newest it reported on its
 * 5c08 / 5c09 stream); a device that never reported one does not match. The reference server tests them all
 * against one version record, so {@code os_tag} together with {@code app_version} selected nothing; here they
 * combine as written.
 */
public record SelectionCriteria(List<Rule> rules) {
    private static final Set<String> VERSION_OPS = Set.of("eq", "lt", "lte", "gt", "gte");
    private static final int MAX_RULES = 16;

    public SelectionCriteria { rules = List.copyOf(rules); }

    /** One criterion: type os/app/controller_hw, whether it tests the tag or the version, the op and the value. */
    public record Rule(String type, String op, long tag, int major, int minor, String text) {
        boolean matches(Map<String, DeviceVersion> versions, Integer hwTag) {
            if (type.equals("controller_hw_tag")) return hwTag != null && hwTag == tag;
            DeviceVersion v = versions.get(type.startsWith("os_") ? "os" : "app");
            if (v == null) return false;
            if (type.endsWith("_tag")) return v.tag() == tag;
            int cmp = v.major() != major ? Integer.compare(v.major(), major) : Integer.compare(v.minor(), minor);
            return switch (op) {
                case "eq" -> cmp == 0;
                case "lt" -> cmp < 0;
                case "lte" -> cmp <= 0;
                case "gt" -> cmp > 0;
                default -> cmp >= 0;
            };
        }
    }

    /** Parses the criteria; INVALID (field selection_criteria) naming the first one that is wrong. */
    public static SelectionCriteria parse(List<String> texts) {
        if (texts == null) return new SelectionCriteria(List.of());
        if (texts.size() > MAX_RULES) throw invalid("at most " + MAX_RULES + " criteria");
        List<Rule> rules = new ArrayList<>();
        for (String t : texts) rules.add(rule(t));
        return new SelectionCriteria(rules);
    }

    private static Rule rule(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length != 3) throw invalid("'" + text + "' is not type:op:value");
        String type = parts[0];
        String op = switch (parts[1]) {
            case "gteq" -> "gte";
            case "lteq" -> "lte";
            default -> parts[1];
        };
        String value = parts[2];
        switch (type) {
            case "os_tag", "app_tag", "controller_hw_tag" -> {
                if (!op.equals("eq")) throw invalid("'" + text + "': " + type + " takes op eq");
                long tag = number(text, value);
                if (tag > 0xFFFFF) throw invalid("'" + text + "': a tag is a 20-bit number");
                return new Rule(type, op, tag, 0, 0, type + ":" + op + ":" + value);
            }
            case "os_version", "app_version" -> {
                if (!VERSION_OPS.contains(op)) throw invalid("'" + text + "': " + type + " takes op eq, lt, lte, gt or gte");
                String[] v = value.split("\\.", -1);
                if (v.length > 3) throw invalid("'" + text + "': a version is major.minor");
                int major = (int) number(text, v[0]);
                int minor = v.length > 1 ? (int) number(text, v[1]) : 0;
                if (v.length > 2) number(text, v[2]);
                return new Rule(type, op, 0, major, minor, type + ":" + op + ":" + value);
            }
            default -> throw invalid("'" + text + "': unknown type " + type + " (os_tag, app_tag, os_version, app_version, controller_hw_tag)");
        }
    }

    private static long number(String text, String value) {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            throw invalid("'" + text + "': '" + value + "' is not a number");
        }
        return Long.parseLong(value);
    }

    private static FeedlineException invalid(String message) { return FeedlineException.invalidField("selection_criteria", message); }

    /** Whether a device with these current versions (by type "os"/"app") and controller hardware tag meets every criterion. */
    public boolean matches(Map<String, DeviceVersion> versions, Integer hwTag) {
        for (Rule r : rules) if (!r.matches(versions, hwTag)) return false;
        return true;
    }

    /** The criteria as stored and shown (gteq/lteq are shown as written). */
    public List<String> texts() { return rules.stream().map(Rule::text).toList(); }
}
