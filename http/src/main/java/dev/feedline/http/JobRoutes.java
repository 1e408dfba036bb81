package dev.feedline.http;

import dev.feedline.core.Services;
import dev.feedline.json.JobJson;
import io.javalin.http.Context;

/**
 * Background jobs by pid: GET /api/v1/pid/?pid=… (Feedline's form) and POST /api/v1/pid/ {"pid": …} (the IOTile
 * reference's form, answered 202 as it does). A pid of another org is a 404 like any foreign object.
 */
final class JobRoutes {
    private final Services s;

    JobRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.get("/api/v1/pid/", ctx -> Http.ok(ctx, JobJson.of(s.jobs().get(Http.caller(ctx, s.authenticator()), ctx.queryParam("pid")))));
        r.post("/api/v1/pid/", this::post);
    }

    private void post(Context ctx) {
        String pid = Body.of(ctx).str("pid");
        Http.accepted(ctx, JobJson.of(s.jobs().get(Http.caller(ctx, s.authenticator()), pid)));
    }
}
