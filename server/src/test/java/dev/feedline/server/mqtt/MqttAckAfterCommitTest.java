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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No PUBACK while the store cannot commit; the PUBACK follows the commit. */
class MqttAckAfterCommitTest {
    private static final String TELEMETRY = "v1/devices/me/telemetry";

    @TempDir
    Path dir;

    @Test
    void aDevicesPublishesInFlightWaitForOneCommitTogether() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5AsyncClient device = connect(f);
            publish(device, "{\"level\": 0}").get(10, TimeUnit.SECONDS);
            List<CompletableFuture<Mqtt5PublishResult>> acks = new ArrayList<>();
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedline.db"));
                 Statement st = lock.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                for (int i = 1; i <= 10; i++) acks.add(publish(device, "{\"ts\": " + (1_700_000_000_000L + i) + ", \"values\": {\"level\": " + i + "}}"));
                // All ten are queued while the first commit waits for the lock: the device's publishes are not
                // read one commit at a time (as they would be if each publish waited for its commit).
                await().atMost(10, TimeUnit.SECONDS).until(() -> f.server.server().services().ingest().depth() >= 10);
                assertThat(acks).as("no PUBACK before the commit").noneMatch(CompletableFuture::isDone);
                st.execute("ROLLBACK");
            }
            for (CompletableFuture<Mqtt5PublishResult> ack : acks) assertThat(ack.get(10, TimeUnit.SECONDS).getError()).isEmpty();
            String stream = f.admin.get("/api/v1/data/latest/?filter=" + f.device).json().get(0).get("stream").asText();
            assertThat(f.admin.get("/api/v1/data/?filter=" + stream).json().get("count").asInt()).isEqualTo(11);
            device.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCommitThatFailsClosesTheConnectionInsteadOfAcknowledging() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5AsyncClient device = connect(f);
            publish(device, "{\"level\": 0}").get(10, TimeUnit.SECONDS);
            CompletableFuture<Mqtt5PublishResult> ack;
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedline.db"));
                 Statement st = lock.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                ack = publish(device, "{\"level\": 1}");
                // Held past SQLite's busy timeout (10 s): the commit fails.
                await().atMost(30, TimeUnit.SECONDS).until(() -> !device.getState().isConnected());
                st.execute("ROLLBACK");
            }
            assertThat(ack).as("never a successful PUBACK for what was not stored")
                    .satisfiesAnyOf(a -> assertThat(a).isNotDone(), a -> assertThat(a).isCompletedExceptionally());
            String stream = f.admin.get("/api/v1/data/latest/?filter=" + f.device).json().get(0).get("stream").asText();
            assertThat(f.admin.get("/api/v1/data/?filter=" + stream).json().get("count").asInt()).isEqualTo(1);
        }
    }

    private static Mqtt5AsyncClient connect(MqttFixture f) throws Exception {
        Mqtt5AsyncClient device = MqttClient.builder().useMqttVersion5().identifier("d-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(f.port).buildAsync();
        device.connectWith().simpleAuth().username(f.token).applySimpleAuth().send().get(10, TimeUnit.SECONDS);
        return device;
    }

    private static CompletableFuture<Mqtt5PublishResult> publish(Mqtt5AsyncClient device, String payload) {
        return device.publishWith().topic(TELEMETRY).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    @Test
    void noPubackWhileTheStoreIsStalled() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5AsyncClient device = connect(f);
            // Warm up: the stream exists, so the stalled write below is the data write itself.
            publish(device, "{\"level\": 1}").get(10, TimeUnit.SECONDS);

            CompletableFuture<Mqtt5PublishResult> ack;
            // Another connection holds SQLite's write lock: Feedline's commit has to wait for it.
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedline.db"));
                 Statement st = lock.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                ack = publish(device, "{\"level\": 2}");
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
