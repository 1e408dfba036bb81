package dev.feedline.http.aio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request body the way Adafruit IO clients send it: JSON (wrapped in {"feed": {...}} or bare),
 * form-encoded (Arduino) or multipart (curl -F). Null means absent; numbers and flags may come as
 * strings ("history": "ON"); a field of a shape that fits nothing is INVALID naming the field.
 */
final class AioBody {
    private final JsonNode node;

    private AioBody(JsonNode node) { this.node = node; }

    /** The body as JSON: a form becomes an object of its fields; an empty body an empty object. */
    static JsonNode raw(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
            ObjectNode out = Json.object();
            for (Map.Entry<String, List<String>> e : ctx.formParamMap().entrySet()) {
                if (!e.getValue().isEmpty()) out.put(e.getKey(), e.getValue().get(0));
            }
            return Json.checked(out);
        }
        byte[] bytes = ctx.bodyAsBytes();
        return bytes.length == 0 ? Json.object() : Json.parse(bytes);
    }

    /** The object of the body, unwrapped from {"wrapper": {...}} when it comes wrapped. */
    static AioBody of(Context ctx, String wrapper) { return of(raw(ctx), wrapper); }

    static AioBody of(JsonNode root, String wrapper) {
        if (root == null || !root.isObject()) throw FeedlineException.invalid("expected a JSON object");
        JsonNode inner = wrapper == null ? null : root.get(wrapper);
        return new AioBody(inner != null && inner.isObject() ? inner : root);
    }

    JsonNode node() { return node; }

    JsonNode get(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    String str(String field) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isValueNode()) throw FeedlineException.invalidField(field, "must be a string");
        return v.asText();
    }

    Double dbl(String field) {
        JsonNode v = get(field);
        if (v == null || v.isTextual() && v.asText().isBlank()) return null;
        try {
            double d = v.isNumber() ? v.asDouble() : v.isTextual() ? Double.parseDouble(v.asText().trim()) : Double.NaN;
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw FeedlineException.invalidField(field, "must be a number");
    }

    Integer integer(String field) {
        Double d = dbl(field);
        if (d == null) return null;
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw FeedlineException.invalidField(field, "must be an integer");
        return d.intValue();
    }

    /** true/false, 1/0, "ON"/"OFF", "yes"/"no", in any case. */
    Boolean bool(String field) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (v.isBoolean()) return v.asBoolean();
        String s = v.asText().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "1", "on", "yes" -> true;
            case "false", "0", "off", "no" -> false;
            default -> throw FeedlineException.invalidField(field, "must be true or false");
        };
    }

    Instant time(String field) {
        String s = str(field);
        return s == null || s.isBlank() ? null : AioTimes.parse(field, s);
    }
}
