package dev.feedline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.feedline.server.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No downtime and crashes (issue 14 points 9 and 10), under paced ingest through HAProxy (MQTT 5 QoS 1 devices
 * with automatic reconnect, one HTTP writer): a rolling restart of every node and a kill -9 of one node lose no
 * acknowledged point and store none twice unless it was sent again unacknowledged; devices reconnect through
 * HAProxy and keep sending. Counts are printed for docs/CLUSTER.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterResilienceTest {
    private static final int MQTT_DEVICES = 4;
    private static final Duration PERIOD = Duration.ofMillis(50);
    /** MQTT 5 "server shutting down". */
    private static final int SERVER_SHUTTING_DOWN = 0x8B;
    private ClusterHarness cluster;
    private Api admin;

    @BeforeAll
    void startCluster(@TempDir Path dir) throws Exception {
        cluster = ClusterHarness.start(dir, 3);
        admin = ClusterHarness.admin(cluster.lbUrl());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void aRollingRestartOfEveryNodeLosesNoAcknowledgedPoint() throws Exception {
        try (IngestLoad load = IngestLoad.start(cluster, admin, MQTT_DEVICES, PERIOD)) {
            awaitProgress(load, 20, Duration.ofSeconds(20));
            long start = System.nanoTime();
            for (int n = 1; n <= 3; n++) {
                long upBefore = upCount(n);
                int exit = cluster.stopNode(n);
                cluster.startNode(n);
                // 143 = 128 + SIGTERM: the JVM's exit status after its shutdown hook (the graceful stop) completed.
                assertThat(exit).as("exit status of node %d after SIGTERM", n).isEqualTo(143);
                int node = n;
                // HAProxy has it back before the next one stops, as an operator would wait.
                await("node " + n + " back in HAProxy").atMost(Duration.ofSeconds(20)).until(() -> upCount(node) > upBefore);
                awaitProgress(load, 10, Duration.ofSeconds(30));
            }
            System.out.printf("rolling restart of 3 nodes took %.1f s%n", (System.nanoTime() - start) / 1e9);
            load.stop();
            check("rolling restart", load);
            for (IngestLoad.Writer w : load.writers()) {
                if (w.mqtt == null) continue;
                assertThat(w.disconnectReasons).as("%s was told the server is shutting down, and only that", w.name)
                        .isNotEmpty().containsOnly(SERVER_SHUTTING_DOWN);
            }
        }
    }

    @Test
    @Order(2)
    void aNodeKilledUnderLoadLosesNoAcknowledgedPointAndItsDevicesGetTheirCommandsElsewhere() throws Exception {
        String[] device = newDevice();
        List<String> requests = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Mqtt5AsyncClient> holder = new java.util.concurrent.atomic.AtomicReference<>();
        // A node knows no subscription made on another (HiveMQ CE sessions are per node): the device subscribes on every connect.
        Mqtt5AsyncClient commanded = MqttClient.builder().useMqttVersion5().identifier("commanded-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(cluster.lbMqttPort())
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(ctx -> holder.get().subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send())
                .simpleAuth().username(device[1]).applySimpleAuth().buildAsync();
        holder.set(commanded);
        commanded.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, p -> requests.add(p.getTopic().toString()));
        io.lettuce.core.RedisClient redis = io.lettuce.core.RedisClient.create(cluster.redis().url());
        int victim = 0;
        boolean killed = false;
        try (IngestLoad load = IngestLoad.start(cluster, admin, MQTT_DEVICES, PERIOD); var connection = redis.connect()) {
            commanded.connect().join();
            long id = admin.get("/api/v1/device/" + device[0] + "/").json().get("id").asLong();
            String claim = await().atMost(Duration.ofSeconds(10)).until(() -> connection.sync().get("feedline:device:" + id), java.util.Objects::nonNull);
            String node = claim.split(" ")[0];
            victim = Integer.parseInt(node.substring("node-".length()));
            Api survivor = ClusterHarness.admin(cluster.node(victim == 1 ? 2 : 1).baseUrl());
            awaitProgress(load, 20, Duration.ofSeconds(20));

            cluster.killNode(victim);
            killed = true;
            long killedAt = System.nanoTime();
            long command = survivor.post("/api/v1/device/" + device[0] + "/rpc/", Map.of("method", "ping", "params", Map.of(), "timeout", 60_000))
                    .json().get("id").asLong();
            await("the command reaches the device after it reconnected").atMost(Duration.ofSeconds(20))
                    .until(() -> requests.contains("v1/devices/me/rpc/request/" + command));
            double commandSeconds = (System.nanoTime() - killedAt) / 1e9;
            awaitProgress(load, 20, Duration.ofSeconds(30));
            double progressSeconds = (System.nanoTime() - killedAt) / 1e9;
            // The dead node's heartbeat expires (3 s here), and its claims with it.
            await("the killed node's heartbeat expires").atMost(Duration.ofSeconds(10)).until(() -> connection.sync().get("feedline:node:" + node) == null);
            assertThat(connection.sync().get("feedline:device:" + id)).as("the device's claim").doesNotStartWith(node + " ");
            System.out.printf("kill -9 of %s: command for its device delivered after %.1f s, every writer 20 points further after %.1f s%n",
                    node, commandSeconds, progressSeconds);
            load.stop();
            check("kill -9", load);
        } finally {
            redis.shutdown();
            commanded.disconnect();
            if (killed) cluster.startNode(victim);
        }
    }

    private String[] newDevice() {
        String org = admin.post("/api/v1/org/", Map.of("name", "crash-" + UUID.randomUUID().toString().substring(0, 8))).json().get("slug").asText();
        String project = admin.post("/api/v1/project/", Map.of("org", org, "name", "P")).json().get("slug").asText();
        var d = admin.post("/api/v1/device/", Map.of("org", org, "project", project)).json();
        return new String[] {d.get("slug").asText(), d.get("token").asText()};
    }

    /** Waits until every writer has had {@code points} more points acknowledged. */
    private void awaitProgress(IngestLoad load, int points, Duration within) {
        Map<String, Long> from = new java.util.HashMap<>();
        load.writers().forEach(w -> from.put(w.name, w.acknowledgedCount()));
        try {
            await("every writer " + points + " points further").atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> load.writers().stream().allMatch(w -> w.acknowledgedCount() >= from.get(w.name) + points));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Say which writer stalled: seen once in CI-like runs, not reproduced since (docs/CLUSTER.md).
            StringBuilder counts = new StringBuilder();
            // Attempts tell a writer that kept trying (refused each time) from one stuck in a single call.
            load.writers().forEach(w -> counts.append(' ').append(w.name).append(' ').append(from.get(w.name)).append("->")
                    .append(w.acknowledgedCount()).append(" (attempts ").append(w.attempts.get()).append(')'));
            throw new AssertionError("not every writer got " + points + " more points acknowledged within " + within + ":" + counts
                    + "\n" + stallReport(load), e);
        }
    }

    /**
     * Where the nodes are while a writer is stuck: each running node's threads and last log lines, and HAProxy's log,
     * saved under target/ (the full dumps) and summed up in the failure message.
     */
    private String stallReport(IngestLoad load) {
        StringBuilder report = new StringBuilder();
        // A stuck request is logged by HAProxy only when it ends: let it end (the client gives up after 60 s).
        try {
            await().atMost(Duration.ofSeconds(45)).until(() -> load.writers().stream().allMatch(w -> w.mqtt != null || w.attemptStarted == 0));
        } catch (org.awaitility.core.ConditionTimeoutException stillStuck) {
            report.append("(the HTTP attempt still runs)\n");
        }
        for (IngestLoad.Writer w : load.writers()) {
            long started = w.attemptStarted;
            report.append(w.name).append(": last outcomes ").append(w.outcomes)
                    .append(started == 0 ? "" : String.format(", an attempt running for %.1f s", (System.nanoTime() - started) / 1e9)).append('\n');
        }
        report.append("HAProxy said:\n");
        List<String> lb = cluster.haproxy().output();
        // Requests answered 200 at once are the normal case; state changes, errors and slow requests are the story.
        lb.stream().filter(l -> !l.contains(" 200 ") || !l.matches(".* \\d+/\\d+/\\d+/\\d{1,3}/\\d{1,3} 200 .*"))
                .forEach(l -> report.append("  ").append(l).append('\n'));
        for (ClusterHarness.Node node : cluster.nodes()) {
            if (!node.process().alive()) continue;
            String dump = node.process().threadDump();
            Path file = Path.of("target", "stall-" + node.id + "-" + System.currentTimeMillis() + ".txt");
            try {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.writeString(file, dump + "\n--- log ---\n" + String.join("\n", node.process().output()));
            } catch (java.io.IOException e) {
                report.append("(cannot save ").append(file).append(": ").append(e).append(")\n");
            }
            report.append(node.id).append(" (threads and log in ").append(file.toAbsolutePath()).append("), threads in Feedline code:\n");
            // The frames of Feedline's own code say what each busy thread is waiting for.
            for (String thread : dump.split("\n\n")) {
                if (thread.contains("dev.feedline") && !thread.contains("TIMED_WAITING (parking)") || thread.contains("telemetry")) {
                    report.append(thread.lines().limit(14).collect(java.util.stream.Collectors.joining("\n  ", "  ", "\n")));
                }
            }
            List<String> log = node.process().output();
            log.subList(Math.max(0, log.size() - 10), log.size()).forEach(l -> report.append("  log: ").append(l).append('\n'));
        }
        return report.toString();
    }

    /** How many times HAProxy has logged node n's HTTP server coming up. */
    private long upCount(int n) {
        return cluster.haproxy().output().stream().filter(l -> l.contains("feedline_http/node" + n + " is UP")).count();
    }

    /** Every acknowledged point is stored; a point stored twice was sent twice (its first acknowledgement was lost). */
    private void check(String scenario, IngestLoad load) {
        long sent = 0, attempts = 0, acknowledged = 0, stored = 0, duplicates = 0, lost = 0, resent = 0;
        for (IngestLoad.Writer w : load.writers()) {
            Map<Long, Integer> counts = IngestLoad.stored(admin, w, load.base());
            Set<Long> missing = new HashSet<>(w.acknowledged);
            missing.removeAll(counts.keySet());
            Set<Long> twice = new HashSet<>();
            counts.forEach((ts, c) -> {
                if (c > 1) twice.add(ts);
            });
            assertThat(missing).as("%s: acknowledged points not stored", w.name).isEmpty();
            assertThat(w.resent).as("%s: points stored more than once were all resent unacknowledged", w.name).containsAll(twice);
            sent += w.sequence.get();
            attempts += w.attempts.get();
            acknowledged += w.acknowledged.size();
            stored += counts.values().stream().mapToInt(Integer::intValue).sum();
            duplicates += counts.values().stream().mapToInt(c -> c - 1).sum();
            lost += missing.size();
            resent += w.resent.size();
        }
        System.out.printf("%s, %d MQTT devices + 1 HTTP writer through HAProxy: points sent %d (publishes %d, points resent %d), acknowledged %d,"
                + " stored %d, acknowledged but lost %d, stored twice %d%n", scenario, MQTT_DEVICES, sent, attempts, resent, acknowledged, stored, lost, duplicates);
    }
}
