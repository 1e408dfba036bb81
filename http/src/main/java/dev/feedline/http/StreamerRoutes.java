package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.report.StreamerService;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.Slugs;
import dev.feedline.model.Streamer;
import dev.feedline.model.StreamerReport;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/** /api/v1/streamer/: streamers (read-only) and streamer report uploads, as IOTile gateways and phones send them. */
final class StreamerRoutes {
    private final Services s;

    StreamerRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.get("/api/v1/streamer/", this::list);
        r.post("/api/v1/streamer/report/", this::upload);
        r.get("/api/v1/streamer/report/{id}/", ctx -> Http.ok(ctx, report(s.streamers().report(caller(ctx), ctx.pathParam("id")))));
        r.get("/api/v1/streamer/{slug}/", ctx -> Http.ok(ctx, streamer(s.streamers().get(caller(ctx), ctx.pathParam("slug")))));
        r.get("/api/v1/streamer/{slug}/report/", this::reports);
        r.get("/api/v1/device/{slug}/report_signing/", ctx ->
                Http.ok(ctx, signing(s.streamers().requiresSignedReports(caller(ctx), ctx.pathParam("slug")))));
        r.patch("/api/v1/device/{slug}/report_signing/", ctx -> {
            Caller caller = caller(ctx);
            Boolean required = Body.of(ctx).bool("requires_signed_reports");
            if (required == null) throw FeedlineException.invalidField("requires_signed_reports", "give true or false");
            Http.ok(ctx, signing(s.streamers().setRequiresSignedReports(caller, ctx.pathParam("slug"), required)));
        });
    }

    private static ObjectNode signing(boolean required) {
        ObjectNode out = Json.object();
        out.put("requires_signed_reports", required);
        return out;
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = s.streamers().list(caller(ctx), ctx.queryParam("device"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(StreamerRoutes::streamer).toList()));
    }

    private void reports(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = s.streamers().reports(caller(ctx), ctx.pathParam("slug"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(StreamerRoutes::report).toList()));
    }

    /**
     * Multipart: the report in {@code file}, ?timestamp= when the gateway received it. 201 {count, pid, id} once
     * the file passed every check and is kept; the readings are stored by a background job.
     */
    private void upload(Context ctx) {
        Caller caller = caller(ctx);
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null) throw FeedlineException.invalidField("file", "missing request.data['file']");
        String timestamp = ctx.queryParam("timestamp");
        if (timestamp == null || timestamp.isBlank()) throw FeedlineException.invalidField("timestamp", "missing timestamp argument");
        Instant received = WireTime.parse("timestamp", timestamp);
        if (file.size() > s.limits().maxFileBytes()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "a report may be at most " + s.limits().maxFileBytes() + " bytes");
        }
        byte[] content;
        try (InputStream in = file.content()) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, s.limits().maxFileBytes() + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StreamerService.Uploaded uploaded = s.streamers().upload(caller, file.filename(), content, received);
        ObjectNode out = Json.object();
        out.put("count", uploaded.count());
        out.put("pid", uploaded.pid());
        out.put("id", uploaded.report().id());
        Http.created(ctx, out);
    }

    static ObjectNode streamer(Streamer st) {
        ObjectNode n = Json.object();
        n.put("id", st.id());
        n.put("slug", st.slug());
        n.put("device", Slugs.device(st.deviceId()));
        n.put("index", st.index());
        n.put("last_id", st.lastId());
        time(n, "last_reboot_ts", st.lastRebootTs());
        n.put("selector", st.selector());
        n.put("is_system", st.isSystem());
        n.put("process_engine_ver", st.processEngineVer());
        return n;
    }

    static ObjectNode report(StreamerService.ReportView view) {
        StreamerReport r = view.report();
        ObjectNode n = Json.object();
        n.put("id", r.id());
        n.put("original_first_id", r.originalFirstId());
        n.put("original_last_id", r.originalLastId());
        if (r.actualFirstId() == null) n.putNull("actual_first_id"); else n.put("actual_first_id", r.actualFirstId());
        if (r.actualLastId() == null) n.putNull("actual_last_id"); else n.put("actual_last_id", r.actualLastId());
        n.put("streamer", r.streamerSlug());
        time(n, "sent_timestamp", r.sentTimestamp());
        n.put("device_sent_timestamp", r.deviceSentTimestamp());
        n.put("incremental_id", r.incrementalId());
        if (r.timeEpsilon() == null) n.putNull("time_epsilon"); else n.put("time_epsilon", r.timeEpsilon());
        time(n, "created_on", r.createdOn());
        n.put("created_by", view.createdBy());
        // Feedline's own: what became of the report.
        n.put("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
        n.put("refusal", r.refusal());
        n.put("count", r.count());
        n.put("pid", r.pid());
        return n;
    }

    private static void time(ObjectNode n, String field, Instant t) {
        if (t == null) n.putNull(field); else n.put(field, WireTime.format(t));
    }
}
