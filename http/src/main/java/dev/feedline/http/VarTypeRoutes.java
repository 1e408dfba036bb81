package dev.feedline.http;

import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import io.javalin.http.Context;

/** /api/v1/vartype/: the var types seeded by migration, read-only, looked up by slug. */
final class VarTypeRoutes {
    private final Services s;

    VarTypeRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.get("/api/v1/vartype/", ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
            var page = dev.feedline.core.port.Page.of(s.data().units().varTypes(caller(ctx)), p.request());
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(UnitFields::varType).toList()));
        });
        r.get("/api/v1/vartype/{slug}/", ctx -> Http.ok(ctx, UnitFields.varType(s.data().units().varType(caller(ctx), ctx.pathParam("slug")))));
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }
}
