package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.fleet.ThingsBoardFirmware;
import dev.feedline.model.Device;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ThingsBoard firmware downloads: a device publishes {@code v2/fw/request/{requestId}/chunk/{n}} (payload: the chunk
 * size as text) and gets the bytes on {@code v2/fw/response/{requestId}/chunk/{n}}. The request id is the device's own
 * counter and is only echoed back; which firmware is served is decided by the device's deployment.
 *
 * <p>The official Python SDK subscribes to {@code v2/fw/response/+}, which by MQTT's rules does not match the
 * four-level response topic: ThingsBoard's own transport delivers to the session regardless. HiveMQ delivers a message
 * to one client only through a matching subscription, so when an answer finds no such subscription the server
 * subscribes the client to {@code v2/fw/response/+/chunk/+} itself and sends it again (the device may subscribe to it
 * too). That happens once per session, on its first chunk (and again if the device unsubscribed): adding a
 * subscription is a write to the broker's subscription store, too dear for every chunk. A client sees only its own
 * answers: they are sent to its client id, never published to the topic.
 */
final class FirmwareChunks {
    static final String RESPONSE_FILTER = "v2/fw/response/+/chunk/+";
    static final String REQUEST_FILTER = "v2/fw/request/+/chunk/+";
    private static final Pattern REQUEST = Pattern.compile("v2/fw/request/(\\d{1,18})/chunk/(\\d{1,18})");

    private final ThingsBoardFirmware firmware;
    private final DeviceOutbox outbox;
    /** Where a chunk waiting for its turn is read and sent: the broker's work pool (a large file is read from disk). */
    private final Executor work;

    FirmwareChunks(ThingsBoardFirmware firmware, DeviceOutbox outbox, Executor work) {
        this.firmware = firmware;
        this.outbox = outbox;
        this.work = work;
    }

    /** Whether the topic is a chunk request (any other v2/fw topic is not: the device may not publish there). */
    static boolean isRequest(String topic) { return REQUEST.matcher(topic).matches(); }

    /**
     * Answers a chunk request, at its turn at the serving pace ({@link ThingsBoardFirmware#chunkTurn}: the bytes are
     * read only then, so waiting requests hold no chunk); a request for a device with nothing deployed, or a bad
     * chunk, fails the PUBLISH at once instead.
     */
    CompletableFuture<Void> answer(String clientId, Device device, String topic, byte[] payload) {
        Matcher m = REQUEST.matcher(topic);
        if (!m.matches()) throw FeedlineException.forbidden("not a firmware chunk request");
        long index = Long.parseLong(m.group(2));
        String asked = new String(payload, StandardCharsets.UTF_8);
        long wait = firmware.chunkTurn(device, index, asked);
        String response = "v2/fw/response/" + m.group(1) + "/chunk/" + m.group(2);
        if (wait == 0) return send(clientId, response, firmware.chunk(device, index, asked));
        return CompletableFuture.supplyAsync(() -> firmware.chunk(device, index, asked), CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, work))
                .thenCompose(chunk -> send(clientId, response, chunk));
    }

    private CompletableFuture<Void> send(String clientId, String response, byte[] chunk) {
        return outbox.toClient(clientId, response, chunk).thenCompose(delivered -> delivered ? CompletableFuture.completedFuture(null)
                : Services.subscriptionStore()
                        .addSubscription(clientId, Builders.topicSubscription().topicFilter(RESPONSE_FILTER).qos(Qos.AT_LEAST_ONCE).build())
                        .thenCompose(v -> outbox.toClient(clientId, response, chunk))
                        .thenApply(again -> null));
    }

    /** Follows a firmware report (telemetry with fw_state) into the device's deployment; a failure is logged. */
    void reported(Device device, java.util.List<dev.feedline.core.device.Telemetry.Reading> readings) { firmware.follow(device, readings); }
}
