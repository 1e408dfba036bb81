package dev.feedline.http;

import dev.feedline.core.annotate.NoteService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.annotate.LocationService;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import dev.feedline.model.DeviceLocation;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** Config attributes (/api/v1/config/attr/), stream notes (/api/v1/note/) and device locations (/api/v1/location/). */
final class AnnotationRoutes {
    private final Services s;
    private final Views views;

    AnnotationRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    void register(Router r) {
        r.get("/api/v1/config/attr/", this::listConfig);
        r.post("/api/v1/config/attr/", this::putConfig);
        r.get("/api/v1/config/attr/search/", this::searchConfig);
        r.get("/api/v1/config/attr/{id}/", ctx -> Http.ok(ctx, Views.config(s.configs().get(caller(ctx), Http.longParam(ctx, "id")))));
        r.put("/api/v1/config/attr/{id}/", AnnotationRoutes::usePost);
        r.patch("/api/v1/config/attr/{id}/", AnnotationRoutes::usePost);
        r.delete("/api/v1/config/attr/{id}/", ctx -> {
            s.configs().delete(caller(ctx), Http.longParam(ctx, "id"));
            ctx.status(204);
        });
        r.get("/api/v1/note/", this::listNotes);
        r.post("/api/v1/note/", this::postNotes);
        r.get("/api/v1/location/", this::listLocations);
        r.post("/api/v1/location/", this::postLocations);
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private static String requiredTarget(Context ctx) {
        String target = ctx.queryParam("target");
        if (target == null || target.isBlank()) throw FeedlineException.invalidField("target", "the target query parameter is required");
        return target;
    }

    private static void usePost(Context ctx) {
        throw FeedlineException.invalid("config attributes are replaced with POST to /api/v1/config/attr/; use POST");
    }

    private void listConfig(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        String nameQ = ctx.queryParam("name_q");
        var all = s.configs().list(caller(ctx), requiredTarget(ctx)).stream()
                .filter(a -> nameQ == null || a.name().contains(nameQ)).toList();
        var page = dev.feedline.core.port.Page.of(all, p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(Views::config).toList()));
    }

    private void putConfig(Context ctx) {
        Body b = Body.of(ctx);
        JsonNode data = b.raw("data");
        if (data == null) throw FeedlineException.invalidField("data", "this field is required");
        Http.created(ctx, Views.config(s.configs().put(caller(ctx), b.str("target"), b.str("name"), Json.write(data))));
    }

    private void searchConfig(Context ctx) {
        var found = s.configs().search(caller(ctx), ctx.queryParam("target"), ctx.queryParam("name"))
                .orElseThrow(() -> FeedlineException.notFound("config attribute"));
        Http.ok(ctx, Views.config(found));
    }

    private void listNotes(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.LARGE);
        var page = s.notes().list(caller(ctx), requiredTarget(ctx), Times.range(ctx), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::note).toList()));
    }

    private void postNotes(Context ctx) {
        JsonNode root = Json.parse(ctx.bodyAsBytes());
        List<Body> items = Body.oneOrMany(root);
        if (items.size() > 1000) throw new FeedlineException(ErrorKind.TOO_LARGE, "at most 1000 notes per request");
        Caller caller = caller(ctx);
        var stored = s.notes().createAll(caller, items.stream()
                .map(b -> new NoteService.NewNote(b.str("target"), b.instant("timestamp"), b.str("note"))).toList());
        if (root.isArray()) {
            ObjectNode out = Json.object();
            out.put("count", stored.size());
            Http.created(ctx, out);
        } else {
            Http.created(ctx, views.note(stored.get(0)));
        }
    }

    private void listLocations(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.LARGE);
        var page = s.locations().list(caller(ctx), requiredTarget(ctx), Times.range(ctx), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::location).toList()));
    }

    /** One location (201 with it) or a list that must share one target (201 {count, last}). */
    private void postLocations(Context ctx) {
        JsonNode root = Json.parse(ctx.bodyAsBytes());
        List<Body> items = Body.oneOrMany(root);
        if (items.size() > 10_000) throw new FeedlineException(ErrorKind.TOO_LARGE, "at most 10000 locations per request");
        String target = items.get(0).requiredStr("target");
        List<LocationService.Fix> fixes = new ArrayList<>();
        for (Body b : items) {
            if (!target.equalsIgnoreCase(b.requiredStr("target"))) throw FeedlineException.invalid("all locations of a list must share one target");
            fixes.add(new LocationService.Fix(b.instant("timestamp"), b.dbl("lat"), b.dbl("lon")));
        }
        List<DeviceLocation> stored = s.locations().add(caller(ctx), target, fixes);
        if (root.isArray()) {
            ObjectNode out = Json.object();
            out.put("count", stored.size());
            out.set("last", views.location(stored.get(stored.size() - 1)));
            Http.created(ctx, out);
        } else {
            Http.created(ctx, views.location(stored.get(0)));
        }
    }
}
