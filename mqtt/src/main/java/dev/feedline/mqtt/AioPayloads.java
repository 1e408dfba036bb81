package dev.feedline.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.feed.FeedValue;
import dev.feedline.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The payload forms of Adafruit IO MQTT topics, as the official clients send them and expect them
 * (compat reference §7 and §8): raw values, {@code {"value", "lat", "lon", "ele"}} objects and
 * {@code value,lat,lon,ele} CSV lines for feeds; {@code {"feeds": {...}, "location": {...}}} and
 * {@code key,value} lines for groups. Values go out as strings, as Adafruit IO sends them.
 */
final class AioPayloads {
    private AioPayloads() {}

    /** One value of a group publish, by the feed key the client used. */
    record GroupEntry(String key, FeedValue value) {}

    // ---- inbound --------------------------------------------------------------------------------

    static FeedValue feedValue(String payload, AioTopic.Format format) {
        if (payload.isEmpty()) throw FeedlineException.invalid("empty payload, a value is required");
        Json.checkedText("value", payload);
        if (format == AioTopic.Format.CSV) return csvValue(payload);
        String trimmed = payload.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("\"")) {
            JsonNode node = tryParse(trimmed);
            // On the /json topic the payload must be JSON; on the base topic anything else is a text value, stored as sent.
            if (node == null && format == AioTopic.Format.JSON) throw FeedlineException.invalid("malformed JSON on a /json topic");
            // A double-encoded string is stored as the string it encodes.
            if (node != null && node.isTextual()) return FeedValue.of(node.asText());
            if (node != null && node.isObject()) {
                // An object without "value" is not a Data record: Adafruit IO stores it verbatim as text.
                if (!node.has("value") || node.get("value").isNull()) return FeedValue.of(payload);
                return jsonValue(node.get("value"), number(node.get("lat")), number(node.get("lon")), number(node.get("ele")));
            }
        }
        return FeedValue.of(payload);
    }

    /** {@code value,lat,lon,ele}: Arduino quotes the value and may use exponents; CircuitPython adds spaces. */
    private static FeedValue csvValue(String payload) {
        List<String> fields = csvFields(payload.strip());
        if (fields.isEmpty() || fields.get(0).isEmpty()) throw FeedlineException.invalid("CSV payload without a value");
        if (fields.size() > 4) throw FeedlineException.invalid("CSV payload has more than value,lat,lon,ele");
        return new FeedValue(fields.get(0), false, field(fields, 1), field(fields, 2), field(fields, 3), null);
    }

    /** {@code {"feeds": {"k": v, ...}, "location": {...}}} on the base or /json topic, or key,value lines on /csv. */
    static List<GroupEntry> groupValues(String payload, AioTopic.Format format) {
        Json.checkedText("value", payload);
        return format == AioTopic.Format.CSV ? groupCsv(payload) : groupJson(payload);
    }

    private static List<GroupEntry> groupJson(String payload) {
        JsonNode root = tryParse(payload.strip());
        if (root == null || !root.isObject() || !root.path("feeds").isObject() || root.get("feeds").isEmpty()) {
            throw FeedlineException.invalid("a group payload is {\"feeds\": {\"key\": value, ...}}");
        }
        JsonNode location = root.path("location");
        Double lat = number(location.get("lat")), lon = number(location.get("lon")), ele = number(location.get("ele"));
        List<GroupEntry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("feeds").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entries.add(new GroupEntry(e.getKey(), jsonValue(e.getValue(), lat, lon, ele)));
        }
        return entries;
    }

    private static List<GroupEntry> groupCsv(String payload) {
        List<String[]> pairs = new ArrayList<>();
        Double lat = null, lon = null, ele = null;
        for (String line : payload.split("\r?\n")) {
            if (line.isBlank()) continue; // Arduino ends with a newline
            List<String> fields = csvFields(line.strip());
            if (fields.get(0).equals("location")) {
                lat = field(fields, 1);
                lon = field(fields, 2);
                ele = field(fields, 3);
            } else if (fields.size() == 2 && !fields.get(0).isEmpty()) {
                pairs.add(new String[] {fields.get(0), fields.get(1)});
            } else {
                throw FeedlineException.invalid("a group CSV line is key,value");
            }
        }
        if (pairs.isEmpty()) throw FeedlineException.invalid("a group CSV payload has key,value lines");
        List<GroupEntry> entries = new ArrayList<>();
        for (String[] p : pairs) entries.add(new GroupEntry(p[0], new FeedValue(p[1], false, lat, lon, ele, null)));
        return entries;
    }

    private static FeedValue jsonValue(JsonNode v, Double lat, Double lon, Double ele) {
        boolean json = v.isContainerNode();
        return new FeedValue(json ? Json.write(v) : v.asText(), json, lat, lon, ele, null);
    }

    private static JsonNode tryParse(String s) {
        try {
            return Json.parse(s.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** lat/lon/ele as numbers or strings; absent, null or "" is no value. */
    private static Double number(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (n.isNumber()) return n.asDouble();
        return parseDouble(n.asText());
    }

    private static Double field(List<String> fields, int i) { return i < fields.size() ? parseDouble(fields.get(i)) : null; }

    private static Double parseDouble(String s) {
        String t = s.strip();
        if (t.isEmpty()) return null;
        try {
            double d = Double.parseDouble(t);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw FeedlineException.invalid("not a number: " + t);
    }

    /** One RFC-4180 line: fields trimmed, double quotes removed, "" inside quotes is a quote. */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().strip());
        return fields;
    }

    // ---- outbound -------------------------------------------------------------------------------

    /** A feed update in a topic's form: the bare value, a JSON object with the value as a string, or a CSV line. */
    static String feedUpdate(AioTopic.Format format, String value, Double lat, Double lon, Double ele) {
        return switch (format) {
            case RAW -> value;
            case JSON -> {
                ObjectNode o = Json.object();
                o.put("value", value);
                o.put("lat", lat);
                o.put("lon", lon);
                o.put("ele", ele);
                yield Json.write(o);
            }
            case CSV -> csv(value) + "," + text(lat) + "," + text(lon) + "," + text(ele);
        };
    }

    /** A group update with only the feeds that changed, values as strings: JSON on base and /json, key,value lines on /csv. */
    static String groupUpdate(AioTopic.Format format, Map<String, String> values) {
        if (format == AioTopic.Format.CSV) {
            StringBuilder out = new StringBuilder();
            values.forEach((k, v) -> out.append(csv(k)).append(',').append(csv(v)).append('\n'));
            return out.toString();
        }
        ObjectNode feeds = Json.object();
        values.forEach(feeds::put);
        ObjectNode o = Json.object();
        o.set("feeds", feeds);
        return Json.write(o);
    }

    private static String text(Double d) { return d == null ? "" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString(); }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
