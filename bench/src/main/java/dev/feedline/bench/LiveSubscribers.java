package dev.feedline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * MQTT subscribers measuring publish→delivery: each message carries its send time in microseconds, as
 * Feedline's live point ({"value": …}) or as the device's own payload relayed by Mosquitto ({"v": …}).
 */
final class LiveSubscribers {
    private final Latency delivery = new Latency();
    private final LongAdder received = new LongAdder();
    private final LongAdder unreadable = new LongAdder();

    /** Subscribes client i to filters.get(i); waits for every SUBACK. */
    void subscribe(List<Mqtt5AsyncClient> clients, List<String> filters, MqttQos qos) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            acks.add(clients.get(i).subscribeWith().topicFilter(filters.get(i)).qos(qos).callback(this::onMessage).send());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private void onMessage(Mqtt5Publish p) {
        long now = Clocks.epochMicros();
        try {
            JsonNode n = RestClient.JSON.readTree(p.getPayloadAsBytes());
            JsonNode sent = n.has("value") ? n.get("value") : n.get("v");
            if (sent == null || !sent.isNumber()) {
                unreadable.increment();
                return;
            }
            received.increment();
            delivery.record(TimeUnit.MICROSECONDS.toNanos(now - sent.asLong()));
        } catch (IOException e) {
            unreadable.increment();
        }
    }

    void reset() {
        delivery.reset();
        received.reset();
    }

    long received() { return received.sum(); }

    long unreadable() { return unreadable.sum(); }

    Latency.Summary latency() { return delivery.summary(); }
}
