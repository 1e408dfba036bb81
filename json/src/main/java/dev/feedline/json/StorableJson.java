package dev.feedline.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.error.FeedlineException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON a client sends is stored as sent or refused, never changed on the way: Jackson reads {@code 1e999} as
 * an infinite double, which it writes back as the string {@code "Infinity"}, and keeps a lone UTF-16 surrogate
 * ({@code "\ud800x"}), which UTF-8 cannot hold and the store turns into {@code "?x"}. Every tree parsed from a
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
                    if (hasLoneSurrogate(e.getKey())) throw FeedlineException.invalidField(at, "the name is not valid Unicode (a lone surrogate)");
                    check(e.getValue(), at);
                }
            } else {
                int i = 0;
                for (JsonNode item : node) check(item, path.isEmpty() ? Integer.toString(i++) : path + "." + i++);
            }
        } else if (node.isTextual()) {
            if (hasLoneSurrogate(node.textValue())) throw FeedlineException.invalidField(field(path), "not valid Unicode (a lone surrogate)");
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw FeedlineException.invalidField(field(path), "must be a finite number (" + node.asText() + ")");
        }
        return node;
    }

    private static String field(String path) { return path.isEmpty() ? "body" : path; }

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
