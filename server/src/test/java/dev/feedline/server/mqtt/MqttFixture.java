package dev.feedline.server.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** A server with MQTT on a free port, org "acme", project p--0000-0001 and a claimed device. */
final class MqttFixture implements AutoCloseable {
    final TestServer server;
    final int port;
    final Api admin;
    final String token;
    final String device;

    private MqttFixture(TestServer server, int port, Api admin, String token, String device) {
        this.server = server;
        this.port = port;
        this.admin = admin;
        this.token = token;
        this.device = device;
    }

    static MqttFixture start(Path dir) throws IOException { return start(dir, Map.of()); }

    /** The fixture with more server configuration. */
    static MqttFixture start(Path dir, Map<String, String> extra) throws IOException {
        int port = FreePorts.next();
        Map<String, String> config = new java.util.HashMap<>(extra);
        config.put("mqtt.port", Integer.toString(port));
        config.put("mqtt.host", "127.0.0.1");
        TestServer server = TestServer.start(dir, config);
        Api admin = server.admin();
        admin.post("/api/v1/org/", Map.of("name", "Acme"));
        admin.post("/api/v1/project/", Map.of("org", "acme", "name", "Plant"));
        JsonNode d = admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001", "label", "pump")).json();
        return new MqttFixture(server, port, admin, d.get("token").asText(), d.get("slug").asText());
    }

    /** A connected MQTT 5 device client with a clean, non-persistent session. */
    Mqtt5BlockingClient device() { return device("dev-" + UUID.randomUUID(), true); }

    Mqtt5BlockingClient device(String clientId, boolean cleanStart) {
        Mqtt5BlockingClient c = unconnectedDevice(clientId);
        connect(c, cleanStart);
        return c;
    }

    /** A device client not connected yet: a persistent session's messages come right after CONNACK, so
     *  whoever wants them registers for them first. */
    Mqtt5BlockingClient unconnectedDevice(String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    void connect(Mqtt5BlockingClient c, boolean cleanStart) {
        c.connectWith().cleanStart(cleanStart).sessionExpiryInterval(cleanStart ? 0 : 3600)
                .simpleAuth().username(token).applySimpleAuth().send();
    }

    static void publish(Mqtt5BlockingClient c, String topic, String payload) {
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    JsonNode deviceView() { return admin.get("/api/v1/device/" + device + "/").json(); }

    @Override
    public void close() { server.close(); }
}
