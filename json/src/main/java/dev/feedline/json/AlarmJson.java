package dev.feedline.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.model.Alarm;
import dev.feedline.model.Slugs;
import java.time.Instant;

/** An alarm as the live APIs send it (WebSocket {@code alarm} messages, MQTT {@code .../alarm} topics): ids and slugs, no lookups. */
public final class AlarmJson {
    private AlarmJson() {}

    public static ObjectNode live(Alarm a) {
        ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("rule", a.ruleId());
        n.put("rule_name", a.ruleName());
        n.put("originator", a.originator());
        n.put("device", a.deviceId() == null ? null : Slugs.device(a.deviceId()));
        n.put("severity", a.severity().wire());
        n.put("status", a.status().wire());
        if (a.value() == null) n.putNull("value"); else n.put("value", a.value());
        n.put("text", a.text());
        time(n, "created_on", a.createdOn());
        time(n, "acked_on", a.ackedOn());
        time(n, "cleared_on", a.clearedOn());
        time(n, "updated_on", a.updatedOn());
        return n;
    }

    private static void time(ObjectNode n, String field, Instant t) {
        if (t == null) n.putNull(field); else n.put(field, WireTime.format(t));
    }
}
