package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No PUBACK while the store cannot commit; the PUBACK follows the commit. */
class MqttAckAfterCommitTest {
    @TempDir
    Path dir;

    @Test
    void noPubackWhileTheStoreIsStalled() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5AsyncClient device = MqttClient.builder().useMqttVersion5().identifier("d-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(f.port).buildAsync();
            device.connectWith().simpleAuth().username(f.token).applySimpleAuth().send().get(10, TimeUnit.SECONDS);
            // Warm up: the stream exists, so the stalled write below is the data write itself.
            device.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"level\": 1}".getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);

            CompletableFuture<Mqtt5PublishResult> ack;
            // Another connection holds SQLite's write lock: Feedline's commit has to wait for it.
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedline.db"));
                 Statement st = lock.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                ack = device.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{\"level\": 2}".getBytes(StandardCharsets.UTF_8)).send();
                await().atMost(10, TimeUnit.SECONDS).until(() -> f.server.server().services().ingest().depth() > 0);
                assertThat(ack).as("PUBACK before the commit").isNotDone();
                st.execute("ROLLBACK");
            }
            Mqtt5PublishResult result = ack.get(10, TimeUnit.SECONDS);
            assertThat(result.getError()).isEmpty();
            String stream = f.admin.get("/api/v1/data/latest/?filter=" + f.device).json().get(0).get("stream").asText();
            assertThat(f.admin.get("/api/v1/data/?filter=" + stream).json().get("count").asInt()).isEqualTo(2);
            device.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}
