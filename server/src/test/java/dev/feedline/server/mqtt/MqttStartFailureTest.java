package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's bootstrap starts before the database is opened; when the rest of the start fails, the broker
 * must not stay behind: no listener, no waiting extension, and the start reports the real cause. Nor does anything
 * else a failed start opened (pools, threads, the database).
 */
class MqttStartFailureTest {

    @Test
    void aDatabaseThatCannotBeOpenedStopsTheStartedBrokerToo(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        // Brokers of earlier tests in this JVM may still be winding down their threads: only this start's count.
        Set<Thread> before = brokerThreads();

        assertThatThrownBy(() -> TestServer.start(dir.resolve("data"), Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1",
                "db.url", "jdbc:sqlite:" + notADirectory.resolve("feedline.db"))).close())
                .hasMessageNotContaining("MQTT");

        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(brokerThreads()).isSubsetOf(before));
    }

    @Test
    void aTakenHttpPortFailsTheStartLeavingNothingOpen(@TempDir Path dir) throws Exception {
        int mqttPort = FreePorts.next();
        Map<String, String> config = Map.of("mqtt.port", Integer.toString(mqttPort), "mqtt.host", "127.0.0.1");
        Set<Thread> before = serverThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // Everything else (database, ingest, jobs, the started broker) is open when the HTTP listener fails.
            assertThatThrownBy(() -> TestServer.start(dir, new java.util.HashMap<>(Map.of("mqtt.port", Integer.toString(mqttPort),
                    "mqtt.host", "127.0.0.1", "http.port", Integer.toString(taken.getLocalPort())))).close())
                    .hasRootCauseInstanceOf(java.net.BindException.class);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(serverThreads()).isSubsetOf(before));
        try (ServerSocket again = new ServerSocket(mqttPort, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(mqttPort);
        }
        try (TestServer server = TestServer.start(dir, config)) { // the same data, opened again
            assertThat(server.anonymous().get("/api/v1/health/").status()).isEqualTo(200);
        }
    }

    /** The threads a server starts (its pools, the broker's, the database pool's), alive now. */
    private static Set<Thread> serverThreads() {
        java.util.List<String> prefixes = java.util.List.of("embedded-hivemq", "hivemq", "single-writer", "extension-task", "ingest-", "background",
                "mqtt-", "durable-", "HikariPool", "JettyServerThreadPool", "db-scheduler", "live-hub", "events-");
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && prefixes.stream().anyMatch(t.getName()::startsWith))
                .collect(Collectors.toSet());
    }

    private static Set<Thread> brokerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("embedded-hivemq") && t.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void aNewBrokerDataFolderIsSplitIntoEightBuckets(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(FreePorts.next()), "mqtt.host", "127.0.0.1"))) {
            assertThat(server.anonymous().get("/api/v1/health/").status()).isEqualTo(200);
        }
        assertThat(buckets(dir, "client_queue")).isEqualTo(8);
        assertThat(buckets(dir, "client_session_store")).isEqualTo(8);
    }

    @Test
    void aBrokerDataFolderKeepsTheBucketCountItWasMadeWith(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        Path queues = dir.resolve("mqtt/data/persistence/client_queue/040500");
        for (int i = 0; i < 64; i++) Files.createDirectories(queues.resolve("client_queue_" + i));

        try (TestServer server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1"))) {
            assertThat(server.anonymous().get("/api/v1/health/").status()).isEqualTo(200);
        }

        assertThat(buckets(dir, "retained_messages")).isEqualTo(64);
    }

    /** Buckets of one of HiveMQ's persistences: {@code persistence/<name>/<version>/<name>_N}. */
    private static long buckets(Path dataDir, String persistence) throws Exception {
        try (var versions = Files.list(dataDir.resolve("mqtt/data/persistence").resolve(persistence))) {
            Path version = versions.findFirst().orElseThrow();
            try (var buckets = Files.list(version)) {
                return buckets.filter(Files::isDirectory).count();
            }
        }
    }
}
