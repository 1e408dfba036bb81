package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.device.DeviceService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.fleet.Templates;
import dev.feedline.core.port.TimeRange;
import dev.feedline.json.Json;
import dev.feedline.model.Device;
import dev.feedline.model.Project;
import io.javalin.http.Context;
import java.util.List;

/** /api/v1/device/: devices, claiming, tokens. */
final class DeviceRoutes {
    private final Services s;
    private final Views views;
    private final PropertyRoutes properties;

    DeviceRoutes(Services s, Views views, PropertyRoutes properties) {
        this.s = s;
        this.views = views;
        this.properties = properties;
    }

    void register(Router r) {
        r.get("/api/v1/device/", this::list);
        r.post("/api/v1/device/", this::create);
        r.post("/api/v1/device/claim/", this::claim);
        r.post("/api/v1/device/claimable/", this::claimable);
        r.get("/api/v1/device/{slug}/", ctx -> Http.ok(ctx, views.device(s.devices().get(caller(ctx), ctx.pathParam("slug")))));
        r.patch("/api/v1/device/{slug}/", this::update);
        r.put("/api/v1/device/{slug}/", this::update);
        r.delete("/api/v1/device/{slug}/", ctx -> {
            s.devices().delete(caller(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        });
        r.post("/api/v1/device/{slug}/unclaim/", this::unclaim);
        r.post("/api/v1/device/{slug}/token/", this::rotateToken);
        r.get("/api/v1/device/{slug}/extra/", this::extra);
        r.get("/api/v1/device/{slug}/properties/", ctx -> properties.listOf(ctx, s.devices().get(caller(ctx), ctx.pathParam("slug")).slug()));
        r.post("/api/v1/device/{slug}/new_property/", ctx -> properties.putOn(ctx, s.devices().get(caller(ctx), ctx.pathParam("slug")).slug()));
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.LARGE);
        String org = ctx.queryParam("org__slug") != null ? ctx.queryParam("org__slug") : ctx.queryParam("org");
        var page = s.devices().list(caller(ctx), org, ctx.queryParam("project"), Http.flag(ctx, "all"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), views.devices(page.items())));
    }

    private void create(Context ctx) {
        Body b = Body.of(ctx);
        DeviceService.WithToken created = s.devices().create(caller(ctx), b.str("org"), b.str("project"), b.str("label"), b.str("external_id"));
        ObjectNode out = views.device(created.device());
        out.put("token", created.token());
        Http.created(ctx, out);
    }

    private void update(Context ctx) {
        Body b = Body.of(ctx);
        Caller c = caller(ctx);
        String slug = ctx.pathParam("slug");
        // The device template and sensor graph it runs (issue 17; "" clears one): checked first, applied last, so a
        // refused field changes nothing; a claimed device then gets its sensor graph's variables and streams.
        Templates.Assignment templates = b.node().has("template") || b.node().has("sg")
                ? s.fleet().templates().check(c, slug, templateRef(b, "template"), templateRef(b, "sg")) : null;
        if (b.has("project")) moveProject(c, slug, b.str("project"));
        Device d = s.devices().update(c, slug, new DeviceService.Patch(b.str("label"), b.dbl("lat"), b.dbl("lon"),
                b.str("state"), b.bool("active"), b.str("external_id")));
        if (templates != null) s.fleet().templates().assign(templates);
        Http.ok(ctx, views.device(d));
    }

    private static String templateRef(Body b, String field) {
        if (!b.node().has(field)) return null;
        return b.node().get(field).isNull() ? "" : b.str(field);
    }

    /** PATCH {"project": ...} claims into (or moves to) that project, as IOTile lets users do. */
    private void moveProject(Caller c, String slug, String projectRef) {
        Device d = s.devices().get(c, slug);
        Project target = s.projects().get(c, projectRef);
        if (d.projectId() != null && d.projectId() == target.id()) return;
        if (d.claimed()) s.devices().unclaim(c, slug, null, false);
        s.devices().claim(c, slug, projectRef);
    }

    private void claim(Context ctx) {
        Body b = Body.of(ctx);
        Device d = s.devices().claim(caller(ctx), b.requiredStr("device"), b.requiredStr("project"));
        Project p = s.related().project(d.projectId()).orElseThrow();
        ObjectNode out = Json.object();
        out.put("claimed", true);
        out.put("device", d.slug());
        out.put("project", p.slug());
        out.put("project_id", p.uuid().toString());
        Http.accepted(ctx, out);
    }

    private void claimable(Context ctx) {
        List<String> slugs = Body.of(ctx).strings("slugs");
        if (slugs == null) throw FeedlineException.invalidField("slugs", "this field is required");
        if (slugs.size() > 1000) throw FeedlineException.invalidField("slugs", "at most 1000 slugs");
        var results = s.devices().claimable(caller(ctx), slugs);
        ObjectNode out = Json.object();
        out.put("count", results.size());
        var arr = out.putArray("results");
        results.forEach(cl -> arr.addObject().put("slug", cl.slug()).put("claimable", cl.claimable()));
        Http.accepted(ctx, out);
    }

    private void unclaim(Context ctx) {
        Body b = Body.orEmpty(ctx);
        boolean clean = Boolean.TRUE.equals(b.bool("clean_streams"));
        Device d = s.devices().unclaim(caller(ctx), ctx.pathParam("slug"), b.str("label"), clean);
        ObjectNode out = Json.object();
        out.put("unclaimed", d.slug());
        out.put("msg", clean ? "Device unclaimed; its streams and data were deleted" : "Device unclaimed");
        Http.accepted(ctx, out);
    }

    private void rotateToken(Context ctx) {
        DeviceService.WithToken rotated = s.devices().rotateToken(caller(ctx), ctx.pathParam("slug"));
        ObjectNode out = views.device(rotated.device());
        out.put("token", rotated.token());
        Http.ok(ctx, out);
    }

    private void extra(Context ctx) {
        Caller c = caller(ctx);
        Device d = s.devices().get(c, ctx.pathParam("slug"));
        ObjectNode out = views.device(d);
        ObjectNode counts = out.putObject("stream_counts");
        var streams = s.data().streamsFor(c, d.slug());
        streams.values().forEach(st -> {
            ObjectNode sc = counts.putObject(st.slug());
            sc.put("data_cnt", s.data().query(c, st.slug(), TimeRange.ALL, null, new dev.feedline.core.port.PageRequest(0, 0)).total());
            sc.put("event_cnt", s.events().list(c, st.slug(), TimeRange.ALL, new dev.feedline.core.port.PageRequest(0, 0)).total());
            sc.put("has_streamid", true);
        });
        Http.ok(ctx, out);
    }
}
