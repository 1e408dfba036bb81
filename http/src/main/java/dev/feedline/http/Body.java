package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, validating access to one JSON object from a request. A field of the wrong type is an
 * INVALID error naming the field; a missing optional field is null.
 */
public final class Body {
    private final JsonNode node;

    public Body(JsonNode node) {
        if (node == null || !node.isObject()) throw FeedlineException.invalid("expected a JSON object");
        this.node = node;
    }

    public static Body of(io.javalin.http.Context ctx) { return new Body(Json.parse(ctx.bodyAsBytes())); }

    /** An empty body is an empty object (for actions whose fields are all optional). */
    public static Body orEmpty(io.javalin.http.Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        return bytes.length == 0 ? new Body(Json.object()) : new Body(Json.parse(bytes));
    }

    public JsonNode node() { return node; }

    public boolean has(String field) { return node.hasNonNull(field); }

    public JsonNode raw(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    public String str(String field) {
        JsonNode v = raw(field);
        if (v == null) return null;
        if (!v.isTextual()) throw FeedlineException.invalidField(field, "must be a string");
        return v.asText();
    }

    public String requiredStr(String field) {
        String s = str(field);
        if (s == null) throw FeedlineException.invalidField(field, "this field is required");
        return s;
    }

    public Double dbl(String field) {
        JsonNode v = raw(field);
        if (v == null) return null;
        if (!v.isNumber()) throw FeedlineException.invalidField(field, "must be a number");
        double d = v.asDouble();
        if (!Double.isFinite(d)) throw FeedlineException.invalidField(field, "must be a finite number");
        return d;
    }

    public Long lng(String field) {
        JsonNode v = raw(field);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw FeedlineException.invalidField(field, "must be an integer");
        return v.asLong();
    }

    public Integer integer(String field) {
        Long l = lng(field);
        if (l == null) return null;
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw FeedlineException.invalidField(field, "out of range");
        return l.intValue();
    }

    public Boolean bool(String field) {
        JsonNode v = raw(field);
        if (v == null) return null;
        if (!v.isBoolean()) throw FeedlineException.invalidField(field, "must be true or false");
        return v.asBoolean();
    }

    public Instant instant(String field) {
        String s = str(field);
        return s == null ? null : WireTime.parse(field, s);
    }

    public List<String> strings(String field) {
        JsonNode v = raw(field);
        if (v == null) return null;
        if (!v.isArray()) throw FeedlineException.invalidField(field, "must be a list of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) throw FeedlineException.invalidField(field, "must be a list of strings");
            out.add(item.asText());
        }
        return out;
    }

    /** The objects of a body that is either one object or a list of them. */
    public static List<Body> oneOrMany(JsonNode root) {
        List<Body> out = new ArrayList<>();
        if (root.isArray()) {
            for (JsonNode item : root) out.add(new Body(item));
            if (out.isEmpty()) throw FeedlineException.invalid("the list is empty");
        } else {
            out.add(new Body(root));
        }
        return out;
    }
}
