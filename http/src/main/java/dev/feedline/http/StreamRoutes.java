package dev.feedline.http;

import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.stream.StreamService;
import dev.feedline.model.Role;
import dev.feedline.model.ValueType;
import io.javalin.http.Context;

/** /api/v1/stream/: stream metadata (its data is under DataRoutes). */
final class StreamRoutes {
    private final Services s;
    private final Views views;

    StreamRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    void register(Router r) {
        r.get("/api/v1/stream/", this::list);
        r.post("/api/v1/stream/", this::create);
        r.get("/api/v1/stream/{slug}/", ctx -> Http.ok(ctx, views.stream(s.streams().get(caller(ctx), ctx.pathParam("slug"), Role.VIEWER))));
        r.patch("/api/v1/stream/{slug}/", this::update);
        r.put("/api/v1/stream/{slug}/", this::update);
        r.delete("/api/v1/stream/{slug}/", ctx -> {
            s.streams().delete(caller(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        });
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.SUPER_LARGE);
        var filter = new StreamService.Filter(ctx.queryParam("project"), ctx.queryParam("device"), ctx.queryParam("variable"), Http.flag(ctx, "virtual"),
                ctx.queryParam("block"));
        var page = s.streams().list(caller(ctx), filter, p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::stream).toList()));
    }

    private static ValueType valueType(Body b) {
        String t = b.str("value_type");
        ValueType type = ValueType.parse(t);
        if (t != null && type == null) throw FeedlineException.invalidField("value_type", "one of numeric, text, json");
        return type;
    }

    private void create(Context ctx) {
        Body b = Body.of(ctx);
        Http.created(ctx, views.stream(s.streams().create(caller(ctx), b.str("variable"), b.str("device"), b.str("data_label"), valueType(b))));
    }

    private void update(Context ctx) {
        Body b = Body.of(ctx);
        Http.ok(ctx, views.stream(s.streams().update(caller(ctx), ctx.pathParam("slug"), b.str("data_label"), valueType(b), b.bool("enabled"))));
    }
}
