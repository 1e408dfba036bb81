package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Online state and last-seen follow connections, however they end, and are published for applications. */
class MqttPresenceTest extends MqttFixtureTest {
    private boolean online() { return f.deviceView().get("online").asBoolean(); }

    @Test
    void anAbruptDisconnectTakesTheDeviceOffline() throws Exception {
        try (RawMqtt raw = RawMqtt.connect(f.port, "raw-" + UUID.randomUUID(), f.token, 60)) {
            await().atMost(10, TimeUnit.SECONDS).until(this::online);
            assertThat(f.deviceView().get("last_seen").isNull()).isFalse();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> !online());
    }

    @Test
    void aMissedKeepAliveTakesTheDeviceOffline() throws Exception {
        // Keep-alive 5 s: the device stays online for 7.5 s, long enough for polling to see it even on a slow machine.
        try (RawMqtt silent = RawMqtt.connect(f.port, "silent-" + UUID.randomUUID(), f.token, 5)) {
            await().atMost(10, TimeUnit.SECONDS).until(this::online);
            // No PINGREQ ever comes: the broker drops the connection after 1.5 keep-alive periods.
            await().atMost(30, TimeUnit.SECONDS).until(() -> !online());
        }
    }

    @Test
    void applicationsSeePresenceChanges() throws Exception {
        String key = f.admin.post("/api/v1/auth/keys/", Map.of("name", "watcher")).json().get("key").asText();
        Mqtt5BlockingClient app = MqttClient.builder().useMqttVersion5().identifier("app-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(f.port).buildBlocking();
        app.connectWith().simpleAuth().username("watcher").password(key.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        try (var publishes = app.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            app.subscribeWith().topicFilter("feedline/acme/+/" + f.device + "/presence").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient device = f.device();
            boolean sawOnline = false;
            for (int i = 0; i < 5 && !sawOnline; i++) {
                var p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                sawOnline = new ObjectMapper().readTree(p.getPayloadAsBytes()).get("online").asBoolean();
            }
            assertThat(sawOnline).isTrue();
            device.disconnect();
            var offline = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(new ObjectMapper().readTree(offline.getPayloadAsBytes()).get("online").asBoolean()).isFalse();
        } finally {
            app.disconnect();
        }
    }
}
