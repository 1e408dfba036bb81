package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import java.time.Clock;

/**
 * GET /api/v1/server/: what IOTile gateways read to set their clocks, open to anyone as in the reference
 * ({now, stage, name, company}); Feedline adds its version and the API version. "now" is the server's clock (the
 * one injected into the whole server, so tests can fix it), in the data API's format (seconds, Z).
 */
final class ServerRoutes {
    private final Clock clock;
    private final String version;

    ServerRoutes(Clock clock, String version) {
        this.clock = clock;
        this.version = version;
    }

    void register(Router r) {
        r.get("/api/v1/server/", ctx -> {
            ObjectNode n = Json.object();
            n.put("now", WireTime.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            n.put("stage", "production");
            n.put("name", "Feedline");
            n.put("company", "Feedline");
            n.put("version", version);
            n.put("api_version", "v1");
            Http.ok(ctx, n);
        });
    }
}
