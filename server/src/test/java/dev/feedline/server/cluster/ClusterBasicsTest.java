package dev.feedline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.feedline.cluster.RedisServerProcess;
import dev.feedline.server.Api;
import dev.feedline.server.ChildServer;
import dev.feedline.server.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 * Three nodes on one PostgreSQL and one Redis, behind HAProxy running deploy/haproxy.cfg, started once for
 * the class: what cluster mode must show before anything crosses nodes (issue 14 points 2, 6, 8, 11, 12).
 * The tests that stop and kill nodes run last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterBasicsTest {
    private Path dir;
    private ClusterHarness cluster;

    @BeforeAll
    void startCluster(@TempDir Path dir) throws Exception {
        this.dir = dir;
        cluster = ClusterHarness.start(dir, 3);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) cluster.close();
    }

    private record Device(String slug, String token) {}

    /** An org, a project and a device, created through base. */
    private static Device newDevice(Api admin) {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response o = admin.post("/api/v1/org/", Map.of("name", org));
        assertThat(o.status()).as("%s", o).isEqualTo(201);
        Api.Response p = admin.post("/api/v1/project/", Map.of("org", o.json().get("slug").asText(), "name", "P"));
        assertThat(p.status()).as("%s", p).isEqualTo(201);
        Api.Response d = admin.post("/api/v1/device/", Map.of("org", o.json().get("slug").asText(), "project", p.json().get("slug").asText()));
        assertThat(d.status()).as("%s", d).isEqualTo(201);
        return new Device(d.json().get("slug").asText(), d.json().get("token").asText());
    }

    private static List<String> latestValues(Api api, Device device) {
        JsonNode latest = api.get("/api/v1/data/latest/?filter=" + device.slug()).json();
        return latest.findValues("value").stream().map(JsonNode::asText).toList();
    }

    private static JsonNode health(ClusterHarness.Node node) { return node.anonymous().get("/api/v1/health/").json(); }

    @Test
    @Order(1)
    void everyNodeIsHealthyWithItsOwnIdInHealthAndMetrics() {
        Set<String> ids = new HashSet<>();
        for (ClusterHarness.Node node : cluster.nodes()) {
            Api.Response health = node.anonymous().get("/api/v1/health/");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("ok");
            assertThat(health.json().get("node").asText()).isEqualTo(node.id());
            assertThat(health.json().at("/cluster/redis").asText()).isEqualTo("up");
            ids.add(health.json().get("node").asText());
            assertThat(node.anonymous().get("/metrics").body())
                    .contains("feedline_node_info{mode=\"cluster\",node=\"" + node.id() + "\"} 1")
                    .contains("feedline_cluster_redis_up 1");
        }
        assertThat(ids).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
        Api.Response throughHaproxy = new Api(cluster.lbUrl(), null).get("/api/v1/health/");
        assertThat(throughHaproxy.status()).isEqualTo(200);
        assertThat(throughHaproxy.json().get("node").asText()).isIn(ids);
    }

    @Test
    @Order(2)
    void whatIsWrittenThroughOneNodeIsReadThroughTheOthersAndThroughHaproxy() {
        Api node1 = ClusterHarness.admin(cluster.node(1).baseUrl());
        Device device = newDevice(node1);
        Api.Response sent = new Api(cluster.node(1).baseUrl(), null).post("/api/v1/" + device.token() + "/telemetry", Map.of("temperature", 21.5));
        assertThat(sent.status()).as("%s", sent).isEqualTo(200);

        // The JWT from node 1 is good on every node: the secret is in the shared database.
        Api node2 = node1.as(node1.authorization());
        assertThat(latestValues(new Api(cluster.node(2).baseUrl(), node1.authorization()), device)).contains("21.5");
        assertThat(new Api(cluster.node(2).baseUrl(), node1.authorization()).get("/api/v1/device/" + device.slug() + "/").status()).isEqualTo(200);
        Api lb = ClusterHarness.admin(cluster.lbUrl());
        assertThat(latestValues(lb, device)).contains("21.5");
        assertThat(node2.authorization()).isNotNull();

        // HTTP ingest through HAProxy lands wherever HAProxy sends it and is read on node 3.
        Api.Response viaLb = new Api(cluster.lbUrl(), null).post("/api/v1/" + device.token() + "/telemetry", Map.of("humidity", 40.25));
        assertThat(viaLb.status()).as("%s", viaLb).isEqualTo(200);
        assertThat(latestValues(new Api(cluster.node(3).baseUrl(), node1.authorization()), device)).contains("21.5", "40.25");
    }

    @Test
    @Order(3)
    void aDevicePublishesQos1TelemetryThroughHaproxyAndItIsStored() {
        Api admin = ClusterHarness.admin(cluster.lbUrl());
        Device device = newDevice(admin);
        Mqtt5BlockingClient mqtt = MqttClient.builder().useMqttVersion5().identifier("lb-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(cluster.lbMqttPort()).buildBlocking();
        mqtt.connectWith().simpleAuth().username(device.token()).applySimpleAuth().send();
        try {
            // The PUBACK comes after the commit, so the point is readable at once, through any node.
            mqtt.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"pressure\": 7.5}".getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            mqtt.disconnect();
        }
        for (ClusterHarness.Node node : cluster.nodes()) {
            assertThat(latestValues(new Api(node.baseUrl(), admin.authorization()), device)).as(node.id()).contains("7.5");
        }
    }

    @Test
    @Order(3)
    void aDevicePublishesOverTlsThroughHaproxyWhichPassesTlsThrough() throws Exception {
        Api admin = ClusterHarness.admin(cluster.lbUrl());
        Device device = newDevice(admin);
        Mqtt5BlockingClient mqtt = MqttClient.builder().useMqttVersion5().identifier("lb-tls-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(cluster.lbMqttsPort())
                .sslConfig().trustManagerFactory(cluster.certificate().trust()).applySslConfig().buildBlocking();
        mqtt.connectWith().simpleAuth().username(device.token()).applySimpleAuth().send();
        try {
            mqtt.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"depth\": 12.5}".getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            mqtt.disconnect();
        }
        assertThat(latestValues(admin, device)).contains("12.5");
    }

    @Test
    @Order(4)
    void theLiveWebSocketUpgradesThroughHaproxy() throws Exception {
        Api admin = ClusterHarness.admin(cluster.lbUrl());
        Device device = newDevice(admin);
        String jwt = admin.authorization().substring("JWT ".length());
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(cluster.lbUrl().replace("http://", "ws://") + "/api/v1/live/?token=" + jwt),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
                                received.add(data.toString());
                                socket.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"type\": \"subscribe\", \"id\": \"d\", \"device\": \"" + device.slug() + "\"}", true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).contains("\"subscribed\"").contains("\"d\"");
            ws.sendText("{\"type\": \"ping\", \"id\": \"x\"}", true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).contains("\"pong\"");
        } finally {
            ws.abort();
        }
    }

    @Test
    @Order(5)
    void clusterModeOnSqliteIsRefusedAtStart() throws Exception {
        Map<String, String> env = Map.of("FEEDLINE_CLUSTER_REDIS_URL", cluster.redis().url());
        ChildServer.Exit exit = ChildServer.runUntilExit(Files.createDirectories(dir.resolve("sqlite")), env, Duration.ofSeconds(60));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.output()).contains("cluster mode (cluster.redis.url, FEEDLINE_CLUSTER_REDIS_URL) needs PostgreSQL")
                .contains("SQLite").doesNotContain("Feedline is ready");
    }

    @Test
    @Order(6)
    void aNodeWhoseRulesPartitionsDifferFromTheRunningNodesIsRefusedAtStart() throws Exception {
        Map<String, String> env = Map.of("FEEDLINE_DB_URL", cluster.dbUrl(), "FEEDLINE_CLUSTER_REDIS_URL", cluster.redis().url(),
                "FEEDLINE_RULES_PARTITIONS", "7", "FEEDLINE_HTTP_PORT", "0");
        ChildServer.Exit exit = ChildServer.runUntilExit(Files.createDirectories(dir.resolve("other-partitions")), env, Duration.ofSeconds(60));

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output()).contains("Feedline could not start: rules.partitions (FEEDLINE_RULES_PARTITIONS) is 7 on this node, but 4 on the"
                + " cluster's running nodes (" + cluster.node(1).id()).contains("Set rules.partitions=4 on this node").doesNotContain("Feedline is ready");
        // The running nodes are untouched: the value is still theirs.
        assertThat(health(cluster.node(1)).at("/cluster/redis").asText()).isEqualTo("up");
    }

    @Test
    @Order(7)
    void redisUnreachableAtStartIsRefusedWithAClearMessage() throws Exception {
        int nobody = FreePorts.next();
        Map<String, String> env = Map.of("FEEDLINE_DB_URL", cluster.dbUrl(), "FEEDLINE_CLUSTER_REDIS_URL", "redis://127.0.0.1:" + nobody,
                "FEEDLINE_HTTP_PORT", "0");
        ChildServer.Exit exit = ChildServer.runUntilExit(Files.createDirectories(dir.resolve("no-redis")), env, Duration.ofSeconds(60));

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output()).contains("Feedline could not start: Cannot reach Redis at redis://127.0.0.1:" + nobody)
                .contains("Cluster mode needs Redis at start").doesNotContain("Feedline is ready");
    }

    @Test
    @Order(8)
    void redisLostWhileRunningIsReportedAsDegradedNotDownAndRecovers() {
        RedisServerProcess redis = cluster.redis();
        ClusterHarness.Node node = cluster.node(2);
        Device device = newDevice(ClusterHarness.admin(node.baseUrl()));
        redis.stop();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> health(node).at("/cluster/redis").asText().equals("down"));
            Api.Response health = node.anonymous().get("/api/v1/health/");
            assertThat(health.status()).as("PostgreSQL is the truth: still in service").isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("degraded");
            assertThat(node.anonymous().get("/metrics").body()).contains("feedline_cluster_redis_up 0");
            Api.Response sent = node.anonymous().post("/api/v1/" + device.token() + "/telemetry", Map.of("level", 3));
            assertThat(sent.status()).as("ingest goes on without Redis: %s", sent).isEqualTo(200);
        } finally {
            redis.restart();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.nodes().stream().allMatch(n -> health(n).get("status").asText().equals("ok")));
    }

    /**
     * The cluster's rules.partitions found changed in Redis while running (Redis lost its keys, a node with another
     * value started meanwhile): the running nodes never overwrite it, they stand down — no rules partition held, health
     * degraded with cluster.settings "differ", feedline_cluster_settings_agree 0 — and take the partitions back once the
     * value is theirs again.
     */
    @Test
    @Order(9)
    void nodesFindingAnotherRulesPartitionsWhileRunningStandDownUntilItIsTheirsAgain() {
        String key = "feedline:setting:rules.partitions";
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(cluster.redis().url());
        try (var connection = client.connect()) {
            var redis = connection.sync();
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.nodes().stream().mapToInt(n -> ClusterRulesTest.owned(n).size()).sum() == 4);
            redis.set(key, "7");
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.nodes().stream()
                    .allMatch(n -> health(n).at("/cluster/settings").asText().equals("differ") && ClusterRulesTest.owned(n).isEmpty()));
            for (ClusterHarness.Node n : cluster.nodes()) {
                assertThat(health(n).get("status").asText()).isEqualTo("degraded");
                assertThat(n.anonymous().get("/metrics").body()).contains("feedline_cluster_settings_agree 0");
            }
            assertThat(redis.get(key)).as("never overwritten by the running nodes").isEqualTo("7");

            redis.del(key); // the other node stopped
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.nodes().stream().allMatch(n -> health(n).get("status").asText().equals("ok"))
                    && cluster.nodes().stream().mapToInt(n -> ClusterRulesTest.owned(n).size()).sum() == 4);
            assertThat(redis.get(key)).isEqualTo("4");
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Order(10)
    void aStoppingNodeDrainsHaproxyTakesItOutBeforeItClosesAndNoRequestFails() throws Exception {
        ClusterHarness.Node leaving = cluster.node(3);
        Api lb = ClusterHarness.admin(cluster.lbUrl());
        java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return leaving.process().terminate();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> leaving.anonymous().get("/api/v1/health/").status() == 503);
        assertThat(new Api(leaving.baseUrl(), lb.authorization()).get("/api/v1/org/").status())
                .as("a draining node still serves; only its health check says 503").isEqualTo(200);
        // While it drains (it still serves; only its health says 503) and after it is gone, every request through
        // HAProxy is answered.
        int answered = 0;
        while (!exit.isDone()) {
            Api.Response r = lb.get("/api/v1/org/");
            assertThat(r.status()).as("through HAProxy while node 3 stops: %s", r).isEqualTo(200);
            answered++;
        }
        assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(143);
        assertThat(answered).isPositive();
        assertThat(cluster.haproxy().output()).anyMatch(line -> line.contains("feedline_http/node3 is DOWN"));
    }

    @Test
    @Order(11)
    void theJobLockIsHeldByOneNodeAndTakenOverAfterKillNine() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> holders(cluster.nodes()).size() == 1);
        ClusterHarness.Node holder = holders(cluster.nodes()).get(0);
        assertThat(holder.anonymous().get("/metrics").body()).contains("feedline_cluster_job_lock_held 1");
        // Rollups (every second here) run on the holder only: the others have never finished a run.
        await().atMost(Duration.ofSeconds(10)).until(() -> rollupsCaughtUp(holder) > 0);
        List<ClusterHarness.Node> others = cluster.nodes().stream().filter(n -> n != holder && n.process().alive()).toList();
        assertThat(others).isNotEmpty().allSatisfy(n -> assertThat(rollupsCaughtUp(n)).as(n.id()).isZero());

        holder.process().kill();

        List<ClusterHarness.Node> survivors = cluster.nodes().stream().filter(n -> n != holder).toList();
        // PostgreSQL ends the dead node's session when the kernel closes its socket; a survivor's next check takes the lock.
        await().atMost(Duration.ofSeconds(20)).until(() -> holders(survivors).size() == 1);
        ClusterHarness.Node next = holders(survivors).get(0);
        assertThat(next.anonymous().get("/metrics").body()).contains("feedline_cluster_job_lock_held 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> rollupsCaughtUp(next) > 0);
        // And it stays with one node.
        await().during(Duration.ofSeconds(ClusterHarness.JOB_LOCK_CHECK_SECONDS * 3L)).atMost(Duration.ofSeconds(10))
                .until(() -> holders(survivors).equals(List.of(next)));
    }

    /** feedline_rollups_caught_up_epoch_seconds of the node: 0 until a rollup run of its own finished. */
    private static double rollupsCaughtUp(ClusterHarness.Node node) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^feedline_rollups_caught_up_epoch_seconds (\\S+)$")
                .matcher(node.anonymous().get("/metrics").body());
        assertThat(m.find()).as("the rollup gauge of %s", node.id()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static List<ClusterHarness.Node> holders(List<ClusterHarness.Node> nodes) {
        return nodes.stream().filter(n -> n.process().alive() && holdsJobLock(n)).toList();
    }

    private static boolean holdsJobLock(ClusterHarness.Node node) {
        try {
            return health(node).at("/cluster/job_lock").asBoolean();
        } catch (AssertionError unreachable) { // a node that is just going away holds nothing
            return false;
        }
    }
}
