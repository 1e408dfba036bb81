package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.feedline.server.Api;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A real MQTT client against the embedded broker: authentication, telemetry with ack after commit, live fan-out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttDeviceTest {
    @TempDir
    static Path dir;
    private MqttFixture f;
    private int mqttPort;
    private Api admin;
    private String token;
    private String deviceSlug;

    @BeforeAll
    void start() throws Exception {
        f = MqttFixture.start(dir);
        mqttPort = f.port;
        admin = f.admin;
        token = f.token;
        deviceSlug = f.device;
    }

    @AfterAll
    void stop() { f.close(); }

    private Mqtt5BlockingClient mqtt5(String username, String password) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("t-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
        var connect = c.connectWith();
        if (username != null) {
            var auth = connect.simpleAuth().username(username);
            if (password != null) auth.password(password.getBytes(StandardCharsets.UTF_8));
            connect = auth.applySimpleAuth();
        }
        connect.send();
        return c;
    }

    private Mqtt3BlockingClient mqtt3(String username) {
        Mqtt3BlockingClient c = MqttClient.builder().useMqttVersion3().identifier("t3-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
        var connect = c.connectWith();
        if (username != null) connect = connect.simpleAuth().username(username).applySimpleAuth();
        connect.send();
        return c;
    }

    /** Publishes QoS 1 and fails with the broker's reason if the PUBACK carries an error. */
    private static void publish(Mqtt5BlockingClient client, String topic, String payload) {
        try {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException e) {
            throw new AssertionError("PUBACK " + e.getMqttMessage().getReasonCode() + ": " + e.getMqttMessage().getReasonString().orElse(null), e);
        }
    }


    @Test
    void telemetryIsCommittedBeforeThePuback() {
        Mqtt5BlockingClient device = mqtt5(token, null);
        try {
            publish(device, "v1/devices/me/telemetry", "{\"temperature\": 21.5, \"running\": true, \"mode\": \"eco\"}");
            // No waiting: the PUBACK came only after the commit.
            JsonNode streams = admin.get("/api/v1/stream/?device=" + deviceSlug).json();
            assertThat(streams.get("count").asInt()).isGreaterThanOrEqualTo(3);
            JsonNode latest = admin.get("/api/v1/data/latest/?filter=" + deviceSlug).json();
            assertThat(latest).extracting(p -> p.get("value").asText()).contains("21.5", "1.0", "eco");
            JsonNode variables = admin.get("/api/v1/variable/?project=p--0000-0001").json().get("results");
            assertThat(variables).extracting(v -> v.get("name").asText()).contains("temperature", "running", "mode");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void everyPayloadShapeIsStoredWithItsTimestamps() {
        Mqtt3BlockingClient device = mqtt3(token);
        try {
            device.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"ts\": 1700000000123, \"values\": {\"pressure\": 1.5, \"cfg\": {\"a\": 1}}}".getBytes(StandardCharsets.UTF_8)).send();
            device.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("[{\"ts\": 1700000001000, \"values\": {\"pressure\": 2.5}}, {\"ts\": 1700000002000, \"values\": {\"pressure\": 3.5}}]"
                            .getBytes(StandardCharsets.UTF_8)).send();
            String stream = admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("results").findValues("slug").stream()
                    .map(JsonNode::asText).filter(s -> streamName(s).equals("pressure")).findFirst().orElseThrow();
            JsonNode points = admin.get("/api/v1/data/?filter=" + stream).json().get("results");
            assertThat(points).extracting(p -> p.get("timestamp").asText())
                    .containsExactly("2023-11-14T22:13:20.123Z", "2023-11-14T22:13:21Z", "2023-11-14T22:13:22Z");
            assertThat(points).extracting(p -> p.get("value").asDouble()).containsExactly(1.5, 2.5, 3.5);
        } finally {
            device.disconnect();
        }
    }

    private String streamName(String streamSlug) {
        return admin.get("/api/v1/stream/" + streamSlug + "/").json().get("var_name").asText();
    }

    @Test
    void aMalformedPayloadIsRefusedWithItsReasonAndStoresNothing() {
        long before = admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asLong();
        Mqtt5BlockingClient device = mqtt5(token, null);
        try {
            assertThatThrownBy(() -> device.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"broken\": ".getBytes(StandardCharsets.UTF_8)).send())
                    .isInstanceOfSatisfying(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID));
            assertThatThrownBy(() -> device.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"ok\": 1, \"bad\": null}".getBytes(StandardCharsets.UTF_8)).send())
                    .isInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException.class);
            for (String trailing : List.of("{\"garbage1\": 1}xyz", "[{\"garbage2\": 1}] , {\"oops\"", "{\"garbage3\": 1} {\"garbage4\": 2}")) {
                assertThatThrownBy(() -> device.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(trailing.getBytes(StandardCharsets.UTF_8)).send())
                        .isInstanceOfSatisfying(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException.class,
                                e -> assertThat(e.getMqttMessage().getReasonCode())
                                        .isEqualTo(com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID));
            }
            assertThat(admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asLong()).isEqualTo(before);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void aRefusedMessageCreatesNoVariableOrStream() {
        Mqtt5BlockingClient device = mqtt5(token, null);
        try {
            long before = admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asLong();
            // A valid key with a timestamp out of range: refused (0x99), and the key's variable and stream are not created.
            MqttClients.assertPubAckRefused(device, "v1/devices/me/telemetry", "{\"ts\": 99999999999999999, \"values\": {\"never-stored\": 1}}",
                    Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(variableNames()).doesNotContain("never-stored");
            // QoS 0 too: nothing to answer, nothing created.
            device.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_MOST_ONCE)
                    .payload("[{\"never-stored\": 1}, {\"ts\": -99999999999999999, \"values\": {\"x\": 1}}]".getBytes(StandardCharsets.UTF_8)).send();
            // Handled after the QoS 0 message (a client's messages are handled in order), so that one is done too.
            MqttClients.assertPubAckRefused(device, "v1/devices/me/telemetry", "{\"bad\": null}", Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(variableNames()).doesNotContain("never-stored", "x");
            assertThat(admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asLong()).isEqualTo(before);
        } finally {
            device.disconnect();
        }
    }

    private java.util.List<String> variableNames() {
        return admin.get("/api/v1/variable/?project=p--0000-0001").json().get("results").findValues("name").stream().map(JsonNode::asText).toList();
    }

    @Test
    void anEmptyMessageIsAcknowledgedAndStoresNothing() {
        Mqtt5BlockingClient device = mqtt5(token, null);
        try {
            long before = admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asLong();
            // The ThingsBoard SDK sends {} to test its connection.
            publish(device, "v1/devices/me/telemetry", "{}");
            publish(device, "v1/devices/me/telemetry", "{\"ts\": 1700000000000, \"values\": {}}");
            assertThat(admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asLong()).isEqualTo(before);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void wrongCredentialsGetTheProperConnack() {
        assertThatThrownBy(() -> mqtt5("fdt_not-a-real-token", null)).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        assertThatThrownBy(() -> mqtt3("fdt_not-a-real-token")).isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        assertThatThrownBy(() -> mqtt3(null)).isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
    }

    /** The built-ins are shared with the HTTP device API (ClientRpc); this holds the MQTT side to them. */
    @Test
    void clientSideRpcBuiltInsAnswerOnTheResponseTopic() throws Exception {
        Mqtt5BlockingClient device = mqtt5(token, null);
        try (var publishes = device.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.SUBSCRIBED)) {
            device.subscribeWith().topicFilter("v1/devices/me/rpc/response/+").qos(MqttQos.AT_LEAST_ONCE).send();
            long before = System.currentTimeMillis();
            publish(device, "v1/devices/me/rpc/request/5", "{\"method\": \"getCurrentTime\", \"params\": {}}");
            Mqtt5Publish reply = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(reply.getTopic().toString()).isEqualTo("v1/devices/me/rpc/response/5");
            long after = System.currentTimeMillis();
            JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.getPayloadAsBytes());
            // 1 s of slack either side: the wall clock may be stepped (NTP) between the readings.
            assertThat(body.get("time").asLong()).isBetween(before - 1000, after + 1000);
            publish(device, "v1/devices/me/rpc/request/6", "{\"method\": \"noSuchMethod\"}");
            JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(publishes.receive(10, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes());
            assertThat(error.get("error").asText()).contains("noSuchMethod");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void applicationsFollowCommittedPointsLive() throws Exception {
        String key = admin.post("/api/v1/auth/keys/", Map.of("name", "app")).json().get("key").asText();
        Mqtt5BlockingClient app = mqtt5("app", key);
        Mqtt5BlockingClient device = mqtt5(token, null);
        try (var publishes = app.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.SUBSCRIBED)) {
            app.subscribeWith().topicFilter("feedline/acme/p--0000-0001/" + deviceSlug + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
            publish(device, "v1/devices/me/telemetry", "{\"humidity\": 55}");
            Optional<Mqtt5Publish> received = Optional.empty();
            for (int i = 0; i < 10 && received.isEmpty(); i++) {
                Optional<Mqtt5Publish> p = publishes.receive(10, TimeUnit.SECONDS);
                if (p.isPresent() && !p.get().getTopic().toString().endsWith("/presence")) received = p;
            }
            assertThat(received).isPresent();
            JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(received.get().getPayloadAsBytes());
            assertThat(body.get("value").asDouble()).isEqualTo(55.0);
            assertThat(body.get("device").asText()).isEqualTo(deviceSlug);
        } finally {
            device.disconnect();
            app.disconnect();
        }
    }
}
