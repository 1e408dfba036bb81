package dev.feedline.http;

import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.model.DataBlock;
import io.javalin.http.Context;

/**
 * /api/v1/datablock/: device archives. POST answers 201 with the block, ARCHIVING, and the pid of the job that moves
 * the data (follow it at /api/v1/pid/); DELETE answers 202 with the block, DELETING, and the pid of the job that
 * removes it.
 */
final class DataBlockRoutes {
    private final Services s;
    private final Views views;
    private final PropertyRoutes properties;

    DataBlockRoutes(Services s, Views views, PropertyRoutes properties) {
        this.s = s;
        this.views = views;
        this.properties = properties;
    }

    void register(Router r) {
        r.get("/api/v1/datablock/", this::list);
        r.post("/api/v1/datablock/", this::create);
        r.get("/api/v1/datablock/{slug}/", ctx -> Http.ok(ctx, views.dataBlock(s.blocks().get(caller(ctx), ctx.pathParam("slug")))));
        r.patch("/api/v1/datablock/{slug}/", this::update);
        r.delete("/api/v1/datablock/{slug}/", ctx -> Http.accepted(ctx, views.dataBlock(s.blocks().delete(caller(ctx), ctx.pathParam("slug")))));
        r.get("/api/v1/datablock/{slug}/properties/", ctx -> properties.listOf(ctx, s.blocks().get(caller(ctx), ctx.pathParam("slug")).slug()));
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = s.blocks().list(caller(ctx), ctx.queryParam("device"), ctx.queryParam("project"), ctx.queryParam("org"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::dataBlock).toList()));
    }

    private void create(Context ctx) {
        Caller caller = caller(ctx);
        Body b = Body.of(ctx);
        DataBlock block = s.blocks().create(caller, b.str("device"), b.str("title"), b.str("description"), b.raw("on_complete"));
        Http.created(ctx, views.dataBlock(block));
    }

    private void update(Context ctx) {
        Caller caller = caller(ctx);
        Body b = Body.of(ctx);
        // Only the title and description of an archive change; anything else is refused rather than ignored.
        b.node().fieldNames().forEachRemaining(field -> {
            if (!field.equals("title") && !field.equals("description")) {
                throw dev.feedline.core.error.FeedlineException.invalidField(field, "only title and description can be changed");
            }
        });
        Http.ok(ctx, views.dataBlock(s.blocks().update(caller, ctx.pathParam("slug"), b.str("title"), b.str("description"))));
    }
}
