package dev.feedline.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.FleetTemplate.Kind;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The writable fields of each template kind, with the reference server's names, and their checks. A body is
 * checked whole (every field, unknown ones refused) before anything is stored.
 */
final class TemplateFields {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_TEXT = 200;
    private static final int MAX_LIST = 500;

    enum Type { TEXT, INT, NUMBER, BOOL, OBJECT, TEXTS, SLOTS, VARIABLES }

    private static final Map<Kind, Map<String, Type>> FIELDS = Map.of(
            Kind.DT, fields("external_sku", Type.TEXT, "internal_sku", Type.TEXT, "family", Type.TEXT, "description", Type.TEXT,
                    "major_version", Type.INT, "minor_version", Type.INT, "patch_version", Type.INT,
                    "os_tag", Type.INT, "os_major_version", Type.INT, "os_minor_version", Type.INT,
                    "hw_tag", Type.INT, "hw_major_version", Type.INT, "slots", Type.SLOTS, "released_on", Type.TEXT, "active", Type.BOOL),
            Kind.SG, fields("name", Type.TEXT, "major_version", Type.INT, "minor_version", Type.INT, "patch_version", Type.INT,
                    "app_tag", Type.INT, "app_major_version", Type.INT, "app_minor_version", Type.INT, "project_template", Type.TEXT,
                    "variable_templates", Type.VARIABLES, "ui_extra", Type.OBJECT, "report_processing_engine_ver", Type.INT, "active", Type.BOOL),
            Kind.PT, fields("name", Type.TEXT, "major_version", Type.INT, "minor_version", Type.INT, "patch_version", Type.INT,
                    "extra_data", Type.OBJECT, "active", Type.BOOL),
            Kind.PROPERTY, fields("name", Type.TEXT, "type", Type.TEXT, "default", Type.TEXT, "enums", Type.TEXTS, "extra", Type.OBJECT));

    /** The fields that make a template's slug (or a property template's identity): fixed once created. */
    static final Map<Kind, Set<String>> IDENTITY = Map.of(
            Kind.DT, Set.of("external_sku", "major_version", "minor_version", "patch_version"),
            Kind.SG, Set.of("name", "major_version", "minor_version", "patch_version"),
            Kind.PT, Set.of("name", "major_version", "minor_version", "patch_version"),
            Kind.PROPERTY, Set.of("name"));

    private static final Map<String, Type> VARIABLE_FIELDS = fields("label", Type.TEXT, "lid_hex", Type.TEXT, "derived_lid_hex", Type.TEXT,
            "var_type", Type.TEXT, "default_input_unit", Type.TEXT, "default_output_unit", Type.TEXT, "ctype", Type.TEXT,
            "m", Type.INT, "d", Type.INT, "o", Type.NUMBER, "app_only", Type.BOOL, "web_only", Type.BOOL);

    private TemplateFields() {}

