package dev.feedline.core.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The payload of one action's delivery job: the firing, the action's index in its rule and the action itself
 * (as validated when the rule was saved), so a job delivers what the rule said when it fired even if the rule
 * changes meanwhile.
 */
record ActionJob(Firing firing, int index, ObjectNode action) {
    String kind() { return action.path("kind").asText(); }

    String toJson() {
        ObjectNode root = ActionSpecs.MAPPER.createObjectNode();
        ObjectNode f = root.putObject("firing");
        f.put("org", firing.orgId());
        f.put("rule", firing.ruleId());
        f.put("rule_name", firing.ruleName());
        f.put("transition", firing.transition());
        f.put("alarm", firing.alarmId());
        f.put("severity", firing.severity());
        f.put("originator", firing.originator());
        f.put("stream", firing.stream());
        f.put("value", firing.value());
        f.put("text", firing.text());
        f.put("at", firing.at().toString());
        f.put("position", firing.position());
        root.put("index", index);
        root.set("action", action);
        return root.toString();
    }

    static ActionJob parse(String json) {
        JsonNode root;
        try {
            root = ActionSpecs.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a rule action job", e);
        }
        JsonNode f = root.path("firing");
        Firing firing = new Firing(f.path("org").asLong(), f.path("rule").asLong(), f.path("rule_name").asText(), f.path("transition").asText(),
                f.hasNonNull("alarm") ? f.get("alarm").asLong() : null, text(f, "severity"), f.path("originator").asText(), text(f, "stream"),
                f.hasNonNull("value") ? f.get("value").asDouble() : null, text(f, "text"), Instant.parse(f.path("at").asText()),
                f.path("position").asLong());
        return new ActionJob(firing, root.path("index").asInt(), (ObjectNode) root.path("action"));
    }

    private static String text(JsonNode node, String field) { return node.hasNonNull(field) ? node.get(field).asText() : null; }
}
