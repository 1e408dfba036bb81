package dev.feedline.server.mqtt;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.MovableClock;
import dev.feedline.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules on a device speaking MQTT, end to end: telemetry over MQTT raises a device rule's alarm, the device going
 * offline for the rule's minutes (the server's clock moved by the test) raises an offline alarm that clears when it
 * reconnects, and every change is published on the device's live alarm topic.
 */
class MqttRulesTest {
    @TempDir
    Path dir;

    @Test
    void telemetryAndPresenceRaiseAlarmsSeenOnTheLiveAlarmTopic() throws Exception {
        MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        int port = FreePorts.next();
        try (TestServer server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1"), clock)) {
            Api admin = server.admin();
            String org = admin.post("/api/v1/org/", Map.of("name", "Acme Rules")).json().get("slug").asText();
            String project = admin.post("/api/v1/project/", Map.of("org", org, "name", "Plant")).json().get("slug").asText();
            JsonNode d = admin.post("/api/v1/device/", Map.of("org", org, "project", project, "label", "pump")).json();
            String device = d.get("slug").asText();
            long hot = rule(admin, org, "device", device, Map.of("kind", "threshold", "op", "gt", "value", 30));
            long gone = rule(admin, org, "presence", device, Map.of("kind", "offline", "minutes", 1));
            String key = admin.post("/api/v1/auth/keys/", Map.of("name", "app")).json().get("key").asText();
            Mqtt5BlockingClient app = MqttClient.builder().useMqttVersion5().identifier("app-" + UUID.randomUUID()).serverHost("127.0.0.1")
                    .serverPort(port).buildBlocking();
            app.connectWith().simpleAuth().username("app").password(key.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
            try (var publishes = app.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                app.subscribeWith().topicFilter("feedline/" + org + "/" + project + "/" + device + "/alarm").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5BlockingClient pump = connect(port, d.get("token").asText());
                pump.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{\"temp\": 31}".getBytes(StandardCharsets.UTF_8)).send();
                JsonNode raised = next(publishes);
                assertThat(raised.get("change").asText()).isEqualTo("created");
                assertThat(raised.get("rule").asLong()).isEqualTo(hot);
                assertThat(raised.get("value").asDouble()).isEqualTo(31.0);
                assertThat(raised.get("originator").asText()).isEqualTo(device);

                pump.disconnect();
                // The broker handles the disconnect on its own threads: the clock moves only once the server has seen
                // it, so the offline time is the disconnect's, not one taken after the move (then nothing would be due).
                await("the device seen offline").atMost(Duration.ofSeconds(20))
                        .until(() -> !admin.get("/api/v1/device/" + device + "/").json().get("online").asBoolean());
                clock.advance(Duration.ofSeconds(61));
                JsonNode offline = next(publishes);
                assertThat(offline.get("rule").asLong()).isEqualTo(gone);
                assertThat(offline.get("change").asText()).isEqualTo("created");
                Mqtt5BlockingClient back = connect(port, d.get("token").asText());
                JsonNode cleared = next(publishes);
                assertThat(cleared.get("rule").asLong()).isEqualTo(gone);
                assertThat(cleared.get("change").asText()).isEqualTo("cleared");
                assertThat(cleared.get("status").asText()).isEqualTo("cleared");
                back.disconnect();
            } finally {
                app.disconnect();
            }
        }
    }

    private static long rule(Api admin, String org, String kind, String target, Map<String, Object> condition) {
        Api.Response r = admin.post("/api/v1/rule/", Map.of("org", org, "name", kind, "scope", Map.of("kind", kind, "target", target), "condition", condition));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static Mqtt5BlockingClient connect(int port, String token) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("dev-" + UUID.randomUUID()).serverHost("127.0.0.1").serverPort(port)
                .buildBlocking();
        c.connectWith().simpleAuth().username(token).applySimpleAuth().send();
        return c;
    }

    private static JsonNode next(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws Exception {
        Mqtt5Publish p = publishes.receive(20, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no alarm message within 20 s"));
        return new ObjectMapper().readTree(p.getPayloadAsBytes());
    }
}
