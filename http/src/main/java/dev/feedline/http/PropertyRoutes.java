package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.feedline.core.Services;
import dev.feedline.core.annotate.PropertyService;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import dev.feedline.model.Property;
import io.javalin.http.Context;
import java.util.List;

/** /api/v1/property/ and the per-object properties/ and new_property/ actions. */
final class PropertyRoutes {
    private final Services s;

    PropertyRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.get("/api/v1/property/", this::list);
        r.post("/api/v1/property/", ctx -> Http.created(ctx, Views.property(put(ctx, Body.of(ctx).str("target")))));
        r.get("/api/v1/property/{id}/", ctx -> Http.ok(ctx, Views.property(s.properties().get(caller(ctx), Http.longParam(ctx, "id")))));
        r.delete("/api/v1/property/{id}/", ctx -> {
            s.properties().delete(caller(ctx), Http.longParam(ctx, "id"));
            ctx.status(204);
        });
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        String target = ctx.queryParam("target");
        if (target == null) throw new FeedlineException(ErrorKind.NOT_ACCEPTABLE, "the target query parameter is required");
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = dev.feedline.core.port.Page.of(s.properties().list(caller(ctx), target), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(Views::property).toList()));
    }

    /** GET .../properties/: a plain list, as IOTile returns it. */
    void listOf(Context ctx, String target) {
        List<Property> props = s.properties().list(caller(ctx), target);
        ArrayNode out = Json.array();
        props.forEach(pr -> out.add(Views.property(pr)));
        ctx.json(out);
    }

    /** POST .../new_property/: upsert by name. */
    void putOn(Context ctx, String target) { Http.created(ctx, Views.property(put(ctx, target))); }

    private Property put(Context ctx, String target) {
        Body b = Body.of(ctx);
        PropertyService.Value value = new PropertyService.Value(b.lng("int_value"), b.str("str_value"), b.bool("bool_value"));
        return s.properties().put(caller(ctx), target, b.str("name"), value, Boolean.TRUE.equals(b.bool("is_system")));
    }
}
