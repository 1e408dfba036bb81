package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.interceptor.puback.PubackInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackInboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.suback.SubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundOutput;
import dev.feedline.core.device.CommandChannel;
import dev.feedline.core.device.Commands;
import dev.feedline.json.Json;
import dev.feedline.json.ThingsBoardJson;
import dev.feedline.model.Command;
import dev.feedline.model.Device;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Commands over MQTT, ThingsBoard style: {"method", "params"} on v1/devices/me/rpc/request/{id}.
 * A command is sent when its device is connected and subscribed (HiveMQ accepts the message for a
 * session subscribed to the topic); otherwise it stays queued and goes out when the device's SUBACK
 * for the request topic is sent (a new subscription) or it reconnects with its persistent session.
 * The device's PUBACK for the command's message marks it delivered.
 */
final class MqttCommandChannel implements CommandChannel, SubackOutboundInterceptor, PublishOutboundInterceptor, PubackInboundInterceptor {
    private final Clients clients;
    private final DeviceOutbox outbox;
    private final Commands commands;
    private final Executor executor;
    /** client id + packet id of an outgoing command message → the command id, until its PUBACK. */
    private final Map<String, Long> awaitingAck = new ConcurrentHashMap<>();

    MqttCommandChannel(Clients clients, DeviceOutbox outbox, Commands commands, Executor executor) {
        this.clients = clients;
        this.outbox = outbox;
        this.commands = commands;
        this.executor = executor;
    }

    @Override
    public boolean reachable(Device device) { return outbox.connected(device.id()); }

    @Override
    public CompletableFuture<Boolean> send(Device device, Command command) {
        byte[] payload = Json.write(ThingsBoardJson.rpcRequest(command)).getBytes(StandardCharsets.UTF_8);
        // False when no connection has the request topic subscribed yet: the command waits for the SUBACK.
        // Answered on our executor, since Commands then writes the status: not on a broker thread.
        return outbox.toDevice(device.id(), DeviceTopics.RPC_REQUEST + command.id(), payload).thenApplyAsync(taken -> taken, executor);
    }

    /** A device just subscribed: send what waited for it. */
    @Override
    public void onOutboundSuback(SubackOutboundInput input, SubackOutboundOutput output) {
        if (clients.get(input.getClientInformation().getClientId()) instanceof Principal.DeviceClient d) deliverQueued(d.device());
    }

    /** A device (re)connected: a persistent session may already hold the subscription, so try at once. */
    void deliverQueued(Device device) { executor.execute(() -> commands.deliverQueued(device)); }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        Long id = DeviceTopics.requestId(input.getPublishPacket().getTopic(), DeviceTopics.RPC_REQUEST);
        if (id != null) awaitingAck.put(key(input.getClientInformation().getClientId(), input.getPublishPacket().getPacketId()), id);
    }

    @Override
    public void onInboundPuback(PubackInboundInput input, PubackInboundOutput output) {
        Long id = awaitingAck.remove(key(input.getClientInformation().getClientId(), input.getPubackPacket().getPacketIdentifier()));
        if (id != null) executor.execute(() -> commands.delivered(id));
    }

    void forget(String clientId) { awaitingAck.keySet().removeIf(k -> k.startsWith(clientId + "\u0000")); }

    private static String key(String clientId, int packetId) { return clientId + "\u0000" + packetId; }
}
