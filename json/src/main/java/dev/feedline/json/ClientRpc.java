package dev.feedline.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Limits;
import java.time.Clock;
import java.util.Optional;

/**
 * Client-side RPC (a device asking the server), the same over MQTT and HTTP. ThingsBoard answers
 * these from its rule engine; Feedline has none yet, so only the built-in methods are answered.
 */
public final class ClientRpc {
    private final Limits limits;
    private final Clock clock;

    public ClientRpc(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** The reply to method, or empty when it is not a built-in (each transport reports that its own way). */
    public Optional<ObjectNode> answer(String method) {
        ObjectNode reply = Json.object();
        switch (method) {
            case "getSessionLimits" -> {
                reply.put("maxPayloadSize", limits.maxBodyBytes());
                // The broker's MQTT 5 Receive Maximum (the same setting): the ThingsBoard SDK sends this many unacknowledged.
                reply.put("maxInflightMessages", limits.maxInflightMessages());
                // No rate limits are configured, and ThingsBoard clients read an empty object as "none".
                reply.putObject("rateLimits");
            }
            case "getCurrentTime" -> reply.put("time", clock.millis());
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(reply);
    }
}
