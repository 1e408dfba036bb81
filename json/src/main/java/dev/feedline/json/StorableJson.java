package dev.feedline.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.error.FeedlineException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON a client sends is stored as sent or refused, never changed on the way: Jackson reads {@code 1e999} as
 * an infinite double, which it writes back as the string {@code "Infinity"}, and keeps a lone UTF-16 surrogate
 * ({@code "\ud800x"}), which UTF-8 cannot hold and the store turns into {@code "?x"}; a NUL character, which
 * PostgreSQL refuses in text (a 500, or a 503 that tells the client to retry forever). Every tree parsed from a
 * client is checked here once, whatever field ends up holding it (config data, dashboard layouts, command
 * params, event extra_data, data values, names).
 */
final class StorableJson {
    private StorableJson() {}

    /** The node itself; INVALID naming the path of the first number or string that cannot be stored as sent. */
    static JsonNode check(JsonNode node, String path) {
        if (node.isContainerNode()) {
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    String bad = unstorable(e.getKey());
                    if (bad != null) throw FeedlineException.invalidField(at, "the name " + bad);
                    check(e.getValue(), at);
                }
            } else {
                int i = 0;
                for (JsonNode item : node) check(item, path.isEmpty() ? Integer.toString(i++) : path + "." + i++);
            }
        } else if (node.isTextual()) {
            String bad = unstorable(node.textValue());
            if (bad != null) throw FeedlineException.invalidField(field(path), bad);
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw FeedlineException.invalidField(field(path), "must be a finite number (" + node.asText() + ")");
        }
        return node;
    }

    private static String field(String path) { return path.isEmpty() ? "body" : path; }

    /** Why text cannot be stored as sent, or null when it can. */
    static String unstorable(String s) {
        if (s.indexOf('\0') >= 0) return "must not contain a NUL character";
        if (hasLoneSurrogate(s)) return "is not valid Unicode (a lone surrogate)";
        return null;
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else return true;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
