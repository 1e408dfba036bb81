package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.annotate.EventService;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** /api/v1/event/: complex data with a JSON summary and an optional file. */
final class EventRoutes {
    private final Services s;
    private final Views views;

    EventRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    void register(Router r) {
        r.get("/api/v1/event/", this::list);
        r.post("/api/v1/event/", this::post);
        r.post("/api/v1/event/upload/", this::upload);
        r.get("/api/v1/event/{id}/", ctx -> {
            var stored = s.events().get(caller(ctx), Http.longParam(ctx, "id"));
            Http.ok(ctx, views.event(stored.event(), stored.stream()));
        });
        r.get("/api/v1/event/{id}/data/", this::file);
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.LARGE);
        String filter = ctx.queryParam("filter");
        if (filter == null) {
            Http.ok(ctx, Pagination.render(ctx, p, 0, List.of()));
            return;
        }
        var page = s.events().list(caller(ctx), filter, Times.range(ctx), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(),
                page.events().stream().map(e -> views.event(e, page.streams().get(e.streamId()))).toList()));
    }

    private static EventService.NewEvent parse(Body b, JsonNode extra) {
        if (extra != null && !extra.isObject()) throw FeedlineException.invalidField("extra_data", "must be a JSON object");
        return new EventService.NewEvent(b.requiredStr("stream"), b.instant("timestamp"), extra == null ? null : Json.write(extra),
                b.lng("device_timestamp"), b.lng("streamer_local_id"), b.str("status"));
    }

    /** One event (201 with it) or a list (201 {count}); a list is checked whole before any is stored. */
    private void post(Context ctx) {
        JsonNode root = Json.parse(ctx.bodyAsBytes());
        List<Body> items = Body.oneOrMany(root);
        if (items.size() > s.limits().maxPointsPerRequest()) throw FeedlineException.invalid("too many events in one request");
        List<EventService.NewEvent> events = new ArrayList<>();
        for (Body b : items) events.add(parse(b, b.raw("extra_data")));
        List<EventService.Stored> stored = s.events().create(caller(ctx), events);
        if (root.isArray()) {
            ObjectNode out = Json.object();
            out.put("count", stored.size());
            Http.created(ctx, out);
        } else {
            Http.created(ctx, views.event(stored.get(0).event(), stored.get(0).stream()));
        }
    }

    /** Multipart: file, stream, timestamp and encoded_extra_data (a JSON string). */
    private void upload(Context ctx) {
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null) throw FeedlineException.invalidField("file", "a file is required");
        ObjectNode fields = Json.object();
        for (String name : List.of("stream", "timestamp", "device_timestamp", "streamer_local_id", "status")) {
            String v = ctx.formParam(name);
            if (v != null) fields.put(name, v);
        }
        for (String numeric : List.of("device_timestamp", "streamer_local_id")) {
            if (fields.has(numeric)) {
                try {
                    fields.put(numeric, Long.parseLong(fields.get(numeric).asText()));
                } catch (NumberFormatException e) {
                    throw FeedlineException.invalidField(numeric, "must be an integer");
                }
            }
        }
        Json.checked(fields);
        String extra = ctx.formParam("encoded_extra_data");
        EventService.NewEvent event = parse(new Body(fields), extra == null ? null : Json.parseField("encoded_extra_data", extra));
        String ext = file.extension() == null ? null : file.extension().replace(".", "");
        try (InputStream content = file.content()) {
            var stored = s.events().upload(caller(ctx), event, new EventService.Attachment(content, ext));
            Http.created(ctx, views.event(stored.event(), stored.stream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void file(Context ctx) {
        InputStream in = s.events().file(caller(ctx), Http.longParam(ctx, "id"))
                .orElseThrow(() -> FeedlineException.notFound("event data"));
        ctx.contentType("application/octet-stream");
        ctx.result(in);
    }
}
