package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import dev.feedline.core.Limits;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window of QoS 1 publishes a device may have unacknowledged: the MQTT 5 CONNACK's Receive Maximum and
 * the client-side RPC getSessionLimits (maxInflightMessages) are one setting, and a device that sends that
 * many at once (as the ThingsBoard SDK does, trusting the RPC) gets every one acknowledged after its commit.
 */
class MqttInflightWindowTest {
    private static final String TELEMETRY = "v1/devices/me/telemetry";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void getSessionLimitsReportsTheReceiveMaximumOfTheConnack() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5BlockingClient device = f.unconnectedDevice("d-" + UUID.randomUUID());
            Mqtt5ConnAck connack = device.connectWith().simpleAuth().username(f.token).applySimpleAuth().send();
            int receiveMaximum = connack.getRestrictions().getReceiveMaximum();
            assertThat(receiveMaximum).as("the default window").isEqualTo(Limits.defaults().maxInflightMessages()).isEqualTo(100);
            assertThat(sessionLimits5(device).get("maxInflightMessages").asInt()).isEqualTo(receiveMaximum);
            device.disconnect();

            // MQTT 3.1.1 has no receive maximum in its CONNACK; the RPC tells it the same window.
            Mqtt3BlockingClient device3 = MqttClient.builder().useMqttVersion3().identifier("d3-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(f.port).buildBlocking();
            device3.connectWith().simpleAuth().username(f.token).applySimpleAuth().send();
            try (var replies = device3.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                device3.subscribeWith().topicFilter("v1/devices/me/rpc/response/+").qos(MqttQos.AT_LEAST_ONCE).send();
                device3.publishWith().topic("v1/devices/me/rpc/request/1").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(bytes("{\"method\": \"getSessionLimits\", \"params\": {}}")).send();
                JsonNode limits = JSON.readTree(replies.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes());
                assertThat(limits.get("maxInflightMessages").asInt()).isEqualTo(receiveMaximum);
            } finally {
                device3.disconnect();
            }
        }
    }

    /** One setting, mqtt.receive.maximum, for both; a value MQTT cannot carry stops the start. */
    @Test
    void theWindowIsConfigurable() throws Exception {
        int port = FreePorts.next();
        try (TestServer server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1",
                "mqtt.receive.maximum", "25"))) {
            Api admin = server.admin();
            admin.post("/api/v1/org/", Map.of("name", "Acme"));
            admin.post("/api/v1/project/", Map.of("org", "acme", "name", "Plant"));
            String token = admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001", "label", "pump")).json()
                    .get("token").asText();
            Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("d-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            Mqtt5ConnAck connack = device.connectWith().simpleAuth().username(token).applySimpleAuth().send();
            assertThat(connack.getRestrictions().getReceiveMaximum()).isEqualTo(25);
            assertThat(sessionLimits5(device).get("maxInflightMessages").asInt()).isEqualTo(25);
            device.disconnect();
        }
        for (String bad : List.of("0", "65536")) {
            assertThatThrownBy(() -> TestServer.start(dir.resolve("bad-" + bad), Map.of("mqtt.receive.maximum", bad)).close())
                    .as(bad).hasMessageContaining("mqtt.receive.maximum");
        }
    }

    @Test
    void aWindowOfPublishesSentAtOnceOverMqtt5IsAllStored() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5BlockingClient asker = f.device();
            int window = sessionLimits5(asker).get("maxInflightMessages").asInt();
            asker.disconnect();
            try (RawMqtt device = RawMqtt.connect5(f.port, "raw5-" + UUID.randomUUID(), f.token, 60)) {
                sendWindowAndExpectEveryPuback(device, window);
            }
            assertThat(storedPoints(f)).isEqualTo(window);
        }
    }

    /** MQTT 3.1.1: the broker enforces no window there; the one reported is acknowledged in full all the same. */
    @Test
    void aWindowOfPublishesSentAtOnceOverMqtt311IsAllStored() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            int window = Limits.defaults().maxInflightMessages();
            try (RawMqtt device = RawMqtt.connect(f.port, "raw3-" + UUID.randomUUID(), f.token, 60)) {
                sendWindowAndExpectEveryPuback(device, window);
            }
            assertThat(storedPoints(f)).isEqualTo(window);
        }
    }

    /** The whole window in one write, as a client with that many queued sends it; PUBACKs come in order. */
    private static void sendWindowAndExpectEveryPuback(RawMqtt device, int window) throws Exception {
        List<String> payloads = new ArrayList<>();
        for (int i = 1; i <= window; i++) payloads.add("{\"ts\": " + (1_700_000_000_000L + i) + ", \"values\": {\"level\": " + i + "}}");
        device.publishAtLeastOnce(TELEMETRY, payloads);
        for (int id = 1; id <= window; id++) assertThat(device.readPuback()).as("PUBACK %s of %s", id, window).isEqualTo(id);
    }

    private static JsonNode sessionLimits5(Mqtt5BlockingClient device) throws Exception {
        try (var replies = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            device.subscribeWith().topicFilter("v1/devices/me/rpc/response/+").qos(MqttQos.AT_LEAST_ONCE).send();
            MqttFixture.publish(device, "v1/devices/me/rpc/request/1", "{\"method\": \"getSessionLimits\", \"params\": {}}");
            return JSON.readTree(replies.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes());
        }
    }

    private static int storedPoints(MqttFixture f) {
        String stream = f.admin.get("/api/v1/data/latest/?filter=" + f.device).json().get(0).get("stream").asText();
        return f.admin.get("/api/v1/data/?filter=" + stream).json().get("count").asInt();
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
