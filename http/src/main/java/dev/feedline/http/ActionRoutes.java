package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.ActionJson;
import dev.feedline.json.Json;
import io.javalin.http.Context;

/**
 * What rule actions leave for people (docs/ACTIONS.md): the log of delivery attempts (GET /api/v1/action/log/,
 * ?org= and ?rule= narrow it) and the in-app notifications (GET /api/v1/notification/, ?unread=true; marking one
 * or all read). Both are scoped to the caller's orgs; an org the caller is not in is a 404.
 */
final class ActionRoutes {
    private final Services s;

    ActionRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.get("/api/v1/action/log/", this::log);
        r.get("/api/v1/notification/", this::notifications);
        r.post("/api/v1/notification/read/", this::markAllRead);
        r.post("/api/v1/notification/{id}/read/", ctx -> Http.ok(ctx, ActionJson.of(s.actions().markRead(caller(ctx), Http.longParam(ctx, "id")))));
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void log(Context ctx) {
        Caller caller = caller(ctx);
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        String rule = ctx.queryParam("rule");
        Long ruleId = null;
        if (rule != null && !rule.isBlank()) {
            try {
                ruleId = Long.parseLong(rule.trim());
            } catch (NumberFormatException e) {
                throw FeedlineException.invalidField("rule", "a rule id (an integer)");
            }
        }
        var page = s.actions().log(caller, ctx.queryParam("org"), ruleId, p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(ActionJson::of).toList()));
    }

    private void notifications(Context ctx) {
        Caller caller = caller(ctx);
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = s.actions().notifications(caller, ctx.queryParam("org"), Http.flag(ctx, "unread"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(ActionJson::of).toList()));
    }

    private void markAllRead(Context ctx) {
        Caller caller = caller(ctx);
        Body b = Body.orEmpty(ctx);
        ObjectNode out = Json.object();
        out.put("marked", s.actions().markAllRead(caller, b.str("org")));
        Http.ok(ctx, out);
    }
}
