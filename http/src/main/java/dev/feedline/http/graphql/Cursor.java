package dev.feedline.http.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An opaque cursor: the values of the order's keys in the last row a page returned (keyset pagination). The next page
 * starts after that place in the order, so rows inserted or deleted meanwhile neither repeat nor skip rows.
 */
final class Cursor {
    private Cursor() {}

    static String after(Map<String, Object> row, List<OrderBy.Key> keys) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (OrderBy.Key k : keys) {
            Object v = row.get(k.field());
            if (v == null) out.addNull();
            else if (v instanceof Instant t) out.addObject().put("t", t.toString());
            else if (v instanceof Number n) out.add(n.doubleValue());
            else if (v instanceof Boolean b) out.add(b);
            else out.add(v.toString());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sorted rows after the cursor's place. Whatever a client makes up is INVALID on after, never an internal
     * error: the cursor's text, its shape, and its values against the rows' (a time where the order has a time).
     */
    static List<Map<String, Object>> rowsAfter(List<Map<String, Object>> sorted, String cursor, List<OrderBy.Key> keys,
                                               Comparator<Map<String, Object>> order) {
        Map<String, Object> from = row(cursor, keys);
        try {
            return sorted.stream().filter(r -> order.compare(r, from) > 0).toList();
        } catch (DateTimeException | ClassCastException e) {
            throw notOurs();
        }
    }

    /** The row the cursor stands for, holding only the order's keys. */
    static Map<String, Object> row(String cursor, List<OrderBy.Key> keys) {
        JsonNode values;
        try {
            values = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (Exception e) {
            throw notOurs();
        }
        if (values == null || !values.isArray() || values.size() != keys.size()) throw FeedlineException.invalidField("after", "a cursor of another order_by");
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) row.put(keys.get(i).field(), value(values.get(i)));
        return row;
    }

    private static Object value(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual()) return v.asText();
        if (v.isObject() && v.size() == 1 && v.path("t").isTextual()) {
            try {
                return Instant.parse(v.get("t").asText());
            } catch (DateTimeException e) {
                throw notOurs();
            }
        }
        throw notOurs();
    }

    private static FeedlineException notOurs() { return FeedlineException.invalidField("after", "not a cursor of this API"); }
}
