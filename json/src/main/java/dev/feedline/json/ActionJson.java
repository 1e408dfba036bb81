package dev.feedline.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.action.ActionAttempt;
import dev.feedline.core.action.Notification;

/** Rule actions on the wire: an attempt of the action log, and an in-app notification (docs/API.md). */
public final class ActionJson {
    private ActionJson() {}

    public static ObjectNode of(ActionAttempt a) {
        ObjectNode o = Json.object();
        o.put("id", a.id());
        o.put("rule", a.ruleId());
        o.put("action", a.index());
        o.put("kind", a.kind());
        o.put("target", a.target());
        o.put("pid", a.pid());
        o.put("attempt", a.attempt());
        o.put("ok", a.ok());
        o.put("error", a.error());
        o.put("duration_ms", a.durationMs());
        o.put("created_on", WireTime.format(a.at()));
        return o;
    }

    public static ObjectNode of(Notification n) {
        ObjectNode o = Json.object();
        o.put("id", n.id());
        o.put("rule", n.ruleId());
        o.put("alarm", n.alarmId());
        o.put("severity", n.severity());
        o.put("title", n.title());
        o.put("body", n.body());
        o.put("link", n.link());
        o.put("read", n.read());
        o.put("created_on", WireTime.format(n.createdOn()));
        return o;
    }
}
