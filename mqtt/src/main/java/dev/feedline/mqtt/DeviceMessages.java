package dev.feedline.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.feedline.core.Limits;
import dev.feedline.core.data.DataService;
import dev.feedline.core.device.Commands;
import dev.feedline.core.device.DeviceAttributes;
import dev.feedline.core.device.Telemetry;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.fleet.ThingsBoardFirmware;
import dev.feedline.json.ClientRpc;
import dev.feedline.json.Json;
import dev.feedline.json.ThingsBoardJson;
import dev.feedline.model.Device;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a device publishes, handled as the ThingsBoard device API defines it. A QoS 1
 * telemetry PUBLISH is acknowledged only after its points are committed; while the ingest queue is
 * full the PUBACK is held back and the write retried, so a device's in-flight window fills and it
 * slows down instead of losing acknowledged data. Device messages are consumed here and never
 * forwarded to other subscribers: the "me" topics are shared by every device.
 */
final class DeviceMessages implements PublishInboundInterceptor {
    private static final Logger log = LoggerFactory.getLogger(DeviceMessages.class);

    private final Clients clients;
    private final Telemetry telemetry;
    private final DeviceAttributes attributes;
    private final Commands commands;
    private final DeviceOutbox outbox;
    private final Executor executor;
    private final CommitWait commits;
    private final ClientRpc clientRpc;
    private final Limits limits;
    private final Clock clock;
    private final FirmwareChunks firmware;

    DeviceMessages(Clients clients, Telemetry telemetry, DeviceAttributes attributes, Commands commands, DeviceOutbox outbox,
                   Executor executor, CommitWait commits, Limits limits, Clock clock, FirmwareChunks firmware) {
        this.firmware = firmware;
        this.clients = clients;
        this.telemetry = telemetry;
        this.attributes = attributes;
        this.commands = commands;
        this.outbox = outbox;
        this.executor = executor;
        this.commits = commits;
        this.clientRpc = new ClientRpc(limits, clock);
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        if (!(clients.get(clientId) instanceof Principal.DeviceClient client)) return;
        String topic = input.getPublishPacket().getTopic();
        byte[] payload = input.getPublishPacket().getPayload().map(DeviceMessages::bytes).orElse(new byte[0]);
        Qos qos = input.getPublishPacket().getQos();
        Device device = client.device();
        if (payload.length > limits.maxBodyBytes()) {
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "payload larger than " + limits.maxBodyBytes() + " bytes");
            return;
        }
        if (qos == Qos.AT_LEAST_ONCE && topic.equals(DeviceTopics.TELEMETRY)) {
            confirmedTelemetry(clientId, input.getPublishPacket().getPacketId(), device, payload, output);
            return;
        }
        Async<PublishInboundOutput> async = output.async(CommitWait.ACK_TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.UNSPECIFIED_ERROR, "not stored in time");
        CompletableFuture<Void> handled;
        try {
            handled = handle(clientId, device, topic, payload, qos);
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        handled.whenComplete((ok, error) -> {
            if (error == null) output.preventPublishDelivery();
            else reject(output, clientId, topic, PublishRefusals.unwrap(error));
            async.resume();
        });
    }

    /** QoS 1: queues the points and returns; the PUBACK waits for their commit (see {@link CommitWait}). */
    private void confirmedTelemetry(String clientId, int packetId, Device device, byte[] payload, PublishInboundOutput output) {
        Consumer<Throwable> refuse = error -> reject(output, clientId, DeviceTopics.TELEMETRY, error);
        List<Telemetry.Reading> readings;
        try {
            readings = ThingsBoardJson.telemetry(payload);
        } catch (RuntimeException e) {
            refuse.accept(e);
            return;
        }
        if (!ThingsBoardFirmware.isReport(readings)) {
            // Ordinary telemetry, the hot path: nothing hangs on its commit but the acknowledgement.
            commits.acknowledgeAfterCommit(clientId, packetId, output, () -> telemetry.ingest(device, readings), refuse);
            return;
        }
        commits.acknowledgeAfterCommit(clientId, packetId, output, () -> {
            DataService.Accepted accepted = telemetry.ingest(device, readings);
            accepted.committed().thenRun(() -> followFirmware(device, readings));
            return accepted;
        }, refuse);
    }

    /**
     * A firmware report (fw_state) also moves the device's deployment, once its points are stored. Off the commit path
     * on the work pool; a failure is logged and the device's next report catches up (the SDK reports every step).
     */
    private void followFirmware(Device device, List<Telemetry.Reading> readings) {
        if (ThingsBoardFirmware.isReport(readings)) executor.execute(() -> firmware.reported(device, readings));
    }

