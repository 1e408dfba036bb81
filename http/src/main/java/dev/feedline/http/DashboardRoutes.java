package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.dashboard.Dashboards;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.Dashboard;
import io.javalin.http.Context;

/** /api/v1/dashboard/: dashboards and their widget layouts. */
final class DashboardRoutes {
    private final Services s;
    private final Views views;

    DashboardRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    void register(Router r) {
        r.get("/api/v1/dashboard/", this::list);
        r.post("/api/v1/dashboard/", ctx -> {
            Body b = Body.of(ctx);
            Http.created(ctx, view(s.dashboards().create(caller(ctx), b.str("org"), changes(b))));
        });
        r.get("/api/v1/dashboard/{id}/", ctx -> Http.ok(ctx, view(s.dashboards().get(caller(ctx), Http.longParam(ctx, "id")))));
        r.patch("/api/v1/dashboard/{id}/", this::update);
        r.put("/api/v1/dashboard/{id}/", this::update);
        r.delete("/api/v1/dashboard/{id}/", ctx -> {
            s.dashboards().delete(caller(ctx), Http.longParam(ctx, "id"));
            ctx.status(204);
        });
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        ArrayNode out = Json.array();
        s.dashboards().list(caller(ctx)).forEach(d -> out.add(view(d)));
        ctx.json(out);
    }

    private void update(Context ctx) {
        Http.ok(ctx, view(s.dashboards().update(caller(ctx), Http.longParam(ctx, "id"), changes(Body.of(ctx)))));
    }

    private static Dashboards.Changes changes(Body b) {
        JsonNode layout = b.raw("layout");
        if (layout != null && !layout.isObject()) throw FeedlineException.invalidField("layout", "must be a JSON object");
        return new Dashboards.Changes(b.str("name"), b.bool("shared"), layout == null ? null : Json.write(layout));
    }

    private ObjectNode view(Dashboard d) {
        ObjectNode n = Json.object();
        n.put("id", d.id());
        n.put("org", views.orgSlugOf(d.orgId()));
        n.put("name", d.name());
        n.put("shared", d.shared());
        n.set("layout", Json.read(d.layout()));
        n.put("created_by", views.usernameOf(d.createdBy()));
        n.put("created_on", WireTime.format(d.createdOn()));
        n.put("updated_on", WireTime.format(d.updatedOn()));
        return n;
    }
}
