package dev.feedline.core.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleCondition.Kind;
import dev.feedline.model.RuleCondition.Op;
import dev.feedline.model.RuleHold;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Conditions and holds as JSON: the wire form of the rules API (see docs/RULES.md), which is also how a rule's
 * definition is stored (then with the compared stream's id next to its slug). Parsing checks every field
 * against {@link RuleLimits} and names the bad one ({@code condition.minutes}).
 */
public final class RuleCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RuleCodec() {}

    /** A condition in wire form; {@code withIds} adds the compared stream's id (the stored form). */
    public static ObjectNode condition(RuleCondition c, boolean withIds) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", c.kind().wire());
        if (c.function() != null) n.put("function", c.function().wire());
        if (c.minutes() != null) n.put("minutes", c.minutes());
        if (c.op() != null) n.put("op", c.op().wire());
        if (c.value() != null) n.put("value", c.value());
        if (c.text() != null) n.put(c.kind() == Kind.CHANGE ? "to" : "text", c.text());
        if (c.min() != null) n.put("min", c.min());
        if (c.max() != null) n.put("max", c.max());
        if (c.outside() != null) n.put("outside", c.outside());
        if (c.stream() != null) n.put("stream", c.stream());
        if (withIds && c.streamId() != null) n.put("stream_id", c.streamId());
        return n;
    }

    public static ObjectNode hold(RuleHold h) {
        ObjectNode n = MAPPER.createObjectNode();
        if (h.seconds() != null) n.put("seconds", h.seconds());
        if (h.points() != null) n.put("points", h.points());
        return n;
    }

    /** The stored definition: condition, clear condition and hold. */
    public static String definition(RuleCondition condition, RuleCondition clear, RuleHold hold) {
        ObjectNode n = MAPPER.createObjectNode();
        n.set("condition", condition(condition, true));
        if (clear != null) n.set("clear", condition(clear, true));
        if (hold != null) n.set("hold", hold(hold));
        return n.toString();
    }

    /** A stored definition read back (it was checked when stored). */
    public record Definition(RuleCondition condition, RuleCondition clear, RuleHold hold) {}

    public static Definition readDefinition(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored rule definition is not JSON", e);
        }
        RuleLimits any = new RuleLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
        return new Definition(parseCondition("condition", n.get("condition"), any, null),
                n.hasNonNull("clear") ? parseCondition("clear", n.get("clear"), any, null) : null,
                n.hasNonNull("hold") ? parseHold("hold", n.get("hold"), any) : null);
    }

    /**
     * A condition from its wire form. {@code streams} resolves a compared stream's slug to its id (checking the
     * caller may read it); null only for the stored form, whose {@code stream_id} was checked when it was stored.
     * A client's {@code stream_id} is never taken: it would name a stream without that check.
     */
    public static RuleCondition parseCondition(String field, JsonNode n, RuleLimits limits, Function<String, Long> streams) {
        if (n == null || n.isNull()) throw FeedlineException.invalidField(field, "this field is required");
        if (!n.isObject()) throw FeedlineException.invalidField(field, "must be an object with a kind");
        Kind kind = parseEnum(Kind.class, field + ".kind", text(n, field, "kind", true));
        return switch (kind) {
            case THRESHOLD -> {
                Op op = op(n, field);
                String t = text(n, field, "text", false);
                if (t != null) {
                    if (op != Op.EQ && op != Op.NE) throw FeedlineException.invalidField(field + ".op", "a text is compared with eq or ne only");
                    if (n.hasNonNull("value")) throw FeedlineException.invalidField(field, "give a value or a text, not both");
                    yield RuleCondition.text(op, t);
                }
                yield RuleCondition.threshold(op, number(n, field, "value"));
            }
            case RANGE -> {
                double min = number(n, field, "min");
                double max = number(n, field, "max");
                if (min > max) throw FeedlineException.invalidField(field + ".max", "must not be below min");
                JsonNode outside = n.get("outside");
                if (outside != null && !outside.isNull() && !outside.isBoolean()) throw FeedlineException.invalidField(field + ".outside", "must be true or false");
                yield RuleCondition.range(min, max, outside != null && outside.asBoolean());
            }
            case CHANGE -> RuleCondition.change(text(n, field, "to", false));
            case COMPARE -> {
                Op op = op(n, field);
                String slug = text(n, field, "stream", true);
                Long id = streams == null ? Long.valueOf(n.path("stream_id").asLong()) : streams.apply(slug);
                yield RuleCondition.compare(op, id == null ? 0 : id, slug);
            }
            case WINDOW -> {
                RuleCondition.Function fn = parseEnum(RuleCondition.Function.class, field + ".function", text(n, field, "function", true));
                int minutes = integer(n, field, "minutes", limits.maxWindowMinutes());
                yield RuleCondition.window(fn, minutes, op(n, field), number(n, field, "value"));
            }
            case NO_DATA -> RuleCondition.noData(integer(n, field, "minutes", limits.maxSilenceMinutes()));
            case OFFLINE -> RuleCondition.offline(integer(n, field, "minutes", limits.maxSilenceMinutes()));
        };
    }

    public static RuleHold parseHold(String field, JsonNode n, RuleLimits limits) {
        if (!n.isObject()) throw FeedlineException.invalidField(field, "must be an object with seconds or points");
        boolean seconds = n.hasNonNull("seconds");
        boolean points = n.hasNonNull("points");
        if (seconds == points) throw FeedlineException.invalidField(field, "give seconds or points (one of them)");
        return seconds ? new RuleHold(integer(n, field, "seconds", limits.maxHoldSeconds()), null)
                : new RuleHold(null, integer(n, field, "points", limits.maxHoldPoints()));
    }

    private static Op op(JsonNode n, String field) { return parseEnum(Op.class, field + ".op", text(n, field, "op", true)); }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String choices = String.join(", ", Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            throw FeedlineException.invalidField(field, "must be one of " + choices);
        }
    }

    private static String text(JsonNode n, String field, String name, boolean required) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            if (required) throw FeedlineException.invalidField(field + "." + name, "this field is required");
            return null;
        }
        if (!v.isTextual()) throw FeedlineException.invalidField(field + "." + name, "must be a string");
        return v.asText();
    }

    private static double number(JsonNode n, String field, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) throw FeedlineException.invalidField(field + "." + name, "this field is required");
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw FeedlineException.invalidField(field + "." + name, "must be a finite number");
        return v.asDouble();
    }

    private static int integer(JsonNode n, String field, String name, int max) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) throw FeedlineException.invalidField(field + "." + name, "this field is required");
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw FeedlineException.invalidField(field + "." + name, "must be a whole number");
        int i = v.asInt();
        if (i < 1 || i > max) throw FeedlineException.invalidField(field + "." + name, "must be 1 to " + max);
        return i;
    }
}
