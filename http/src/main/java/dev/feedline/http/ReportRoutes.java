package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.userreport.ReportConfig;
import dev.feedline.core.userreport.UserReports;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.GeneratedReport;
import dev.feedline.model.UserReport;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * /api/v1/report/: report templates (IOTile's UserReport) and /api/v1/report/generated/: their generations
 * (GeneratedUserReport) with the reference's status codes, their files, and share links (docs/REPORTS.md).
 */
final class ReportRoutes {
    /** Open in {@link AuthenticateFirst}: a share link's key, or else the caller's own credentials, authorizes it. */
    static final String DOWNLOAD = "GET /api/v1/report/generated/{id}/download/";

    private final Services s;

    ReportRoutes(Services s) { this.s = s; }

    void register(Router r) {
        // The generated reports' routes first: "generated" must not be taken for a template's id.
        r.get("/api/v1/report/generated/", ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
            var page = reports().generated(caller(ctx), ctx.queryParam("org"), reportParam(ctx), p.request());
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(g -> generated(ctx, g)).toList()));
        });
        r.get("/api/v1/report/generated/{id}/", ctx -> Http.ok(ctx, generated(ctx, reports().generated(caller(ctx), ctx.pathParam("id")))));
        r.delete("/api/v1/report/generated/{id}/", ctx -> {
            reports().deleteGenerated(caller(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        r.post("/api/v1/report/generated/{id}/share/", ctx -> {
            UserReports.Share share = reports().share(caller(ctx), ctx.pathParam("id"));
            ObjectNode out = generated(ctx, share.report());
            out.put("share_url", downloadUrl(ctx, share.report()) + "?key=" + share.key());
            out.put("share_key", share.key());
            Http.created(ctx, out);
        });
        r.get(DOWNLOAD.substring(4), this::download);
        r.get("/api/v1/report/", ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
            var page = reports().list(caller(ctx), ctx.queryParam("org"), p.request());
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(this::view).toList()));
        });
        r.post("/api/v1/report/", ctx -> {
            Body b = Body.of(ctx);
            Http.created(ctx, view(reports().create(caller(ctx), b.str("org"), draft(b))));
        });
        r.get("/api/v1/report/{id}/", ctx -> Http.ok(ctx, view(reports().get(caller(ctx), id(ctx)))));
        r.patch("/api/v1/report/{id}/", this::update);
        r.put("/api/v1/report/{id}/", this::update);
        r.delete("/api/v1/report/{id}/", ctx -> {
            reports().delete(caller(ctx), id(ctx));
            ctx.status(204);
        });
        r.post("/api/v1/report/{id}/generate/", ctx -> Http.accepted(ctx, generated(ctx, reports().generate(caller(ctx), id(ctx)))));
    }

    private UserReports reports() { return s.reports(); }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw FeedlineException.notFound("report");
        }
    }

    /** ?report= of the generated reports' list: a template's id. */
    private static Long reportParam(Context ctx) {
        String report = ctx.queryParam("report");
        if (report == null) return null;
        try {
            return Long.parseLong(report);
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField("report", "a report template's id");
        }
    }

    private void update(Context ctx) { Http.ok(ctx, view(reports().update(caller(ctx), id(ctx), draft(Body.of(ctx))))); }

    private static UserReports.Draft draft(Body b) {
        return new UserReports.Draft(b.str("label"), b.strings("sources"), b.strings("columns"), b.str("period"), b.str("bucket"), b.strings("formats"),
                b.strings("notification_recipients"), b.str("interval"), b.str("time_of_day"), b.str("timezone"), b.bool("active"));
    }

    /**
     * A file of a generated report: with ?key= the share link's key is the credential (no login needed until it
     * expires); without it the caller must be a viewer of the report's org. The authentication comes first either way.
     */
    private void download(Context ctx) {
        String key = ctx.queryParam("key");
        UserReports.Download d;
        if (key != null) {
            d = reports().sharedDownload(ctx.pathParam("id"), key, ctx.queryParam("format"));
        } else {
            Caller caller = caller(ctx);
            if (!(caller instanceof Caller.User)) throw FeedlineException.unauthenticated("authentication credentials were not provided");
            d = reports().download(caller, ctx.pathParam("id"), ctx.queryParam("format"));
        }
        ctx.contentType(d.format().contentType);
        ctx.header("Content-Disposition", "attachment; filename=\"report-" + d.report().uuid() + "." + d.file().format() + "\"");
        ctx.header("Cache-Control", "private, no-store");
        ctx.result(d.content());
    }

    ObjectNode view(UserReport r) {
        ReportConfig c = ReportConfig.parse(r.config());
        ObjectNode n = Json.object();
        n.put("id", r.id());
        n.put("label", r.label());
        n.put("org", s.related().orgSlug(r.orgId()).orElse(null));
        ArrayNode src = n.putArray("sources");
        c.sources().forEach(src::add);
        ObjectNode config = n.putObject("config");
        ArrayNode cols = config.putArray("columns");
        c.columns().forEach(fn -> cols.add(fn.wire()));
        config.put("period", c.period().wire());
        config.put("bucket", c.bucketText());
        ArrayNode formats = config.putArray("formats");
        c.formats().forEach(f -> formats.add(f.wire()));
        ArrayNode rcp = n.putArray("notification_recipients");
        c.recipients().forEach(rcp::add);
        n.put("generator", "default");
        n.put("interval", r.interval());
        n.put("time_of_day", r.timeOfDay());
        n.put("timezone", r.timezone());
        n.put("active", r.active());
        putTime(n, "next_run_at", r.nextRunAt());
        n.put("created_on", WireTime.format(r.createdOn()));
        n.put("created_by", s.related().account(r.createdBy()).map(a -> a.slug()).orElse(null));
        return n;
    }

    private ObjectNode generated(Context ctx, GeneratedReport g) {
        ObjectNode n = Json.object();
        n.put("id", g.uuid());
        n.put("label", g.label());
        n.put("source_ref", g.sourceRef());
        if (g.reportId() == null) n.putNull("report"); else n.put("report", g.reportId());
        n.put("org", s.related().orgSlug(g.orgId()).orElse(null));
        n.put("status", g.status());
        if (g.error() == null) n.putNull("error"); else n.put("error", g.error());
        n.put("period_start", WireTime.format(g.periodStart()));
        n.put("period_end", WireTime.format(g.periodEnd()));
        n.put("created_on", WireTime.format(g.createdOn()));
        n.put("created_by", g.createdBy() == null ? null : s.related().account(g.createdBy()).map(a -> a.slug()).orElse(null));
        putTime(n, "finished_on", g.finishedOn());
        ArrayNode files = n.putArray("files");
        for (GeneratedReport.File f : g.files()) {
            files.addObject().put("format", f.format()).put("size", f.size()).put("url", downloadUrl(ctx, g) + "?format=" + f.format());
        }
        // The reference's index_file: the main file (HTML when there is one), as a link that needs the caller's login.
        if (g.files().isEmpty()) {
            n.putNull("index_file");
        } else {
            GeneratedReport.File main = g.files().stream().filter(f -> f.format().equals("html")).findFirst().orElse(g.files().get(0));
            n.putObject("index_file").put("url", downloadUrl(ctx, g) + "?format=" + main.format()).put("format", main.format());
        }
        n.put("public", g.shareHash() != null && g.shareExpiresOn() != null && g.shareExpiresOn().isAfter(s.data().now()));
        putTime(n, "share_expires_on", g.shareExpiresOn());
        return n;
    }

    private static String downloadUrl(Context ctx, GeneratedReport g) { return Http.baseUrl(ctx) + "/api/v1/report/generated/" + g.uuid() + "/download/"; }

    private static void putTime(ObjectNode n, String field, Instant t) {
        if (t == null) n.putNull(field); else n.put(field, WireTime.format(t));
    }
}
