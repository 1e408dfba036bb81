package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.json.CommandJson;
import dev.feedline.json.Json;
import dev.feedline.model.Command;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Commands (server-side RPC) to devices: send, follow, list. With {@code ?wait=true} the answer
 * comes when the command is done (replied, or delivered if one-way, or expired/failed) — the
 * ThingsBoard two-way RPC style — else at once with status "queued" or "sent".
 */
final class CommandRoutes {
    private final Services s;

    CommandRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.post("/api/v1/device/{slug}/rpc/", this::send);
        r.get("/api/v1/device/{slug}/rpc/", this::list);
        r.get("/api/v1/rpc/{id}/", ctx -> Http.ok(ctx, CommandJson.of(s.commands().get(caller(ctx), Http.longParam(ctx, "id")))));
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void send(Context ctx) {
        Body b = Body.of(ctx);
        JsonNode params = b.raw("params");
        Long timeoutMs = b.lng("timeout");
        Duration ttl = timeoutMs == null ? null : Duration.ofMillis(timeoutMs);
        boolean oneWay = Boolean.TRUE.equals(b.bool("oneway"));
        Command command = s.commands().send(caller(ctx), ctx.pathParam("slug"), b.requiredStr("method"),
                params == null ? "{}" : Json.write(params), oneWay, ttl);
        if (!Http.flag(ctx, "wait")) {
            Http.created(ctx, CommandJson.of(command));
            return;
        }
        long waitMs = Duration.between(s.data().now(), command.expiresOn()).toMillis() + 1000;
        ctx.future(() -> s.commands().settled(command).orTimeout(Math.max(waitMs, 1), TimeUnit.MILLISECONDS)
                .handle((done, error) -> {
                    Command latest = done != null ? done : s.commands().get(caller(ctx), command.id());
                    Http.created(ctx, CommandJson.of(latest));
                    return null;
                }));
    }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = s.commands().list(caller(ctx), ctx.pathParam("slug"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(CommandJson::of).toList()));
    }

}
