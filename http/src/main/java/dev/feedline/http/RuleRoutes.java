package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.rule.AlarmService;
import dev.feedline.core.rule.RuleService;
import dev.feedline.core.rule.RuleState;
import dev.feedline.json.AlarmJson;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.Alarm;
import dev.feedline.model.Rule;
import dev.feedline.model.Slugs;
import io.javalin.http.Context;
import java.time.Instant;

/** /api/v1/rule/ and /api/v1/alarm/: Feedline's rules and the alarms they raise (docs/RULES.md). */
final class RuleRoutes {
    private final Services s;
    private final Views views;

    RuleRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    void register(Router r) {
        r.get("/api/v1/rule/", this::listRules);
        r.post("/api/v1/rule/", ctx -> Http.created(ctx, rule(s.rules().create(caller(ctx), Json.parse(ctx.bodyAsBytes())))));
        r.get("/api/v1/rule/{id}/", ctx -> Http.ok(ctx, rule(s.rules().get(caller(ctx), Http.longParam(ctx, "id")))));
        r.patch("/api/v1/rule/{id}/", this::updateRule);
        r.put("/api/v1/rule/{id}/", this::updateRule);
        r.delete("/api/v1/rule/{id}/", ctx -> {
            s.rules().delete(caller(ctx), Http.longParam(ctx, "id"));
            ctx.status(204);
        });
        r.get("/api/v1/rule/{id}/state/", this::states);
        r.get("/api/v1/alarm/", this::listAlarms);
        r.get("/api/v1/alarm/count/", this::counts);
        r.get("/api/v1/alarm/{id}/", ctx -> Http.ok(ctx, alarm(s.alarms().get(caller(ctx), Http.longParam(ctx, "id")))));
        r.post("/api/v1/alarm/{id}/ack/", ctx -> Http.ok(ctx, alarm(s.alarms().acknowledge(caller(ctx), Http.longParam(ctx, "id")))));
        r.post("/api/v1/alarm/{id}/clear/", ctx -> Http.ok(ctx, alarm(s.alarms().clear(caller(ctx), Http.longParam(ctx, "id")))));
        r.get("/api/v1/alarm/{id}/history/", this::history);
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void listRules(Context ctx) {
        Caller caller = caller(ctx);
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = s.rules().list(caller, ctx.queryParam("org"), ctx.queryParam("project"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(this::rule).toList()));
    }

    private void updateRule(Context ctx) {
        Http.ok(ctx, rule(s.rules().update(caller(ctx), Http.longParam(ctx, "id"), Json.parse(ctx.bodyAsBytes()))));
    }

    private void states(Context ctx) {
        ArrayNode out = Json.array();
        for (RuleState st : s.rules().states(caller(ctx), Http.longParam(ctx, "id"))) {
            ObjectNode n = out.addObject();
            n.put("originator", st.originator());
            n.put("active", st.active());
            micros(n, "since", st.sinceMicros());
            n.put("in_row", st.inRow());
            micros(n, "seen", st.seenMicros());
            if (st.lastValue() == null) n.putNull("last_value"); else n.put("last_value", st.lastValue());
            n.put("last_text", st.lastText());
        }
        results(ctx, out);
    }

    /** An unpaged list: {count, results}. */
    private static void results(Context ctx, ArrayNode out) {
        ObjectNode body = Json.object();
        body.put("count", out.size());
        body.set("results", out);
        Http.ok(ctx, body);
    }

    private static void micros(ObjectNode n, String field, Long micros) {
        time(n, field, micros == null ? null : Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS));
    }

    private void listAlarms(Context ctx) {
        Caller caller = caller(ctx);
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        String rule = ctx.queryParam("rule");
        Long ruleId = null;
        if (rule != null) {
            try {
                ruleId = Long.parseLong(rule);
            } catch (NumberFormatException e) {
                throw FeedlineException.invalidField("rule", "must be a rule id");
            }
        }
        var q = new AlarmService.Query(ctx.queryParam("org"), ctx.queryParam("status"), ctx.queryParam("severity"), ctx.queryParam("project"),
                ctx.queryParam("device"), ruleId);
        var page = s.alarms().list(caller, q, p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(this::alarm).toList()));
    }

    /** ?by=project (default) or device: open alarms counted per project or device. */
    private void counts(Context ctx) {
        String by = ctx.queryParamAsClass("by", String.class).getOrDefault("project");
        if (!by.equals("project") && !by.equals("device")) throw FeedlineException.invalidField("by", "must be project or device");
        boolean byDevice = by.equals("device");
        ArrayNode out = Json.array();
        for (dev.feedline.model.AlarmCount c : s.alarms().openCounts(caller(ctx), ctx.queryParam("org"), byDevice, ctx.queryParam("project"))) {
            ObjectNode n = out.addObject();
            n.put(by, byDevice ? Slugs.device(c.id()) : s.related().project(c.id()).map(pr -> Slugs.project(pr.gid())).orElse(null));
            n.put("active", c.active());
            n.put("acknowledged", c.acknowledged());
            n.put("open", c.active() + c.acknowledged());
        }
        results(ctx, out);
    }

    private void history(Context ctx) {
        ArrayNode out = Json.array();
        for (Alarm.Entry e : s.alarms().history(caller(ctx), Http.longParam(ctx, "id"))) {
            ObjectNode n = out.addObject();
            n.put("what", e.what());
            n.put("timestamp", WireTime.format(e.at()));
            n.put("by", e.by() == null ? null : views.usernameOf(e.by()));
            if (e.value() == null) n.putNull("value"); else n.put("value", e.value());
            n.put("text", e.text());
        }
        results(ctx, out);
    }

    private ObjectNode rule(Rule r) {
        ObjectNode n = Json.object();
        n.put("id", r.id());
        n.put("org", views.orgSlugOf(r.orgId()));
        n.put("project", s.related().project(r.projectId()).map(p -> Slugs.project(p.gid())).orElse(null));
        n.setAll(RuleService.wire(r));
        // Which dialect made it (docs/RULES.md, Other dialects): "feedline", "iotile-filter" or "adafruit-trigger", and its name there.
        var origin = s.rules().origin(r.id());
        n.put("source", origin.map(o -> o.dialect()).orElse("feedline"));
        n.put("source_ref", origin.map(o -> o.ref()).orElse(null));
        n.put("created_by", views.usernameOf(r.createdBy()));
        n.put("created_on", WireTime.format(r.createdOn()));
        n.put("updated_on", WireTime.format(r.updatedOn()));
        return n;
    }

    /** The REST form of an alarm: the live form plus its org, project, details and who acknowledged and cleared it. */
    private ObjectNode alarm(Alarm a) {
        ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("org", views.orgSlugOf(a.orgId()));
        n.put("project", s.related().project(a.projectId()).map(p -> Slugs.project(p.gid())).orElse(null));
        n.setAll(AlarmJson.live(a));
        if (a.details() == null) n.putNull("details"); else n.set("details", Json.read(a.details()));
        n.put("acked_by", a.ackedBy() == null ? null : views.usernameOf(a.ackedBy()));
        n.put("cleared_by", a.clearedBy() == null ? null : views.usernameOf(a.clearedBy()));
        return n;
    }

    private static void time(ObjectNode n, String field, Instant t) {
        if (t == null) n.putNull(field); else n.put(field, WireTime.format(t));
    }
}