    private CompletableFuture<Void> handle(String clientId, Device device, String topic, byte[] payload, Qos qos) {
        if (topic.equals(DeviceTopics.TELEMETRY)) {
            if (qos == Qos.AT_MOST_ONCE) return unconfirmedTelemetry(device, payload);
            // QoS 2 waits here, so a failed commit gets an error PUBREC: HiveMQ remembers a QoS 2 packet id
            // from its first arrival, and would answer a resend with PUBREC without asking this interceptor.
            var readings = ThingsBoardJson.telemetry(payload);
            return commits.queued(() -> telemetry.ingest(device, readings)).thenCompose(commit -> commit)
                    .thenRun(() -> followFirmware(device, readings));
        }
        if (FirmwareChunks.isRequest(topic)) {
            return CompletableFuture.supplyAsync(() -> firmware.answer(clientId, device, topic, payload), executor).thenCompose(f -> f);
        }
        if (topic.equals(DeviceTopics.ATTRIBUTES)) {
            return CompletableFuture.runAsync(() -> attributes.putClient(device, ThingsBoardJson.attributes(payload)), executor);
        }
        Long attributeRequest = DeviceTopics.requestId(topic, DeviceTopics.ATTRIBUTES_REQUEST);
        if (attributeRequest != null) return CompletableFuture.runAsync(() -> answerAttributes(clientId, device, attributeRequest, payload), executor);
        Long commandReply = DeviceTopics.requestId(topic, DeviceTopics.RPC_RESPONSE);
        if (commandReply != null) return CompletableFuture.runAsync(() -> commands.replied(device, commandReply, ThingsBoardJson.replyText(payload)), executor);
        Long clientRpc = DeviceTopics.requestId(topic, DeviceTopics.RPC_REQUEST);
        if (clientRpc != null) return CompletableFuture.runAsync(() -> answerClientRpc(clientId, clientRpc, payload), executor);
        // Claiming by secret key is not supported (org members claim devices through the REST API): accepted, nothing to do.
        if (topic.equals(DeviceTopics.CLAIM)) return CompletableFuture.completedFuture(null);
        throw FeedlineException.forbidden("devices may publish only to their v1/devices/me/... topics");
    }

    /** QoS 0: written without waiting for the commit. */
    private CompletableFuture<Void> unconfirmedTelemetry(Device device, byte[] payload) {
        var readings = ThingsBoardJson.telemetry(payload);
        try {
            telemetry.ingest(device, readings);
            followFirmware(device, readings);
        } catch (FeedlineException e) {
            if (e.kind() != ErrorKind.OVERLOADED) throw e;
            // QoS 0 is best effort: under overload the message is dropped, as the protocol allows.
        }
        return CompletableFuture.completedFuture(null);
    }

    private void answerAttributes(String clientId, Device device, long requestId, byte[] payload) {
        var request = payload.length == 0 ? Json.object() : Json.parse(payload);
        if (!request.isObject()) throw FeedlineException.invalid("an attribute request is a JSON object");
        var snapshot = attributes.read(device, ThingsBoardJson.keys(request.path("clientKeys").asText(null)),
                ThingsBoardJson.keys(request.path("sharedKeys").asText(null)));
        outbox.toClient(clientId, DeviceTopics.ATTRIBUTES_RESPONSE + requestId, Json.write(ThingsBoardJson.snapshot(snapshot)).getBytes(StandardCharsets.UTF_8));
    }

    /** Client-side RPC: the built-in methods; anything else gets an error reply so the device does not wait. */
    private void answerClientRpc(String clientId, long requestId, byte[] payload) {
        String method = Json.parse(payload).path("method").asText("");
        ObjectNode reply = clientRpc.answer(method).orElseGet(() -> {
            ObjectNode error = Json.object();
            error.put("error", "unknown method '" + method + "'");
            return error;
        });
        outbox.toClient(clientId, DeviceTopics.RPC_RESPONSE + requestId, Json.write(reply).getBytes(StandardCharsets.UTF_8));
    }

    private static void reject(PublishInboundOutput output, String clientId, String topic, Throwable error) {
        AckReasonCode code = AckReasonCode.UNSPECIFIED_ERROR;
        String reason = "could not be processed";
        if (error instanceof FeedlineException fe) {
            reason = fe.getMessage();
            code = PublishRefusals.code(fe);
        } else {
            log.atError().addKeyValue("client_id", clientId).addKeyValue("topic", topic).setCause(error).log("device message failed");
        }
        log.atDebug().addKeyValue("client_id", clientId).addKeyValue("topic", topic).addKeyValue("reason", reason).log("device message refused");
        output.preventPublishDelivery(code, reason);
    }

    /** The bytes of a packet's payload, without moving the packet's buffer. */
    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.asReadOnlyBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
