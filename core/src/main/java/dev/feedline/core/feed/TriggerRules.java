package dev.feedline.core.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Feed;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Translates an Adafruit IO v2 trigger (docs/ADAFRUIT.md, Triggers) into the body of a Feedline rule, so the one
 * rules engine evaluates it. Supported: reactive triggers on a feed compared with a value ({@code value}) or with
 * another feed's latest value ({@code to_feed_id}), with the action {@code email} (to the account's address),
 * {@code webhook} ({@code action_url}) or {@code feed} (write {@code action_value} to {@code action_feed_id});
 * {@code notify_on_reset} also runs the action when the condition stops holding. Anything else is refused with a
 * message naming the field, before anything is stored.
 */
public final class TriggerRules {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Adafruit IO's operators (and the short forms) as Feedline's. */
    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("gt", "gt"), Map.entry("lt", "lt"), Map.entry("eq", "eq"),
            Map.entry("ne", "ne"), Map.entry("gte", "ge"), Map.entry("ge", "ge"), Map.entry("lte", "le"), Map.entry("le", "le"));

    /** What the translation needs from the account: its feeds (by id or key) and the email address of its owner. */
    public interface Account {
        Feed feed(String field, JsonNode idOrKey);

        String streamSlug(Feed feed);

        String email();
    }

    private TriggerRules() {}

    /** The rule body (docs/RULES.md) for the org {@code orgSlug}; throws a 400 naming the field it cannot map. */
    public static ObjectNode rule(String orgSlug, JsonNode trigger, Account account) {
        String type = text(trigger, "trigger_type");
        if (type != null && !type.equalsIgnoreCase("reactive")) {
            throw FeedlineException.invalidField("trigger_type", "only reactive triggers are evaluated here; " + type + " triggers are not supported");
        }
        if (!trigger.hasNonNull("feed_id")) throw FeedlineException.invalidField("feed_id", "this field is required (the feed the trigger watches)");
        Feed feed = account.feed("feed_id", trigger.get("feed_id"));
        ObjectNode rule = MAPPER.createObjectNode();
        rule.put("org", orgSlug);
        String name = text(trigger, "name");
        rule.put("name", name == null || name.isBlank() ? "Trigger on " + feed.key() : name);
        JsonNode enabled = trigger.get("enabled");
        rule.put("enabled", enabled == null || enabled.isNull() || enabled.asBoolean(true) && !"false".equalsIgnoreCase(enabled.asText()));
        ObjectNode scope = rule.putObject("scope");
        scope.put("kind", "stream");
        scope.put("target", account.streamSlug(feed));
        rule.set("condition", condition(trigger, account));
        rule.put("alarm", false);
        rule.set("actions", actions(trigger, account));
        return rule;
    }

    private static ObjectNode condition(JsonNode trigger, Account account) {
        String operator = text(trigger, "operator");
        if (operator == null) throw FeedlineException.invalidField("operator", "this field is required: " + String.join(", ", OPERATORS.keySet().stream().sorted().toList()));
        String op = OPERATORS.get(operator.toLowerCase(Locale.ROOT));
        if (op == null) throw FeedlineException.invalidField("operator", "'" + operator + "' is not supported; supported: " + String.join(", ", OPERATORS.keySet().stream().sorted().toList()));
        ObjectNode c = MAPPER.createObjectNode();
        c.put("op", op);
        if (trigger.hasNonNull("to_feed_id")) {
            c.put("kind", "compare");
            c.put("stream", account.streamSlug(account.feed("to_feed_id", trigger.get("to_feed_id"))));
            return c;
        }
        JsonNode value = trigger.get("value");
        if (value == null || value.isNull() || value.isContainerNode()) throw FeedlineException.invalidField("value", "give a value (or to_feed_id) to compare the feed with");
        c.put("kind", "threshold");
        Double number = number(value);
        if (number != null) {
            c.put("value", number);
        } else if (op.equals("eq") || op.equals("ne")) {
            c.put("text", value.asText());
        } else {
            throw FeedlineException.invalidField("value", "must be a number for " + operator + " (a text is compared with eq or ne only)");
        }
        return c;
    }

    private static ArrayNode actions(JsonNode trigger, Account account) {
        ArrayNode out = MAPPER.createArrayNode();
        String action = text(trigger, "action");
        if (action == null || action.isBlank()) return out;
        ObjectNode a = out.addObject();
        switch (action.toLowerCase(Locale.ROOT)) {
            case "email" -> {
                a.put("kind", "email");
                a.putArray("to").add(account.email());
                a.put("subject", "Adafruit IO trigger {{rule}}: {{value}}");
                a.put("body", "Trigger {{rule}} was {{transition}} at {{at}} by the value {{value}}.");
            }
            case "webhook" -> {
                String url = text(trigger, "action_url");
                if (url == null || url.isBlank()) throw FeedlineException.invalidField("action_url", "a webhook action needs the URL to call");
                a.put("kind", "webhook");
                a.put("url", url);
            }
            case "feed" -> {
                if (!trigger.hasNonNull("action_feed_id")) throw FeedlineException.invalidField("action_feed_id", "a feed action needs the feed to write to");
                a.put("kind", "write");
                a.put("feed", account.feed("action_feed_id", trigger.get("action_feed_id")).key());
                JsonNode value = trigger.get("action_value");
                if (value == null || value.isNull()) a.put("value", "{{value}}"); else a.set("value", value.isNumber() || value.isBoolean() ? value : MAPPER.getNodeFactory().textNode(value.asText()));
            }
            default -> throw FeedlineException.invalidField("action", "'" + action + "' is not supported; supported: email, webhook, feed");
        }
        JsonNode reset = trigger.get("notify_on_reset");
        ArrayNode on = a.putArray("on").add("fired");
        if (reset != null && (reset.asBoolean(false) || "true".equalsIgnoreCase(reset.asText()))) on.add("cleared");
        return out;
    }

    private static Double number(JsonNode v) {
        if (v.isNumber()) return v.asDouble();
        try {
            double d = Double.parseDouble(v.asText().trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Reads a trigger's stored JSON. */
    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw FeedlineException.invalid("a trigger must be a JSON object");
        }
    }

    /** Adafruit IO names a feed by id (a number, also as text) or by key. */
    static Feed feed(dev.feedline.core.port.MetadataStore store, long orgId, String field, JsonNode idOrKey) {
        Function<String, FeedlineException> missing = what -> FeedlineException.invalidField(field, "no feed " + what + " in this account");
        String text = idOrKey.asText();
        if (idOrKey.isIntegralNumber() || text.matches("\\d{1,18}")) {
            return store.feeds().byId(Long.parseLong(text)).filter(f -> f.orgId() == orgId).orElseThrow(() -> missing.apply(text));
        }
        return store.feeds().byKey(orgId, text).orElseThrow(() -> missing.apply("'" + text + "'"));
    }
}
