package dev.feedline.http;

import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import io.javalin.http.Context;

/** /api/v1/variable/, looked up by v-- slug. */
final class VariableRoutes {
    private final Services s;
    private final Views views;

    VariableRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    void register(Router r) {
        r.get("/api/v1/variable/", this::list);
        r.post("/api/v1/variable/", this::create);
        r.get("/api/v1/variable/{slug}/", ctx -> Http.ok(ctx, views.variable(s.variables().get(caller(ctx), ctx.pathParam("slug")))));
        r.patch("/api/v1/variable/{slug}/", this::update);
        r.put("/api/v1/variable/{slug}/", this::update);
        r.delete("/api/v1/variable/{slug}/", ctx -> {
            s.variables().delete(caller(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        });
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.LARGE);
        var page = dev.feedline.core.port.Page.of(s.variables().list(caller(ctx), ctx.queryParam("project")), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::variable).toList()));
    }

    private void create(Context ctx) {
        Body b = Body.of(ctx);
        Integer lid = b.raw("lid") != null && b.raw("lid").isTextual() ? parseHexLid(b.str("lid")) : b.integer("lid");
        Http.created(ctx, views.variable(s.variables().create(caller(ctx), b.str("project"), b.str("name"), lid, b.str("units"), b.str("about"))));
    }

    /** IOTile writes lids in hex ("5001"); a number is taken as is. */
    private static Integer parseHexLid(String text) {
        try {
            return Integer.parseInt(text, 16);
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField("lid", "a number or a hex string such as \"5001\"");
        }
    }

    private void update(Context ctx) {
        Body b = Body.of(ctx);
        Http.ok(ctx, views.variable(s.variables().update(caller(ctx), ctx.pathParam("slug"), b.str("name"), b.str("units"), b.str("about"))));
    }
}
