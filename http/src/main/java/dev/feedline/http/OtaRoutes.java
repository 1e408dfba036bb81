package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.fleet.DeploymentState;
import dev.feedline.core.fleet.Ota;
import dev.feedline.core.port.Page;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.DeviceVersion;
import dev.feedline.model.OtaAction;
import dev.feedline.model.OtaRequest;
import dev.feedline.model.OtaRollout;
import dev.feedline.model.OtaScript;
import dev.feedline.model.Slugs;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * /api/v1/ota/: device scripts and their firmware files, deployment requests with their per-device progress,
 * deployment actions posted by gateways, and what a gateway asks about one device.
 */
final class OtaRoutes {
    private final Services s;

    OtaRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.get("/api/v1/ota/script/", ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
            var page = ota().scripts(caller(ctx), ctx.queryParam("org"), p.request());
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(this::script).toList()));
        });
        r.post("/api/v1/ota/script/", ctx -> {
            Body b = Body.of(ctx);
            Http.created(ctx, script(ota().createScript(caller(ctx), new Ota.NewScript(b.str("org"), b.str("name"), b.integer("major_version"),
                    b.integer("minor_version"), b.integer("patch_version"), b.str("notes"), b.bool("released")))));
        });
        r.get("/api/v1/ota/script/{slug}/", ctx -> Http.ok(ctx, script(ota().script(caller(ctx), ctx.pathParam("slug")))));
        r.patch("/api/v1/ota/script/{slug}/", ctx -> {
            Body b = Body.of(ctx);
            Http.ok(ctx, script(ota().updateScript(caller(ctx), ctx.pathParam("slug"), b.bool("released"), b.str("notes"))));
        });
        r.delete("/api/v1/ota/script/{slug}/", ctx -> {
            ota().deleteScript(caller(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        });
        r.post("/api/v1/ota/script/{slug}/file/", this::upload);
        r.get("/api/v1/ota/script/{slug}/file/", ctx -> Http.ok(ctx, file(ctx, ota().script(caller(ctx), ctx.pathParam("slug")))));
        r.get("/api/v1/ota/script/{slug}/download/", this::download);

        r.get("/api/v1/ota/request/", this::requests);
        r.post("/api/v1/ota/request/", ctx -> {
            Body b = Body.of(ctx);
            Http.created(ctx, request(ota().createRequest(caller(ctx), new Ota.NewRequest(b.str("script"), b.str("org"), b.str("fleet"),
                    b.strings("selection_criteria"), b.bool("released"), b.integer("max_devices_per_minute"), b.integer("max_failure_percent"),
                    b.integer("min_failure_sample"))), true));
        });
        r.get("/api/v1/ota/request/{id}/", ctx -> Http.ok(ctx, request(ota().request(caller(ctx), Http.longParam(ctx, "id")), true)));
        r.delete("/api/v1/ota/request/{id}/", ctx -> {
            ota().deleteRequest(caller(ctx), Http.longParam(ctx, "id"));
            ctx.status(204);
        });
        r.post("/api/v1/ota/request/{id}/release/", ctx -> Http.ok(ctx, request(ota().release(caller(ctx), Http.longParam(ctx, "id")), true)));
        r.post("/api/v1/ota/request/{id}/complete/", ctx -> Http.ok(ctx, request(ota().complete(caller(ctx), Http.longParam(ctx, "id")), true)));
        r.post("/api/v1/ota/request/{id}/pause/", ctx -> Http.ok(ctx, request(ota().pause(caller(ctx), Http.longParam(ctx, "id")), true)));
        r.post("/api/v1/ota/request/{id}/resume/", ctx -> {
            Body b = Body.of(ctx);
            Http.ok(ctx, request(ota().resume(caller(ctx), Http.longParam(ctx, "id"), b.integer("max_failure_percent"), b.integer("min_failure_sample")), true));
        });
        r.post("/api/v1/ota/request/{id}/cancel/", ctx -> Http.ok(ctx, request(ota().cancel(caller(ctx), Http.longParam(ctx, "id")), true)));
        r.get("/api/v1/ota/request/{id}/devices/", ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
            var page = Page.of(ota().devices(caller(ctx), Http.longParam(ctx, "id")), p.request());
            Map<Long, List<DeviceVersion>> versions = ota().versions(page.items().stream().map(d -> d.id()).toList());
            List<ObjectNode> out = new ArrayList<>();
            for (var d : page.items()) {
                ObjectNode n = Json.object();
                n.put("id", d.id());
                n.put("slug", d.slug());
                String[] t = s.related().deviceTemplates(d.id());
                n.put("sg", t[1]);
                n.put("template", t[0]);
                n.set("versions", versions(versions.getOrDefault(d.id(), List.of())));
                out.add(n);
            }
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), out));
        });

        r.get("/api/v1/ota/action/", ctx -> {
            Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
            String request = ctx.queryParam("request");
            String device = ctx.queryParam("device");
            // As in the reference, a list names a request or a device; without either it is empty.
            var page = request == null && device == null ? new Page<OtaAction>(List.of(), 0)
                    : ota().actions(caller(ctx), request == null ? null : requestId(request), device, p.request());
            Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(a -> action(a, true)).toList()));
        });
        r.post("/api/v1/ota/action/", ctx -> {
            Body b = Body.of(ctx);
            Instant last = b.has("last_attempt_on") ? b.instant("last_attempt_on") : null;
            Http.created(ctx, action(ota().postAction(caller(ctx), new Ota.NewAction(b.lng("deployment"), b.str("device"),
                    b.bool("attempt_successful"), last, b.str("log"))), true));
        });
        r.get("/api/v1/ota/action/{id}/", ctx -> Http.ok(ctx, action(ota().action(caller(ctx), Http.longParam(ctx, "id")), true)));

        r.get("/api/v1/ota/device/{slug}/", this::device);
    }

    private Ota ota() { return s.fleet().ota(); }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private static long requestId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField("request", "must be a deployment request id");
        }
    }

    private void upload(Context ctx) {
        Caller caller = caller(ctx);
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null) throw FeedlineException.invalidField("file", "missing request.data['file']");
        if (file.size() > s.limits().maxFileBytes()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "a script file may be at most " + s.limits().maxFileBytes() + " bytes");
        }
        try (InputStream in = file.content()) {
            Http.created(ctx, script(ota().upload(caller, ctx.pathParam("slug"), in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The firmware bytes, with their SHA-256 in a header so a gateway can check what it got. */
    private void download(Context ctx) {
        Ota.Download d = ota().download(caller(ctx), ctx.pathParam("slug"));
        ctx.contentType("application/octet-stream");
        ctx.header("X-Checksum-SHA256", d.script().sha256());
        ctx.header("Content-Disposition", "attachment; filename=\"" + d.script().slug() + ".bin\"");
        ctx.result(d.content());
    }

    private void requests(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        Caller c = caller(ctx);
        String fleet = ctx.queryParam("fleet");
        String org = ctx.queryParam("org");
        String scope = ctx.queryParam("scope");
        if (scope != null && !scope.equals("global")) {
            if (Slugs.parseFleet(scope) != null) fleet = scope; else org = scope;
        }
        boolean all = Http.flag(ctx, "all");
        // As in the reference, a list names its fleet, org or scope; without one it is empty.
        Page<OtaRequest> page = fleet != null || org != null || scope != null
                ? ota().requests(c, fleet, org, all, p.request()) : new Page<>(List.of(), 0);
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(rq -> request(rq, false)).toList()));
    }

    private void device(Context ctx) {
        Ota.DeviceInfo info = ota().deviceInfo(caller(ctx), ctx.pathParam("slug"));
        ObjectNode n = Json.object();
        n.put("slug", info.device().slug());
        n.put("template", info.template());
        n.put("sg", info.sg());
        ArrayNode deployments = n.putArray("deployments");
        info.deployments().forEach(rq -> deployments.add(request(rq, false)));
        ArrayNode actions = n.putArray("actions");
        info.actions().forEach(a -> actions.add(action(a, false)));
        n.set("versions", versions(info.versions()));
        Http.ok(ctx, n);
    }

    private ObjectNode script(OtaScript sc) {
        ObjectNode n = Json.object();
        n.put("id", sc.id());
        n.put("slug", sc.slug());
        n.put("gid", sc.slug().substring(3));
        n.put("name", sc.name());
        n.put("org", s.related().orgSlug(sc.orgId()).orElse(null));
        n.put("version", sc.version());
        n.put("major_version", sc.major());
        n.put("minor_version", sc.minor());
        n.put("patch_version", sc.patch());
        n.put("notes", sc.notes());
        n.put("created_on", WireTime.format(sc.createdOn()));
        n.put("released", sc.released());
        time(n, "released_on", sc.releasedOn());
        if (sc.fileSize() == null) n.putNull("file_size"); else n.put("file_size", sc.fileSize());
        n.put("sha256", sc.sha256());
        return n;
    }

    /** The reference's script file view: where to get the file (here the download endpoint) and its checksum. */
    private ObjectNode file(Context ctx, OtaScript sc) {
        if (sc.fileKey() == null) throw FeedlineException.notFound("script file");
        ObjectNode n = Json.object();
        n.put("name", sc.name());
        n.put("url", Http.baseUrl(ctx) + "/api/v1/ota/script/" + sc.slug() + "/download/");
        n.put("key", sc.fileKey());
        n.put("major_version", sc.major());
        n.put("minor_version", sc.minor());
        n.put("patch_version", sc.patch());
        n.put("size", sc.fileSize());
        n.put("sha256", sc.sha256());
        return n;
    }

    /** A deployment request; withDevices adds the state of each target device (Feedline's own). Counts are always there. */
    private ObjectNode request(OtaRequest rq, boolean withDevices) {
        ObjectNode n = Json.object();
        n.put("id", rq.id());
        n.put("script", Slugs.script(rq.scriptId()));
        ArrayNode criteria = n.putArray("selection_criteria");
        rq.criteria().forEach(criteria::add);
        n.put("org", s.related().orgSlug(rq.orgId()).orElse(null));
        n.put("fleet", rq.fleetId() == null ? null : Slugs.fleet(rq.fleetId()));
        time(n, "released_on", rq.releasedOn());
        time(n, "completed_on", rq.completedOn());
        time(n, "created_on", rq.createdOn());
        Map<Long, String> states = ota().progress(rq);
        ObjectNode progress = n.putObject("progress");
        for (DeploymentState st : DeploymentState.values()) progress.put(st.wire(), 0);
        states.values().forEach(st -> progress.put(st, progress.get(st).asInt() + 1));
        progress.put("total", states.size());
        progress.put("waiting", ota().waiting(rq));
        OtaRollout rollout = ota().rollout(rq);
        n.put("max_devices_per_minute", rollout.ratePerMinute());
        n.put("max_failure_percent", rollout.maxFailurePercent());
        n.put("min_failure_sample", rollout.minFailureSample());
        n.put("rollout", rollout.state());
        n.put("rollout_reason", rollout.reason());
        if (withDevices) {
            ArrayNode devices = n.putArray("devices");
            states.forEach((id, st) -> devices.addObject().put("device", Slugs.device(id)).put("state", st));
        }
        return n;
    }

    private static ObjectNode action(OtaAction a, boolean full) {
        ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("deployment", a.requestId());
        if (full) {
            n.put("device", Slugs.device(a.deviceId()));
            time(n, "created_on", a.createdOn());
        }
        time(n, "last_attempt_on", a.lastAttemptOn());
        n.put("attempt_successful", a.attemptSuccessful());
        n.put("device_confirmation", a.deviceConfirmation());
        if (full) n.put("log", a.log());
        return n;
    }

    private static ArrayNode versions(List<DeviceVersion> versions) {
        ArrayNode out = Json.array();
        for (DeviceVersion v : versions) {
            ObjectNode n = out.addObject();
            n.put("type", v.type());
            n.put("tag", v.tag());
            n.put("version", v.version());
            n.putNull("streamer_local_id");
            time(n, "updated_ts", v.updatedTs());
        }
        return out;
    }

    private static void time(ObjectNode n, String field, Instant t) {
        if (t == null) n.putNull(field); else n.put(field, WireTime.format(t));
    }
}