    private static Map<String, Type> fields(Object... pairs) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Type) pairs[i + 1]);
        return m;
    }

    /** The body's writable fields of the kind merged over base (null = a new template), checked; INVALID naming the first wrong field. */
    static ObjectNode merged(Kind kind, ObjectNode base, JsonNode change, Set<String> ignored) {
        if (change == null || !change.isObject()) throw FeedlineException.invalid("the body must be a JSON object");
        ObjectNode out = base == null ? JsonNodeFactory.instance.objectNode() : base.deepCopy();
        Map<String, Type> spec = FIELDS.get(kind);
        for (Iterator<Map.Entry<String, JsonNode>> it = change.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            if (ignored.contains(f)) continue;
            Type t = spec.get(f);
            if (t == null) throw FeedlineException.invalidField(f, "not a field of this template");
            if (base != null && IDENTITY.get(kind).contains(f) && !e.getValue().equals(base.get(f))) {
                throw FeedlineException.invalidField(f, "fixed once created (it makes the slug); create a new version instead");
            }
            if (e.getValue().isNull()) out.remove(f); else out.set(f, checked(f, t, e.getValue()));
        }
        return out;
    }

    private static JsonNode checked(String f, Type t, JsonNode v) {
        switch (t) {
            case TEXT -> {
                if (!v.isTextual()) throw FeedlineException.invalidField(f, "must be a string");
                if (v.textValue().length() > MAX_TEXT) throw FeedlineException.invalidField(f, "at most " + MAX_TEXT + " characters");
            }
            case INT -> {
                if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0 || v.longValue() > 0xFFFFFFFFL) {
                    throw FeedlineException.invalidField(f, "must be a whole number from 0");
                }
            }
            case BOOL -> {
                if (!v.isBoolean()) throw FeedlineException.invalidField(f, "must be true or false");
            }
            case NUMBER -> {
                if (!v.isNumber() || !Double.isFinite(v.doubleValue())) throw FeedlineException.invalidField(f, "must be a number");
            }
            case OBJECT -> {
                if (!v.isObject()) throw FeedlineException.invalidField(f, "must be a JSON object");
            }
            case TEXTS -> {
                list(f, v);
                for (JsonNode item : v) checked(f, Type.TEXT, item);
            }
            case SLOTS -> {
                list(f, v);
                for (JsonNode slot : v) {
                    if (!slot.isObject() || !slot.path("number").isIntegralNumber() || !slot.path("component").isTextual()) {
                        throw FeedlineException.invalidField(f, "each slot is {number, component, hw_tag?}");
                    }
                    if (slot.has("hw_tag") && !slot.get("hw_tag").isNull()) checked(f, Type.INT, slot.get("hw_tag"));
                }
            }
            case VARIABLES -> {
                list(f, v);
                java.util.Set<Integer> lids = new java.util.HashSet<>();
                for (JsonNode vt : v) {
                    if (!vt.isObject()) throw FeedlineException.invalidField(f, "each variable template is an object");
                    for (Iterator<Map.Entry<String, JsonNode>> it = vt.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        Type vtType = VARIABLE_FIELDS.get(e.getKey());
                        if (vtType == null) throw FeedlineException.invalidField(f + "." + e.getKey(), "not a field of a variable template");
                        if (!e.getValue().isNull()) checked(f + "." + e.getKey(), vtType, e.getValue());
                    }
                    if (!vt.path("label").isTextual()) throw FeedlineException.invalidField(f + ".label", "this field is required");
                    int lid = lid(f + ".lid_hex", vt.path("lid_hex").asText(null));
                    if (!lids.add(lid)) throw FeedlineException.invalidField(f + ".lid_hex", "lid " + vt.get("lid_hex").asText() + " appears twice");
                    if (vt.path("d").isIntegralNumber() && vt.get("d").longValue() == 0) throw FeedlineException.invalidField(f + ".d", "must not be 0");
                    if (vt.path("m").isIntegralNumber() && vt.get("m").longValue() == 0) throw FeedlineException.invalidField(f + ".m", "must not be 0");
                }
            }
        }
        return v;
    }

    /** A variable lid written in hex ("5001"), 1..0xFFFF. */
    static int lid(String field, String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > 4) throw FeedlineException.invalidField(field, "a hex lid like 5001 is required");
        try {
            int lid = Integer.parseInt(hex, 16);
            if (lid <= 0) throw FeedlineException.invalidField(field, "must be above 0");
            return lid;
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField(field, "'" + hex + "' is not hex");
        }
    }

    private static void list(String f, JsonNode v) {
        if (!(v instanceof ArrayNode)) throw FeedlineException.invalidField(f, "must be a list");
        if (v.size() > MAX_LIST) throw FeedlineException.invalidField(f, "at most " + MAX_LIST + " items");
    }

    static ObjectNode parse(String body) {
        try {
            return (ObjectNode) MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored template body is not JSON", e);
        }
    }

    static String write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
