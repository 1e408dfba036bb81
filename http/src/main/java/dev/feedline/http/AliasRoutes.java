package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.alias.StreamAliases;
import dev.feedline.core.auth.Caller;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.AliasTap;
import dev.feedline.model.Role;
import dev.feedline.model.StreamAlias;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * /api/v1/alias/ (stream aliases, looked up by a-- slug) and /api/v1/tap/ (their taps, by id), as IOTile Cloud v1
 * has them. Reading an alias's data is /api/v1/data/?filter=a--… (DataRoutes).
 */
final class AliasRoutes {
    private final Services s;
    private final Views views;

    AliasRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    private StreamAliases aliases() { return s.data().aliases(); }

    void register(Router r) {
        r.get("/api/v1/alias/", this::list);
        r.post("/api/v1/alias/", ctx -> {
            Body b = Body.of(ctx);
            Http.created(ctx, alias(aliases().create(caller(ctx), b.str("org"), b.str("name"))));
        });
        r.get("/api/v1/alias/{slug}/", ctx -> Http.ok(ctx, alias(aliases().get(caller(ctx), ctx.pathParam("slug"), Role.VIEWER))));
        r.patch("/api/v1/alias/{slug}/", this::rename);
        r.put("/api/v1/alias/{slug}/", this::rename);
        r.delete("/api/v1/alias/{slug}/", ctx -> {
            aliases().delete(caller(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        });
        r.get("/api/v1/tap/", this::taps);
        r.post("/api/v1/tap/", ctx -> {
            Body b = Body.of(ctx);
            Http.created(ctx, tap(aliases().createTap(caller(ctx), b.str("alias"), instant(b), b.str("stream"))));
        });
        r.get("/api/v1/tap/{id}/", ctx -> Http.ok(ctx, tap(aliases().tap(caller(ctx), Http.longParam(ctx, "id"), Role.VIEWER))));
        r.patch("/api/v1/tap/{id}/", this::updateTap);
        r.put("/api/v1/tap/{id}/", this::updateTap);
        r.delete("/api/v1/tap/{id}/", ctx -> {
            aliases().deleteTap(caller(ctx), Http.longParam(ctx, "id"));
            ctx.status(204);
        });
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private static Instant instant(Body b) { return b.raw("timestamp") == null ? null : b.instant("timestamp"); }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = aliases().list(caller(ctx), ctx.queryParam("org"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(this::alias).toList()));
    }

    /** Only the name changes; an alias stays in its org. */
    private void rename(Context ctx) {
        Body b = Body.of(ctx);
        if (b.has("org")) {
            StreamAlias current = aliases().get(caller(ctx), ctx.pathParam("slug"), Role.ADMIN);
            if (!b.str("org").equals(views.orgSlugOf(current.orgId()))) {
                throw dev.feedline.core.error.FeedlineException.invalidField("org", "an alias cannot move to another org");
            }
        }
        Http.ok(ctx, alias(aliases().rename(caller(ctx), ctx.pathParam("slug"), b.str("name"))));
    }

    private void taps(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = aliases().taps(caller(ctx), ctx.queryParam("target"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(this::tap).toList()));
    }

    private void updateTap(Context ctx) {
        Body b = Body.of(ctx);
        Http.ok(ctx, tap(aliases().updateTap(caller(ctx), Http.longParam(ctx, "id"), b.str("alias"), instant(b), b.str("stream"))));
    }

    private ObjectNode alias(StreamAlias a) {
        ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("slug", a.slug());
        n.put("gid", a.slug().substring(3));
        n.put("name", a.name());
        n.put("org", views.orgSlugOf(a.orgId()));
        n.put("created_on", WireTime.format(a.createdOn()));
        n.put("created_by", a.createdBy() == null ? null : views.usernameOf(a.createdBy()));
        return n;
    }

    private ObjectNode tap(AliasTap t) {
        ObjectNode n = Json.object();
        n.put("id", t.id());
        n.put("alias", dev.feedline.model.Slugs.alias(t.aliasId()));
        n.put("timestamp", WireTime.formatMicros(t.timestampMicros()));
        var stream = s.streams().byId(t.streamId()); // null only if the stream was deleted (with its taps) just now
        n.put("stream", stream == null ? null : stream.slug());
        n.put("created_on", WireTime.format(t.createdOn()));
        n.put("created_by", t.createdBy() == null ? null : views.usernameOf(t.createdBy()));
        return n;
    }
}
