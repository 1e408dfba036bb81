package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.fleet.ThingsBoardFirmware;
import dev.feedline.json.ClientRpc;
import dev.feedline.json.Json;
import dev.feedline.json.ThingsBoardJson;
import dev.feedline.model.Command;
import dev.feedline.model.Device;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * The ThingsBoard HTTP device API, /api/v1/{token}/...: the device's access token in the path is
 * its only credential. Same meaning as the MQTT device API: telemetry keys are project variables,
 * client attributes are device properties, shared attributes are config attributes ":k" on the
 * device, server-side RPC is a device command. Successful writes answer 200 with an empty body.
 */
final class ThingsBoardRoutes {
    private static final String BASE = "/api/v1/{token}";

    private final Services s;
    private final ClientRpc clientRpc;
    private final HttpCommandChannel commandPolls;
    private final SharedAttributeUpdates attributePolls = new SharedAttributeUpdates();

    ThingsBoardRoutes(Services s, Clock clock) {
        this.s = s;
        this.clientRpc = new ClientRpc(s.limits(), clock);
        this.commandPolls = new HttpCommandChannel(s.commands());
    }

    /**
     * Registers the routes — after every other /api/v1 route, so literal paths such as
     * /api/v1/device/claim/ win over {token} — and joins the core as a command channel (shared-attribute
     * changes come through {@link #sharedAttributeChanged}, subscribed in the server's wiring).
     */
    void register(Router r, MeterRegistry metrics) {
        r.post(BASE + "/telemetry", this::telemetry);
        r.post(BASE + "/attributes", this::putAttributes);
        r.get(BASE + "/attributes", this::getAttributes);
        r.get(BASE + "/attributes/updates", this::attributeUpdates);
        r.get(BASE + "/rpc", this::nextCommand);
        r.post(BASE + "/rpc/{requestId}", this::commandReply);
        r.post(BASE + "/rpc", this::clientRpc);
        r.post(BASE + "/claim", this::claim);
        r.get(BASE + "/firmware", this::firmware);
        s.commands().addChannel(commandPolls);
        Gauge.builder("feedline.http.long_polls", commandPolls.polls(), DevicePolls::size).tag("kind", "rpc")
                .description("device HTTP long polls waiting").register(metrics);
        Gauge.builder("feedline.http.long_polls", attributePolls.polls(), DevicePolls::size).tag("kind", "attributes")
                .description("device HTTP long polls waiting").register(metrics);
    }

    void sharedAttributeChanged(dev.feedline.core.events.DomainEvent.ConfigChanged event) { attributePolls.changed(event); }

    /** Ends the waiting long polls with 503, so a server stop is not held up by them. */
    void endLongPolls() {
        FeedlineException stopping = FeedlineException.overloaded("the server is stopping; poll again", 5);
        commandPolls.polls().endAll(stopping);
        attributePolls.polls().endAll(stopping);
    }

    /** The device whose token is in the path, marked seen (an HTTP device is never "online": it holds no connection). */
    private Device device(Context ctx) {
        Device device = Http.pathDevice(ctx, s.authenticator()); // already checked by AuthenticateFirst, kept on the request
        s.lastSeen().seen(device.id(), s.data().now());
        return device;
    }

    /**
     * Answered only after the points are committed, like POST /api/v1/data/. A firmware report (fw_state) also moves
     * the device's deployment, as over MQTT, before the answer (off the writer's thread: the commit completes there).
     */
    private void telemetry(Context ctx) {
        Device device = device(ctx);
        var readings = ThingsBoardJson.telemetry(ctx.bodyAsBytes());
        DataService.Accepted accepted = s.telemetry().ingest(device, readings);
        if (!ThingsBoardFirmware.isReport(readings)) {
            ctx.future(() -> accepted.committed().thenRun(() -> ctx.status(200)));
            return;
        }
        ctx.future(() -> accepted.committed().thenRunAsync(() -> {
            s.fleet().tbFirmware().follow(device, readings);
            ctx.status(200);
        }));
    }

    /**
     * The firmware deployed to the device (issue 17): {@code title} and {@code version} as announced in fw_title and
     * fw_version, {@code size} 0 or absent for the whole file, else the chunk {@code chunk} of {@code size} bytes.
     * The SHA-256 of the whole file (fw_checksum) is in X-Checksum-SHA256, as the script download answers it.
     */
    private void firmware(Context ctx) {
        Device device = device(ctx);
        ThingsBoardFirmware.FileRange f = s.fleet().tbFirmware().file(device, ctx.queryParam("title"), ctx.queryParam("version"),
                count(ctx, "size"), count(ctx, "chunk"));
        ctx.contentType("application/octet-stream");
        ctx.header("Content-Length", Long.toString(f.length()));
        ctx.header("X-Checksum-SHA256", f.script().sha256());
        ctx.result(f.content());
    }

    /** A non-negative whole-number query parameter, 0 when absent; INVALID naming it otherwise. */
    private static long count(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return 0;
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw FeedlineException.invalidField(name, "must be a whole number of 0 or more, not '" + (v.length() > 20 ? v.substring(0, 20) + "…" : v) + "'");
    }

    private void putAttributes(Context ctx) {
        Device device = device(ctx);
        s.attributes().putClient(device, ThingsBoardJson.attributes(ctx.bodyAsBytes()));
        ctx.status(200);
    }

    private void getAttributes(Context ctx) {
        Device device = device(ctx);
        Http.ok(ctx, ThingsBoardJson.snapshot(s.attributes().read(device, ThingsBoardJson.keys(ctx.queryParam("clientKeys")),
                ThingsBoardJson.keys(ctx.queryParam("sharedKeys")))));
    }

    private void attributeUpdates(Context ctx) {
        Device device = device(ctx);
        LongPoll.answer(ctx, attributePolls.next(device), LongPoll.timeout(ctx), update -> update, update -> {});
    }

    private void nextCommand(Context ctx) {
        Device device = device(ctx);
        LongPoll.answer(ctx, commandPolls.next(device), LongPoll.timeout(ctx), ThingsBoardRoutes::commandView, commandPolls::answered);
    }

    /** Over HTTP the id travels in the body (MQTT carries it in the topic). */
    private static ObjectNode commandView(Command command) {
        ObjectNode out = Json.object();
        out.put("id", command.id());
        out.setAll(ThingsBoardJson.rpcRequest(command));
        return out;
    }

    private void commandReply(Context ctx) {
        Device device = device(ctx);
        long id = Http.longParam(ctx, "requestId");
        if (s.commands().replied(device, id, ThingsBoardJson.replyText(ctx.bodyAsBytes())).isEmpty()) {
            throw FeedlineException.notFound("command " + id + " awaiting a reply from this device");
        }
        ctx.status(200);
    }

    /** Client-side RPC: the built-in methods answer at once; there is no rule engine to ask for others. */
    private void clientRpc(Context ctx) {
        device(ctx);
        String method = Body.of(ctx).requiredStr("method");
        Http.ok(ctx, clientRpc.answer(method).orElseThrow(() -> FeedlineException.notFound("client-side RPC method '" + method + "'")));
    }

    /**
     * Accepted and checked, but claiming by secret key is not implemented: an org member claims
     * devices through POST /api/v1/device/claim/.
     */
    private void claim(Context ctx) {
        device(ctx);
        Body b = Body.orEmpty(ctx);
        b.str("secretKey");
        b.lng("durationMs");
        ctx.status(200);
    }
}
