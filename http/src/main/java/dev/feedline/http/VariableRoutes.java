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
        r.get("/api/v1/variable/{slug}/", ctx -> Http.ok(ctx, view(s.variables().get(caller(ctx), ctx.pathParam("slug")))));
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
        var units = s.data().units().ofVariables(page.items());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(v -> UnitFields.variable(views.variable(v), units.get(v.id()), s.data().units())).toList()));
    }

    /** The variable with its unit fields (var type, input/output unit, MDO, decimal places). */
    private com.fasterxml.jackson.databind.node.ObjectNode view(dev.feedline.model.Variable v) {
        return UnitFields.variable(views.variable(v), s.data().units().ofVariable(v), s.data().units());
    }

    /** Unit fields are checked before the variable is created, so a bad unit creates nothing. */
    private void create(Context ctx) {
        Body b = Body.of(ctx);
        Integer lid = b.raw("lid") != null && b.raw("lid").isTextual() ? parseHexLid(b.str("lid")) : b.integer("lid");
        var unitChange = UnitFields.change(b);
        if (!unitChange.isEmpty()) s.data().units().validated(unitChange);
        var v = s.variables().create(caller(ctx), b.str("project"), b.str("name"), lid, b.str("units"), b.str("about"));
        if (!unitChange.isEmpty()) s.data().units().setForVariable(caller(ctx), dev.feedline.model.Slugs.variable(s.variables().projectOf(v).gid(), v.lid()), unitChange);
        Http.created(ctx, view(v));
    }

    /** IOTile writes lids in hex ("5001"); a number is taken as is. */
    private static Integer parseHexLid(String text) {
        try {
            return Integer.parseInt(text, 16);
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField("lid", "a number or a hex string such as \"5001\"");
        }
    }

    /** Unit fields (set on PATCH/PUT, cleared by null) are checked first: a bad one changes nothing. */
    private void update(Context ctx) {
        Body b = Body.of(ctx);
        var unitChange = UnitFields.change(b);
        if (!unitChange.isEmpty()) s.data().units().checkForVariable(caller(ctx), ctx.pathParam("slug"), unitChange);
        var updated = s.variables().update(caller(ctx), ctx.pathParam("slug"), b.str("name"), b.str("units"), b.str("about"));
        if (!unitChange.isEmpty()) s.data().units().setForVariable(caller(ctx), ctx.pathParam("slug"), unitChange);
        Http.ok(ctx, view(updated));
    }
}
