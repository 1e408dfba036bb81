package dev.feedline.http.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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

    /** The row the cursor stands for, holding only the order's keys. */
    static Map<String, Object> row(String cursor, List<OrderBy.Key> keys) {
        JsonNode values;
        try {
            values = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (Exception e) {
            throw FeedlineException.invalidField("after", "not a cursor of this API");
        }
        if (!values.isArray() || values.size() != keys.size()) throw FeedlineException.invalidField("after", "a cursor of another order_by");
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode v = values.get(i);
            Object value = v.isNull() ? null : v.has("t") ? Instant.parse(v.get("t").asText())
                    : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.asText();
            row.put(keys.get(i).field(), value);
        }
        return row;
    }
}
