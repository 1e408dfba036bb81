package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.data.PointInput;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import dev.feedline.model.ValueType;
import java.util.Set;

/**
 * Reads one IOTile data record: {@code stream} and {@code timestamp} required, then exactly one of
 * {@code int_value} (raw integer) or {@code value}. A numeric value is a number point; Feedline also
 * takes a string (text point) or an object, array or boolean (JSON point).
 */
final class PointParser {
    private static final Set<String> TYPES = Set.of("Num", "ITR", "P-0", "P-1", "P-E", "Str", "Json");

    private PointParser() {}

    static PointInput parse(Body b) {
        String stream = b.requiredStr("stream");
        if (b.raw("timestamp") == null) throw FeedlineException.invalidField("timestamp", "this field is required");
        var timestamp = b.instant("timestamp");
        String type = b.str("type");
        if (type != null && !TYPES.contains(type)) throw FeedlineException.invalidField("type", "one of " + TYPES);
        Long intValue = b.lng("int_value");
        JsonNode value = b.raw("value");
        if ((intValue == null) == (value == null)) throw FeedlineException.invalid("give exactly one of int_value or value");
        ValueType valueType;
        Double number = null;
        String text = null;
        if (intValue != null) {
            valueType = ValueType.NUMERIC;
            number = intValue.doubleValue();
        } else if (value.isNumber()) {
            valueType = ValueType.NUMERIC;
            number = b.dbl("value");
        } else if (value.isTextual()) {
            valueType = ValueType.TEXT;
            text = value.asText();
        } else {
            valueType = ValueType.JSON;
            text = Json.write(value);
        }
        return new PointInput(stream, timestamp, valueType, number, intValue, text, b.dbl("lat"), b.dbl("lon"), b.dbl("ele"),
                b.lng("streamer_local_id"), b.lng("device_timestamp"), b.str("status"));
    }
}
