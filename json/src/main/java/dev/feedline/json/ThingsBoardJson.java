package dev.feedline.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.device.DeviceAttributes;
import dev.feedline.core.device.Telemetry;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Command;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ThingsBoard device payloads, the same over MQTT and HTTP. Telemetry comes as {@code {"k": v}},
 * {@code {"ts": ms, "values": {"k": v}}}, or a list of either. A number is a numeric point, a
 * boolean a numeric 1 or 0, a string a text point, an object or array a JSON point.
 */
public final class ThingsBoardJson {
    private ThingsBoardJson() {}

    public static List<Telemetry.Reading> telemetry(byte[] payload) {
        JsonNode root = Json.parse(payload);
        List<Telemetry.Reading> out = new ArrayList<>();
        if (root.isArray()) {
            for (JsonNode item : root) readings(item, out);
        } else {
            readings(root, out);
        }
        return out;
    }

    private static void readings(JsonNode node, List<Telemetry.Reading> out) {
        if (!node.isObject()) throw FeedlineException.invalid("telemetry must be a JSON object or a list of objects");
        JsonNode values = node;
        Instant time = null;
        if (node.has("ts") && node.has("values")) {
            JsonNode ts = node.get("ts");
            if (!ts.isIntegralNumber()) throw FeedlineException.invalidField("ts", "must be Unix time in milliseconds");
            time = Instant.ofEpochMilli(ts.asLong());
            values = node.get("values");
            if (!values.isObject()) throw FeedlineException.invalidField("values", "must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(reading(e.getKey(), time, e.getValue()));
        }
    }

    private static Telemetry.Reading reading(String key, Instant time, JsonNode v) {
        if (v.isNumber()) return new Telemetry.Reading(key, time, ValueType.NUMERIC, v.asDouble(), null);
        if (v.isBoolean()) return new Telemetry.Reading(key, time, ValueType.NUMERIC, v.asBoolean() ? 1.0 : 0.0, null);
        if (v.isTextual()) return new Telemetry.Reading(key, time, ValueType.TEXT, null, v.asText());
        if (v.isNull()) throw FeedlineException.invalidField(key, "null is not a value");
        return new Telemetry.Reading(key, time, ValueType.JSON, null, Json.write(v));
    }

    /** Client attributes: a flat object of key → value. */
    public static Map<String, DeviceAttributes.Value> attributes(byte[] payload) {
        JsonNode root = Json.parse(payload);
        if (!root.isObject()) throw FeedlineException.invalid("attributes must be a JSON object");
        Map<String, DeviceAttributes.Value> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            DeviceAttributes.Value value;
            if (v.isIntegralNumber()) value = new DeviceAttributes.Value("int", v.asText());
            else if (v.isNumber()) value = new DeviceAttributes.Value("float", v.asText());
            else if (v.isBoolean()) value = new DeviceAttributes.Value("bool", v.asText());
            else if (v.isTextual()) value = new DeviceAttributes.Value("str", v.asText());
            else if (v.isNull()) throw FeedlineException.invalidField(e.getKey(), "null is not a value");
            else value = new DeviceAttributes.Value("json", Json.write(v));
            out.put(e.getKey(), value);
        }
        return out;
    }

    /** An attribute value as JSON, typed back from its stored text. */
    public static JsonNode attributeValue(DeviceAttributes.Value v) {
        return switch (v.type()) {
            case "int", "float", "bool", "json" -> Json.read(v.value());
            default -> Json.MAPPER.getNodeFactory().textNode(v.value());
        };
    }

    /** {"client": {...}, "shared": {...}} as an attributes response. */
    public static ObjectNode snapshot(DeviceAttributes.Snapshot s) {
        var out = Json.object();
        var client = out.putObject("client");
        s.client().forEach((k, v) -> client.set(k, attributeValue(v)));
        var shared = out.putObject("shared");
        s.shared().forEach((k, v) -> shared.set(k, Json.read(v)));
        return out;
    }

    /** {"k": value}: the push a device gets when its shared attribute k (config attribute ":k") changes. */
    public static ObjectNode sharedAttributeUpdate(ConfigAttribute attribute) {
        ObjectNode body = Json.object();
        body.set(DeviceAttributes.sharedKey(attribute.name()), Json.read(attribute.data()));
        return body;
    }

    /** {"k1": v1, "k2": v2}: one push of several shared attributes set together. */
    public static ObjectNode sharedAttributeUpdate(java.util.List<ConfigAttribute> attributes) {
        ObjectNode body = Json.object();
        attributes.forEach(a -> body.set(DeviceAttributes.sharedKey(a.name()), Json.read(a.data())));
        return body;
    }

    /** {"method": ..., "params": ...}: a command as a device receives it (the transport adds the id). */
    public static ObjectNode rpcRequest(Command command) {
        ObjectNode body = Json.object();
        body.put("method", command.method());
        body.set("params", Json.read(command.params()));
        return body;
    }

    /** A device's reply to a command, kept as JSON; plain text (not JSON) is kept as a JSON string. */
    public static String replyText(byte[] payload) {
        try {
            return Json.write(Json.parse(payload));
        } catch (FeedlineException e) {
            return Json.write(Json.MAPPER.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8)));
        }
    }

    /** "a1,a2" → [a1, a2]; null or blank → null (meaning all). */
    public static List<String> keys(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) return null;
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }
}
