package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.search.Search;
import dev.feedline.json.Json;
import java.util.HashMap;
import java.util.Map;

/** GET /api/v1/search/: the caller's objects found by text, best first (issue 17, docs/API.md "Search"). */
final class SearchRoutes {
    private final Services s;

    SearchRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.get("/api/v1/search/", ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.SEARCH);
            var page = s.search().search(Http.caller(ctx, s.authenticator()), ctx.queryParam("q"), ctx.queryParam("kind"), ctx.queryParam("org"),
                    p.request());
            Map<Long, String> orgSlugs = new HashMap<>(); // a page's results are mostly of one org: read its slug once
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream()
                    .map(res -> view(res, orgSlugs.computeIfAbsent(res.orgId(), id -> s.related().orgSlug(id).orElse(null)))).toList()));
        });
    }

    private static ObjectNode view(Search.Result r, String orgSlug) {
        ObjectNode n = Json.object();
        n.put("kind", r.kind());
        n.put("id", r.id());
        n.put("slug", r.slug());
        n.put("org", orgSlug);
        n.put("title", r.title());
        n.put("snippet", r.snippet());
        n.put("link", r.link());
        return n;
    }
}
