package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.fleet.Fleets;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.Fleet;
import dev.feedline.model.Slugs;
import io.javalin.http.Context;

/** /api/v1/fleet/: fleets (g-- slugs) and their members, in the reference's shapes. */
final class FleetRoutes {
    private final Services s;

    FleetRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.get("/api/v1/fleet/", this::list);
        r.post("/api/v1/fleet/", ctx -> {
            Body b = Body.of(ctx);
            Http.created(ctx, view(fleets().create(caller(ctx), b.str("org"), patch(b))));
        });
        r.get("/api/v1/fleet/{slug}/", ctx -> Http.ok(ctx, view(fleets().get(caller(ctx), ctx.pathParam("slug")))));
        r.patch("/api/v1/fleet/{slug}/", this::update);
        r.put("/api/v1/fleet/{slug}/", this::update);
        r.delete("/api/v1/fleet/{slug}/", ctx -> {
            fleets().delete(caller(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        });
        r.get("/api/v1/fleet/{slug}/devices/", ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
            var page = fleets().members(caller(ctx), ctx.pathParam("slug"), p.request());
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(FleetRoutes::member).toList()));
        });
        r.post("/api/v1/fleet/{slug}/register/", ctx -> {
            Body b = Body.of(ctx);
            Fleet.Member m = fleets().register(caller(ctx), ctx.pathParam("slug"), b.str("device"), Boolean.TRUE.equals(b.bool("always_on")),
                    Boolean.TRUE.equals(b.bool("is_access_point")));
            Http.created(ctx, member(m));
        });
        r.post("/api/v1/fleet/{slug}/deregister/", ctx -> {
            Body b = Body.of(ctx);
            fleets().deregister(caller(ctx), ctx.pathParam("slug"), b.str("device"));
            ObjectNode out = Json.object();
            out.put("device", b.str("device"));
            out.put("fleet", ctx.pathParam("slug"));
            out.put("deregistered", true);
            Http.accepted(ctx, out);
        });
    }

    private Fleets fleets() { return s.fleet().fleets(); }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        String net = ctx.queryParam("is_network");
        Boolean isNetwork = net == null ? null : net.equals("1") || net.equalsIgnoreCase("true");
        var page = fleets().list(caller(ctx), ctx.queryParam("org"), ctx.queryParam("device"), isNetwork, p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(this::view).toList()));
    }

    private void update(Context ctx) {
        Http.ok(ctx, view(fleets().update(caller(ctx), ctx.pathParam("slug"), patch(Body.of(ctx)))));
    }

    private static Fleets.Patch patch(Body b) { return new Fleets.Patch(b.str("name"), b.str("description"), b.bool("is_network")); }

    ObjectNode view(Fleet f) {
        ObjectNode n = Json.object();
        n.put("id", f.id());
        n.put("name", f.name());
        n.put("slug", f.slug());
        n.put("org", s.related().orgSlug(f.orgId()).orElse(null));
        n.put("description", f.description());
        n.put("created_on", WireTime.format(f.createdOn()));
        n.put("created_by", f.createdBy() == null ? null : s.related().account(f.createdBy()).map(a -> a.slug()).orElse(null));
        n.put("is_network", f.isNetwork());
        return n;
    }

    static ObjectNode member(Fleet.Member m) {
        ObjectNode n = Json.object();
        n.put("device", Slugs.device(m.deviceId()));
        n.put("always_on", m.alwaysOn());
        n.put("is_access_point", m.isAccessPoint());
        return n;
    }
}
