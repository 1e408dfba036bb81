package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an ingest queue smaller than what is in flight, QoS 1 publishes are slowed down, not
 * dropped: every publish gets a successful PUBACK in the end and every point is stored.
 */
class MqttBackpressureTest {
    @TempDir
    Path dir;

    @Test
    void anOverloadedQueueDelaysPubacksAndLosesNothingAcknowledged() throws Exception {
        int port = FreePorts.next();
        try (TestServer server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1",
                "ingest.queue.points", "8", "ingest.batch.points", "8"))) {
            Api admin = server.admin();
            admin.post("/api/v1/org/", Map.of("name", "Acme"));
            admin.post("/api/v1/project/", Map.of("org", "acme", "name", "Plant"));
            List<Mqtt5AsyncClient> devices = new ArrayList<>();
            for (int d = 0; d < 4; d++) {
                String token = admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001")).json().get("token").asText();
                Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier("bp-" + UUID.randomUUID())
                        .serverHost("127.0.0.1").serverPort(port).buildAsync();
                c.connectWith().simpleAuth().username(token).applySimpleAuth().send().get(10, TimeUnit.SECONDS);
                devices.add(c);
            }
            for (Mqtt5AsyncClient c : devices) {
                // Warm up: the streams exist, so only data writes wait for the lock below.
                c.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(telemetry(0).getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
            }
            List<CompletableFuture<Mqtt5PublishResult>> acks = new ArrayList<>();
            // Another connection holds SQLite's write lock, so the queue fills up for certain.
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedline.db"));
                 Statement st = lock.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                for (int i = 1; i <= 50; i++) {
                    for (Mqtt5AsyncClient c : devices) {
                        // Four points a message, four devices: more in flight than the queue holds.
                        acks.add(c.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                                .payload(telemetry(i).getBytes(StandardCharsets.UTF_8)).send());
                    }
                }
                // The queue holds its capacity (8 points) behind the lock: further publishes are refused by it
                // and retried, their PUBACKs held back. Read on the queue itself rather than through /metrics,
                // and done as soon as it holds: the lock must go well within SQLite's 10 s busy timeout, after
                // which the waiting commit would fail.
                await().atMost(10, TimeUnit.SECONDS).until(() -> server.server().services().ingest().depth() >= 8);
                assertThat(acks).as("no PUBACK before a commit").noneMatch(CompletableFuture::isDone);
                st.execute("ROLLBACK");
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            long acknowledged = acks.stream().filter(f -> f.join().getError().isEmpty()).count();
            assertThat(acknowledged).isEqualTo(200);
            long stored = 0;
            for (JsonNode s : admin.get("/api/v1/stream/?project=p--0000-0001").json().get("results")) {
                stored += admin.get("/api/v1/data/?filter=" + s.get("slug").asText() + "&page_size=1").json().get("count").asLong();
            }
            assertThat(stored).isEqualTo((acknowledged + devices.size()) * 4);
            for (Mqtt5AsyncClient c : devices) c.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    private static String telemetry(int i) {
        return "{\"ts\": " + (1_700_000_000_000L + i) + ", \"values\": {\"a\": " + i + ", \"b\": " + i + ", \"c\": " + i + ", \"d\": " + i + "}}";
    }
}
