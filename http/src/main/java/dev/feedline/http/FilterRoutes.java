package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.rule.StreamFilters;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleScope;
import io.javalin.http.Context;
import java.util.List;

/**
 * /api/v1/filter/: IOTile stream filters in the reference server's shapes, each one a Feedline rule evaluated by
 * the one rules engine (docs/RULES.md, Other dialects).
 */
final class FilterRoutes {
    private final Services s;
    private final Views views;
    private final StreamFilters filters;

    FilterRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
        this.filters = new StreamFilters(s.rules(), s.lookup());
    }

    void register(Router r) {
        r.get("/api/v1/filter/", this::list);
        r.post("/api/v1/filter/", ctx -> Http.created(ctx, filter(filters.create(caller(ctx), Json.parse(ctx.bodyAsBytes())))));
        r.get("/api/v1/filter/{slug}/", ctx -> Http.ok(ctx, filter(filters.get(caller(ctx), ctx.pathParam("slug")))));
        r.put("/api/v1/filter/{slug}/", ctx -> Http.ok(ctx, filter(filters.update(caller(ctx), ctx.pathParam("slug"), Json.parse(ctx.bodyAsBytes())))));
        r.delete("/api/v1/filter/{slug}/", ctx -> {
            filters.delete(caller(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        });
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        Caller caller = caller(ctx);
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        List<StreamFilters.Filter> all = filters.list(caller, ctx.queryParam("project"));
        int from = Math.min(all.size(), (p.page() - 1) * p.pageSize());
        List<ObjectNode> page = all.subList(from, Math.min(all.size(), from + p.pageSize())).stream().map(this::filter).toList();
        Http.ok(ctx, Pagination.render(ctx, p, all.size(), page));
    }

    /** The reference's StreamFilterSerializer shape, plus the rule it is ("rule", "read_only"). */
    private ObjectNode filter(StreamFilters.Filter f) {
        Rule r = f.rule();
        ObjectNode n = Json.object();
        n.put("id", r.id());
        n.put("slug", f.slug());
        n.put("name", r.name());
        boolean stream = r.scope().kind() == RuleScope.Kind.STREAM;
        n.put("input_stream", stream ? r.scope().target() : null);
        n.put("project", StreamFilters.scopeField(r, "project"));
        n.put("variable", StreamFilters.scopeField(r, "variable"));
        n.put("device", StreamFilters.scopeField(r, "device"));
        n.put("active", r.enabled());
        n.setAll(f.statesAndTransitions());
        n.put("created_on", WireTime.format(r.createdOn()));
        n.put("created_by", views.usernameOf(r.createdBy()));
        n.put("rule", r.id());
        n.put("read_only", f.readOnly());
        return n;
    }
}
