package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.stream.StreamService;
import dev.feedline.json.Json;
import dev.feedline.model.Project;
import io.javalin.http.Context;

/** /api/v1/project/: looked up by UUID as IOTile does (a p-- slug works too). */
final class ProjectRoutes {
    private final Services s;
    private final Views views;
    private final PropertyRoutes properties;

    ProjectRoutes(Services s, Views views, PropertyRoutes properties) {
        this.s = s;
        this.views = views;
        this.properties = properties;
    }

    void register(Router r) {
        r.get("/api/v1/project/", this::list);
        r.post("/api/v1/project/", ctx -> Http.created(ctx, views.project(create(ctx))));
        r.post("/api/v1/project/new/", ctx -> {
            ObjectNode out = Json.object();
            out.put("id", create(ctx).uuid().toString());
            Http.created(ctx, out);
        });
        r.get("/api/v1/project/{id}/", ctx -> Http.ok(ctx, views.project(s.projects().get(caller(ctx), ctx.pathParam("id")))));
        r.patch("/api/v1/project/{id}/", this::update);
        r.put("/api/v1/project/{id}/", this::update);
        r.delete("/api/v1/project/{id}/", ctx -> {
            s.projects().delete(caller(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        r.get("/api/v1/project/{id}/extra/", this::extra);
        r.get("/api/v1/project/{id}/properties/", ctx -> properties.listOf(ctx, s.projects().get(caller(ctx), ctx.pathParam("id")).slug()));
        r.post("/api/v1/project/{id}/new_property/", ctx -> properties.putOn(ctx, s.projects().get(caller(ctx), ctx.pathParam("id")).slug()));
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private Project create(Context ctx) {
        Body b = Body.of(ctx);
        return s.projects().create(caller(ctx), b.str("org"), b.str("name"), b.str("about"));
    }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        String org = ctx.queryParam("org__slug") != null ? ctx.queryParam("org__slug") : ctx.queryParam("org");
        var page = s.projects().list(caller(ctx), org, p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::project).toList()));
    }

    private void update(Context ctx) {
        Body b = Body.of(ctx);
        Http.ok(ctx, views.project(s.projects().update(caller(ctx), ctx.pathParam("id"), b.str("name"), b.str("about"))));
    }

    private void extra(Context ctx) {
        Caller c = caller(ctx);
        Project project = s.projects().get(c, ctx.pathParam("id"));
        ObjectNode out = views.project(project);
        ObjectNode counts = out.putObject("counts");
        counts.put("devices", s.devices().list(c, null, project.slug(), true, new PageRequest(0, 0)).total());
        counts.put("variables", s.variables().list(c, project.slug()).size());
        counts.put("streams", s.streams().list(c, new StreamService.Filter(project.slug(), null, null, false, null), new PageRequest(0, 0)).total());
        Http.ok(ctx, out);
    }
}
