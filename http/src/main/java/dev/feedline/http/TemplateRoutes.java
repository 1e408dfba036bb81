package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.fleet.Templates;
import dev.feedline.core.port.Page;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.FleetTemplate;
import dev.feedline.model.FleetTemplate.Kind;
import io.javalin.http.Context;

/**
 * /api/v1/dt/, /api/v1/sg/, /api/v1/pt/ (device templates, sensor graphs, project templates, by slug) and
 * /api/v1/propertytemplate/ (by id): the reference server's fields, plus the computed ones it shows
 * (version, os_version, hw_version, app_version).
 */
final class TemplateRoutes {
    private final Services s;

    TemplateRoutes(Services s) { this.s = s; }

    void register(Router r) {
        route(r, "/api/v1/dt/", Kind.DT);
        route(r, "/api/v1/sg/", Kind.SG);
        route(r, "/api/v1/pt/", Kind.PT);
        route(r, "/api/v1/propertytemplate/", Kind.PROPERTY);
    }

    private void route(Router r, String base, Kind kind) {
        r.get(base, ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
            var page = Page.of(templates().list(caller(ctx), kind, ctx.queryParam("org")), p.request());
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(this::view).toList()));
        });
        r.post(base, ctx -> Http.created(ctx, view(templates().create(caller(ctx), kind, Body.of(ctx).node()))));
        String one = base + "{ref}/";
        r.get(one, ctx -> Http.ok(ctx, view(templates().get(caller(ctx), kind, ctx.pathParam("ref")))));
        r.patch(one, ctx -> Http.ok(ctx, view(templates().update(caller(ctx), kind, ctx.pathParam("ref"), Body.of(ctx).node()))));
        r.put(one, ctx -> Http.ok(ctx, view(templates().update(caller(ctx), kind, ctx.pathParam("ref"), Body.of(ctx).node()))));
        r.delete(one, ctx -> {
            templates().delete(caller(ctx), kind, ctx.pathParam("ref"));
            ctx.status(204);
        });
    }

    private Templates templates() { return s.fleet().templates(); }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    ObjectNode view(FleetTemplate t) {
        ObjectNode n = Json.object();
        n.put("id", t.id());
        ObjectNode body = Templates.body(t);
        if (t.kind() != Kind.PROPERTY) n.put("slug", t.slug());
        n.put("org", t.orgId() == null ? null : s.related().orgSlug(t.orgId()).orElse(null));
        n.setAll(body);
        switch (t.kind()) {
            case DT -> {
                n.put("version", version(body, "major_version", "minor_version", "patch_version"));
                n.put("os_version", version(body, "os_major_version", "os_minor_version", null));
                n.put("hw_version", "v" + body.path("hw_major_version").asLong(0));
                if (!body.has("slots")) n.putArray("slots");
            }
            case SG -> {
                n.put("version", version(body, "major_version", "minor_version", "patch_version"));
                n.put("app_version", version(body, "app_major_version", "app_minor_version", null));
                if (!body.has("variable_templates")) n.putArray("variable_templates");
            }
            case PT -> n.put("version", version(body, "major_version", "minor_version", "patch_version"));
            case PROPERTY -> {
                if (!body.has("enums")) n.putArray("enums");
                if (!body.has("default")) n.put("default", "");
            }
        }
        n.put("created_on", WireTime.format(t.createdOn()));
        n.put("created_by", t.createdBy() == null ? null : s.related().account(t.createdBy()).map(a -> a.slug()).orElse(null));
        return n;
    }

    private static String version(ObjectNode b, String major, String minor, String patch) {
        return "v" + b.path(major).asLong(0) + "." + b.path(minor).asLong(0) + (patch == null ? "" : "." + b.path(patch).asLong(0));
    }
}
