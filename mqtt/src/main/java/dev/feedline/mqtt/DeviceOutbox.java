package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Messages to one device. Device topics all say "me", so a message must go to that device's own
 * client ids only, never be published to the topic at large.
 */
final class DeviceOutbox {
    private final Clients clients;

    DeviceOutbox(Clients clients) { this.clients = clients; }

    /** Sends to one client; completes with whether the client was subscribed to a matching topic. */
    CompletableFuture<Boolean> toClient(String clientId, String topic, byte[] payload) {
        Publish publish = Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE).payload(ByteBuffer.wrap(payload)).build();
        return Services.publishService().publishToClient(publish, clientId).thenApply(r -> r == PublishToClientResult.SUCCESSFUL);
    }

    /** Sends to every connection of the device; completes with whether any of them took it. */
    CompletableFuture<Boolean> toDevice(long deviceId, String topic, byte[] payload) {
        List<CompletableFuture<Boolean>> sends = clients.ofDevice(deviceId).stream().map(id -> toClient(id, topic, payload)).toList();
        if (sends.isEmpty()) return CompletableFuture.completedFuture(false);
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(v -> sends.stream().anyMatch(CompletableFuture::join));
    }

    boolean connected(long deviceId) { return !clients.ofDevice(deviceId).isEmpty(); }
}
