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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No PUBACK while the store cannot commit; the PUBACK follows the commit, and never comes for a failed one. */
class MqttAckAfterCommitTest {
    private static final String TELEMETRY = "v1/devices/me/telemetry";

    @TempDir
    Path dir;

    @Test
    void noPubackWhileTheStoreIsStalled() throws Exception {
        assertTheFlowEndsOnlyAfterTheCommit(MqttQos.AT_LEAST_ONCE);
    }

    @Test
    void qos2TelemetryIsReceivedOnlyAfterItsCommit() throws Exception {
        // The flow ends with PUBCOMP, which follows PUBREC: neither before the commit.
        assertTheFlowEndsOnlyAfterTheCommit(MqttQos.EXACTLY_ONCE);
    }

    private void assertTheFlowEndsOnlyAfterTheCommit(MqttQos qos) throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5AsyncClient device = connect(f);
            // Warm up: the stream exists, so the stalled write below is the data write itself.
            publish(device, "{\"level\": 1}").get(10, TimeUnit.SECONDS);
            CompletableFuture<Mqtt5PublishResult> ack = whileTheStoreIsLocked(() -> {
                CompletableFuture<Mqtt5PublishResult> sent = device.publishWith().topic(TELEMETRY).qos(qos)
                        .payload("{\"level\": 2}".getBytes(StandardCharsets.UTF_8)).send();
                await().atMost(10, TimeUnit.SECONDS).until(() -> f.server.server().services().ingest().depth() > 0);
                await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> !sent.isDone());
                return sent;
            });
            assertThat(ack.get(10, TimeUnit.SECONDS).getError()).isEmpty();
            assertThat(storedPoints(f)).isEqualTo(2);
            device.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDevicesPublishesReadTogetherWaitForOneCommitTogether() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5AsyncClient warmUp = connect(f);
            publish(warmUp, "{\"level\": 0}").get(10, TimeUnit.SECONDS);
            warmUp.disconnect().get(10, TimeUnit.SECONDS);
            List<String> payloads = new ArrayList<>();
            for (int i = 1; i <= 10; i++) payloads.add("{\"ts\": " + (1_700_000_000_000L + i) + ", \"values\": {\"level\": " + i + "}}");
            try (RawMqtt device = RawMqtt.connect(f.port, "raw-" + UUID.randomUUID(), f.token, 60)) {
                whileTheStoreIsLocked(() -> {
                    // Ten publishes in one write: all ten are queued while the first commit waits for the lock, so
                    // they are not stored one commit at a time (as when each publish waited for its commit).
                    device.publishAtLeastOnce(TELEMETRY, payloads);
                    await().atMost(10, TimeUnit.SECONDS).until(() -> f.server.server().services().ingest().depth() >= 10);
                    await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> !device.hasInput());
                    return null;
                });
                for (int id = 1; id <= 10; id++) assertThat(device.readPuback()).as("PUBACKs in order").isEqualTo(id);
            }
            assertThat(storedPoints(f)).isEqualTo(11);
        }
    }

    @Test
    void aCommitThatFailsClosesTheConnectionInsteadOfAcknowledging() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5AsyncClient device = connect(f);
            publish(device, "{\"level\": 0}").get(10, TimeUnit.SECONDS);
            CompletableFuture<Mqtt5PublishResult> ack = whileTheStoreIsLocked(() -> {
                CompletableFuture<Mqtt5PublishResult> sent = publish(device, "{\"level\": 1}");
                // Held past SQLite's busy timeout (10 s): the commit fails.
                await().atMost(30, TimeUnit.SECONDS).until(() -> !device.getState().isConnected());
                return sent;
            });
            assertThat(ack).as("never a successful PUBACK for what was not stored")
                    .satisfiesAnyOf(a -> assertThat(a).isNotDone(), a -> assertThat(a).isCompletedExceptionally());
            assertThat(storedPoints(f)).isEqualTo(1);
        }
    }

    @Test
    void aReconnectWithTheSameClientIdKeepsItsPublishesStored() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            String clientId = "d-" + UUID.randomUUID();
            Mqtt5AsyncClient first = connect(f, clientId);
            publish(first, "{\"level\": 0}").get(10, TimeUnit.SECONDS);
            // The same client id connects again while the first connection is open: HiveMQ ends the first one
            // only after the second authenticated, and the end of the first must not forget the second.
            Mqtt5AsyncClient second = connect(f, clientId);
            await().atMost(10, TimeUnit.SECONDS).until(() -> !first.getState().isConnected());
            await().during(1, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS).until(() -> f.deviceView().get("online").asBoolean());
            assertThat(publish(second, "{\"level\": 1}").get(10, TimeUnit.SECONDS).getError()).isEmpty();
            assertThat(storedPoints(f)).isEqualTo(2);
            second.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    /** Runs the steps while another connection holds SQLite's write lock: Feedline's commits wait for it. */
    private <T> T whileTheStoreIsLocked(Callable<T> steps) throws Exception {
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedline.db"));
             Statement st = lock.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            T result = steps.call();
            st.execute("ROLLBACK");
            return result;
        }
    }

    private static Mqtt5AsyncClient connect(MqttFixture f) throws Exception { return connect(f, "d-" + UUID.randomUUID()); }

    private static Mqtt5AsyncClient connect(MqttFixture f, String clientId) throws Exception {
        Mqtt5AsyncClient device = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(f.port).buildAsync();
        device.connectWith().simpleAuth().username(f.token).applySimpleAuth().send().get(10, TimeUnit.SECONDS);
        return device;
    }

    private static CompletableFuture<Mqtt5PublishResult> publish(Mqtt5AsyncClient device, String payload) {
        return device.publishWith().topic(TELEMETRY).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static int storedPoints(MqttFixture f) {
        String stream = f.admin.get("/api/v1/data/latest/?filter=" + f.device).json().get(0).get("stream").asText();
        return f.admin.get("/api/v1/data/?filter=" + stream).json().get("count").asInt();
    }
}
