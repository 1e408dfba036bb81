package dev.feedline.core.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.action.ActionSpecs;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An IOTile stream filter (states, transitions with triggers, state actions; iotile_cloud's streamfilter app) as a
 * Feedline rule, both ways, without touching a store. What fits (docs/RULES.md, Other dialects): two states; a
 * transition from the first (the initial state) to the second with one trigger (the rule's condition) and
 * optionally one back with one trigger (its clear condition); triggers {@code gt lt ge le eq ne} on
 * {@code user_threshold}; actions {@code eml} (email addresses), {@code cus} ({@code extra_payload.url}: a
 * webhook), {@code slk} ({@code extra_payload.slack_webhook}: a Slack message), {@code drv}
 * ({@code extra_payload.output_stream}: write the value). Entering the second state (or leaving the first) is the
 * rule firing; entering the first (or leaving the second) is it clearing.
 */
public final class FilterShape {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> OPERATOR_DISPLAY = Map.of("eq", "Equal (==)", "ne", "Not Equal (!=)", "le", "Less or equal than (<=)",
            "ge", "Greater or equal than (>=)", "lt", "Less than (<)", "gt", "Greater than (>)", "bu", "Buffer (no-op)");
    private static final Set<String> REFUSED_ACTIONS = Set.of("sms", "rpt", "smry");

    private FilterShape() {}

    /**
     * The rule's condition, clear condition and actions for a filter body (its {@code states} and
     * {@code transitions}), and the doc the rule's origin keeps (state labels, action types as sent).
     */
    public record Translation(ObjectNode condition, ObjectNode clear, ArrayNode actions, ObjectNode doc) {}

    public static Translation toRule(JsonNode body) {
        JsonNode states = body.get("states");
        JsonNode transitions = body.get("transitions");
        if (states == null || !states.isArray() || transitions == null || !transitions.isArray()) {
            throw FeedlineException.invalidField("states", "a filter is created whole here: give its states and transitions in the body"
                    + " (the state/, transition/, trigger/ and action/ sub-resources are not served)");
        }
        if (states.size() != 2) throw FeedlineException.invalidField("states", "a filter maps to a rule with exactly two states (got " + states.size() + ")");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonNode label = states.get(i).get("label");
            if (label == null || !label.isTextual() || label.asText().isBlank()) throw FeedlineException.invalidField("states[" + i + "].label", "this field is required");
            if (label.asText().length() > 50) throw FeedlineException.invalidField("states[" + i + "].label", "at most 50 characters");
            labels.add(label.asText());
        }
        if (slug(labels.get(0)).equals(slug(labels.get(1)))) throw FeedlineException.invalidField("states[1].label", "State already exists");
        if (transitions.isEmpty() || transitions.size() > 2) {
            throw FeedlineException.invalidField("transitions", "one transition (into the second state) or two (there and back); got " + transitions.size());
        }
        int initial = state(transitions.get(0), "src", labels, "transitions[0]");
        ObjectNode condition = null;
        ObjectNode clear = null;
        for (int i = 0; i < transitions.size(); i++) {
            String field = "transitions[" + i + "]";
            int src = state(transitions.get(i), "src", labels, field);
            int dst = state(transitions.get(i), "dst", labels, field);
            if (src == dst) throw FeedlineException.invalidField(field + ".dst", "a transition goes to the other state");
            ObjectNode c = trigger(transitions.get(i).get("triggers"), field + ".triggers");
            if (src == initial) {
                if (condition != null) throw FeedlineException.invalidField(field, "Transition already exists");
                condition = c;
            } else {
                if (clear != null) throw FeedlineException.invalidField(field, "Transition already exists");
                clear = c;
            }
        }
        ArrayNode actions = MAPPER.createArrayNode();
        ArrayNode kept = MAPPER.createArrayNode();
        for (int s = 0; s < 2; s++) {
            JsonNode list = states.get(s).get("actions");
            if (list == null || list.isNull()) continue;
            if (!list.isArray()) throw FeedlineException.invalidField("states[" + s + "].actions", "must be a list");
            for (int a = 0; a < list.size(); a++) {
                String field = "states[" + s + "].actions[" + a + "]";
                JsonNode in = list.get(a);
                String on = in.path("on").asText("entry");
                if (!on.equals("entry") && !on.equals("exit")) throw FeedlineException.invalidField(field + ".on", "entry or exit");
                // entering the second state or leaving the first is the firing; the other two are the clearing
                boolean fired = (s == initial) == on.equals("exit");
                ObjectNode action = action(in, field);
                action.putArray("on").add(fired ? "fired" : "cleared");
                actions.add(action);
                ObjectNode k = kept.addObject();
                k.put("type", in.path("type").asText());
                k.put("on", on);
                k.put("state", s);
                k.set("extra_payload", in.get("extra_payload") == null ? MAPPER.nullNode() : in.get("extra_payload"));
            }
        }
        ObjectNode doc = MAPPER.createObjectNode();
        doc.putArray("states").add(labels.get(initial)).add(labels.get(1 - initial));
        doc.set("actions", kept);
        return new Translation(condition, clear, actions, doc);
    }

    private static int state(JsonNode transition, String name, List<String> labels, String field) {
        JsonNode v = transition.get(name);
        if (v == null || v.isNull()) throw FeedlineException.invalidField(field + "." + name, "a state's label or id (transitions from any state are not supported)");
        if (v.isIntegralNumber() && (v.asInt() == 1 || v.asInt() == 2)) return v.asInt() - 1; // the ids this server gives the states
        int i = labels.indexOf(v.asText());
        if (i < 0) throw FeedlineException.invalidField(field + "." + name, "Src and dst must be states of the filter");
        return i;
    }

    private static ObjectNode trigger(JsonNode triggers, String field) {
        if (triggers == null || !triggers.isArray() || triggers.size() != 1) {
            throw FeedlineException.invalidField(field, "exactly one trigger per transition (an operator and a user_threshold)");
        }
        JsonNode t = triggers.get(0);
        String op = t.path("operator").asText("");
        if (op.equals("bu")) throw FeedlineException.invalidField(field + "[0].operator", "bu (buffer) triggers are not supported");
        if (!OPERATOR_DISPLAY.containsKey(op)) throw FeedlineException.invalidField(field + "[0].operator", "one of gt, lt, ge, le, eq, ne");
        JsonNode threshold = t.hasNonNull("user_threshold") ? t.get("user_threshold") : t.get("threshold");
        if (threshold == null || !threshold.isNumber()) throw FeedlineException.invalidField(field + "[0].user_threshold", "a number is required");
        ObjectNode c = MAPPER.createObjectNode();
        c.put("kind", "threshold");
        c.put("op", op);
        c.put("value", threshold.asDouble());
        return c;
    }

    private static ObjectNode action(JsonNode in, String field) {
        String type = in.path("type").asText("");
        JsonNode extra = in.path("extra_payload");
        ObjectNode out = MAPPER.createObjectNode();
        switch (type) {
            case "eml" -> {
                ArrayNode to = out.put("kind", "email").putArray("to");
                JsonNode r = extra.get("notification_recipient") != null ? extra.get("notification_recipient") : extra.get("notification_recipients");
                List<JsonNode> list = new ArrayList<>();
                if (r != null && r.isArray()) r.forEach(list::add); else if (r != null && r.isTextual()) list.add(r);
                if (list.isEmpty()) throw FeedlineException.invalidField(field + ".extra_payload.notification_recipient", "one or more email addresses");
                for (JsonNode a : list) {
                    String address = a.asText().startsWith("email:") ? a.asText().substring(6) : a.asText();
                    if (!address.contains("@")) throw FeedlineException.invalidField(field + ".extra_payload.notification_recipient", "only email addresses are supported (not '" + a.asText() + "')");
                    to.add(address);
                }
                out.put("subject", "{{rule}}: {{value}}");
                String note = extra.path("body").asText(extra.path("custom_note").asText(""));
                out.put("body", note.isBlank() ? "Filter {{rule}} {{transition}} at {{at}} with the value {{value}} on {{stream}}." : note);
            }
            case "cus" -> {
                if (!extra.path("url").isTextual()) {
                    throw FeedlineException.invalidField(field + ".extra_payload.url", "a custom action here calls a webhook: give its url (AWS SNS topics are not supported)");
                }
                out.put("kind", "webhook").put("url", extra.get("url").asText());
            }
            case "slk" -> {
                if (!extra.path("slack_webhook").isTextual()) throw FeedlineException.invalidField(field + ".extra_payload.slack_webhook", "the Slack incoming webhook URL is required");
                out.put("kind", "slack").put("url", extra.get("slack_webhook").asText());
                String note = extra.path("custom_note").asText("");
                if (!note.isBlank()) out.put("text", "{{rule}} {{transition}}: {{value}} on {{stream}}. " + note);
            }
            case "drv" -> {
                if (!extra.path("output_stream").isTextual()) throw FeedlineException.invalidField(field + ".extra_payload.output_stream", "the stream to write the value to");
                out.put("kind", "write").put("stream", extra.get("output_stream").asText()).put("value", "{{value}}");
            }
            default -> throw FeedlineException.invalidField(field + ".type", REFUSED_ACTIONS.contains(type)
                    ? type + " actions are not supported (supported: eml, cus, slk, drv)" : "one of eml, cus, slk, drv (sms, rpt and smry are not supported)");
        }
        return out;
    }

    /** Whether a rule reads as a filter: a stream or variable, a numeric threshold, a numeric clear or none, no hold. */
    public static boolean fits(Rule r) {
        boolean scope = r.scope().kind() == RuleScope.Kind.STREAM || r.scope().kind() == RuleScope.Kind.VARIABLE;
        return scope && numeric(r.condition()) && (r.clear() == null || numeric(r.clear())) && r.hold() == null;
    }

    private static boolean numeric(RuleCondition c) { return c.kind() == RuleCondition.Kind.THRESHOLD && c.value() != null; }

    /** The filter slug of a rule's scope: f-- and the stream's slug, or f--{project}----{variable} for a variable. */
    public static String slug(RuleScope scope) {
        String t = scope.target();
        if (scope.kind() == RuleScope.Kind.STREAM) return "f--" + t.substring(3);
        int sep = t.lastIndexOf("--");
        return "f--" + t.substring(3, sep) + "----" + t.substring(sep + 2);
    }

    /**
     * The states, transitions and their triggers of a rule, read back from the rule (so a change through Feedline's
     * API shows), with the labels and action types the filter's doc kept; {@code doc} is null for a rule made
     * through Feedline's API (states "normal" and "alert").
     */
    public static ObjectNode statesAndTransitions(Rule r, JsonNode doc) {
        ObjectNode out = MAPPER.createObjectNode();
        String first = doc == null ? "normal" : doc.path("states").path(0).asText("normal");
        String second = doc == null ? "alert" : doc.path("states").path(1).asText("alert");
        ArrayNode states = out.putArray("states");
        ObjectNode a = state(states, 1, first);
        ObjectNode b = state(states, 2, second);
        List<com.fasterxml.jackson.databind.node.ObjectNode> actions = ActionSpecs.parse(r.actions());
        JsonNode kept = doc == null ? MAPPER.createArrayNode() : doc.path("actions");
        for (int i = 0; i < actions.size(); i++) {
            ObjectNode act = actions.get(i);
            boolean fired = act.path("on").toString().contains("fired");
            JsonNode k = kept.path(i);
            ObjectNode view = MAPPER.createObjectNode();
            view.put("id", i + 1);
            if (!k.isMissingNode() && kindOf(k.path("type").asText()).equals(act.path("kind").asText())) {
                view.put("type", k.path("type").asText());
                view.put("on", k.path("on").asText());
                view.set("extra_payload", urlOfRule(k.get("extra_payload"), act));
                view.put("state", k.path("state").asInt() + 1);
                ((ArrayNode) (k.path("state").asInt() == 0 ? a : b).get("actions")).add(view);
                continue;
            }
            ObjectNode extra = MAPPER.createObjectNode();
            switch (act.path("kind").asText()) {
                case "email" -> { view.put("type", "eml"); extra.set("notification_recipient", act.get("to")); }
                case "webhook" -> { view.put("type", "cus"); extra.put("url", act.path("url").asText()); }
                case "slack" -> { view.put("type", "slk"); extra.put("slack_webhook", act.path("url").asText()); }
                case "write" -> { view.put("type", "drv"); extra.put("output_stream", act.path("stream").asText(act.path("feed").asText())); }
                default -> { continue; } // publish, command, notify: no IOTile action type; see the rule
            }
            view.put("on", "entry");
            view.set("extra_payload", extra);
            view.put("state", fired ? 2 : 1);
            ((ArrayNode) (fired ? b : a).get("actions")).add(view);
        }
        ArrayNode transitions = out.putArray("transitions");
        transition(transitions, 1, 2, r.condition());
        if (r.clear() != null) transition(transitions, 2, 1, r.clear());
        return out;
    }

    /**
     * A kept extra_payload with its URL (a cus action's url, a slk action's slack_webhook) read from the rule's action,
     * as the caller may see it: masked for those who may not edit the rule (the doc keeps what the filter was sent).
     */
    private static JsonNode urlOfRule(JsonNode extra, ObjectNode act) {
        String field = switch (act.path("kind").asText()) {
            case "webhook" -> "url";
            case "slack" -> "slack_webhook";
            default -> null;
        };
        if (field == null || extra == null || !extra.isObject() || !act.has("url")) return extra;
        ObjectNode copy = ((ObjectNode) extra).deepCopy();
        copy.put(field, act.get("url").asText());
        return copy;
    }

    private static String kindOf(String type) {
        return switch (type) {
            case "eml" -> "email";
            case "cus" -> "webhook";
            case "slk" -> "slack";
            case "drv" -> "write";
            default -> "";
        };
    }

    private static ObjectNode state(ArrayNode states, int id, String label) {
        ObjectNode s = states.addObject();
        s.put("id", id);
        s.put("label", label);
        s.put("slug", slug(label));
        s.putArray("actions");
        return s;
    }

    private static void transition(ArrayNode transitions, int src, int dst, RuleCondition c) {
        ObjectNode t = transitions.addObject();
        t.put("id", src + "-" + dst);
        t.put("src", src);
        t.put("dst", dst);
        ObjectNode trigger = t.putArray("triggers").addObject();
        String op = c.op().wire();
        trigger.put("id", src);
        trigger.put("operator", op);
        trigger.put("get_operator_display", OPERATOR_DISPLAY.get(op));
        trigger.put("threshold", c.value());
        trigger.put("user_threshold", c.value());
        trigger.putNull("user_output_unit");
        trigger.putNull("user_unit_full");
    }

    /** Django's slugify, near enough for state labels: lower case, runs of other characters as one dash. */
    static String slug(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_\\s-]", "").trim().replaceAll("[\\s-]+", "-");
    }
}
