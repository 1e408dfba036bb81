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
        r.get("/api/v1/stream/{slug}/", ctx -> Http.ok(ctx, view(s.streams().get(caller(ctx), ctx.pathParam("slug"), Role.VIEWER))));
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
        var units = s.data().units().ofStreams(page.items());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(st -> view(st, units.get(st.id()))).toList()));
    }

    private static ValueType valueType(Body b) {
        String t = b.str("value_type");
        ValueType type = ValueType.parse(t);
        if (t != null && type == null) throw FeedlineException.invalidField("value_type", "one of numeric, text, json");
        return type;
    }

    /** The stream with the unit fields that apply to it (its own over its variable's). */
    private com.fasterxml.jackson.databind.node.ObjectNode view(dev.feedline.model.Stream stream) {
        return view(stream, s.data().units().ofStreams(java.util.List.of(stream)).get(stream.id()));
    }

    private com.fasterxml.jackson.databind.node.ObjectNode view(dev.feedline.model.Stream stream, dev.feedline.core.units.Units.StreamUnits u) {
        return UnitFields.stream(views.stream(stream), u.own(), u.effective(), s.data().units());
    }

    /** Unit fields are checked before the stream is created, so a bad unit creates nothing. */
    private void create(Context ctx) {
        Body b = Body.of(ctx);
        var unitChange = UnitFields.change(b);
        if (!unitChange.isEmpty()) s.data().units().validated(unitChange);
        var created = s.streams().create(caller(ctx), b.str("variable"), b.str("device"), b.str("data_label"), valueType(b));
        if (!unitChange.isEmpty()) s.data().units().setForStream(caller(ctx), created.slug(), unitChange);
        Http.created(ctx, view(created));
    }

    /** Unit fields (the stream's own, over its variable's; null clears one) are checked first: a bad one changes nothing. */
    private void update(Context ctx) {
        Body b = Body.of(ctx);
        var unitChange = UnitFields.change(b);
        if (!unitChange.isEmpty()) s.data().units().checkForStream(caller(ctx), ctx.pathParam("slug"), unitChange);
        var updated = s.streams().update(caller(ctx), ctx.pathParam("slug"), b.str("data_label"), valueType(b), b.bool("enabled"));
        if (!unitChange.isEmpty()) s.data().units().setForStream(caller(ctx), ctx.pathParam("slug"), unitChange);
        Http.ok(ctx, view(updated));
    }
}
