package dev.feedline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.feedline.server.Api;
import dev.feedline.server.live.LiveClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What crosses nodes through Redis (issue 14 points 3, 4, 5, 6): live events relayed to every node, commands
 * routed to the node holding the device's connection, one session per device across the cluster, and an API key
 * revoked on one node refused on another. Three nodes direct (no HAProxy needed to pick a node).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterRoutingTest {
    private ClusterHarness cluster;
    private Api admin1;

    @BeforeAll
    void startCluster(@TempDir Path dir) throws Exception {
        cluster = ClusterHarness.start(dir, 3);
        admin1 = ClusterHarness.admin(cluster.node(1).baseUrl());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) cluster.close();
    }

    private record Device(String slug, String token, String org, String project) {}

    private Device newDevice() {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response o = admin1.post("/api/v1/org/", Map.of("name", org));
        assertThat(o.status()).as("%s", o).isEqualTo(201);
        Api.Response p = admin1.post("/api/v1/project/", Map.of("org", o.json().get("slug").asText(), "name", "P"));
        assertThat(p.status()).as("%s", p).isEqualTo(201);
        Api.Response d = admin1.post("/api/v1/device/", Map.of("org", o.json().get("slug").asText(), "project", p.json().get("slug").asText()));
        assertThat(d.status()).as("%s", d).isEqualTo(201);
        return new Device(d.json().get("slug").asText(), d.json().get("token").asText(), o.json().get("slug").asText(), p.json().get("slug").asText());
    }

    private Mqtt5BlockingClient connect(int node, Device device, String clientId) {
        Mqtt5BlockingClient mqtt = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(cluster.node(node).mqttPort()).buildBlocking();
        mqtt.connectWith().simpleAuth().username(device.token()).applySimpleAuth().send();
        return mqtt;
    }

    private LiveClient live(int node, Device device) throws InterruptedException {
        String jwt = ClusterHarness.admin(cluster.node(node).baseUrl()).authorization().substring("JWT ".length());
        LiveClient live = LiveClient.connect(cluster.node(node).baseUrl(), jwt);
        live.send("{\"type\":\"subscribe\",\"id\":\"d\",\"device\":\"" + device.slug() + "\"}");
        live.next(LiveClient.type("subscribed"));
        return live;
    }

    @Test
    void aLiveSubscriberOnNode2SeesPointsCommittedOnNode1AndPresenceOfADeviceOnNode3() throws Exception {
        Device device = newDevice();
        try (LiveClient live = live(2, device)) {
            Mqtt5BlockingClient mqtt = connect(3, device, "presence-" + UUID.randomUUID());
            try {
                JsonNode online = live.next(m -> "presence".equals(m.path("type").asText()));
                assertThat(online.get("online").asBoolean()).isTrue();
                assertThat(online.get("device").asText()).isEqualTo(device.slug());
                // Online is the cluster's: node 1 holds no connection of the device, node 3 does.
                assertThat(admin1.get("/api/v1/device/" + device.slug() + "/").json().get("online").asBoolean()).isTrue();
                // A device list asks Redis once for the page (RedisDeviceRegistry.nodesOf), with the same answer.
                JsonNode listed = null;
                for (JsonNode d : admin1.get("/api/v1/device/?page_size=1000").json().get("results")) if (d.get("slug").asText().equals(device.slug())) listed = d;
                assertThat(listed).isNotNull();
                assertThat(listed.get("online").asBoolean()).isTrue();

                Api.Response posted = cluster.node(1).anonymous().post("/api/v1/" + device.token() + "/telemetry", Map.of("temp", 21.5));
                assertThat(posted.status()).as("%s", posted).isLessThan(300);
                JsonNode point = live.next(LiveClient.type("point"));
                assertThat(point.get("data").toString()).contains("21.5");
            } finally {
                mqtt.disconnect();
            }
            JsonNode offline = live.next(m -> "presence".equals(m.path("type").asText()) && !m.get("online").asBoolean());
            assertThat(offline.get("device").asText()).isEqualTo(device.slug());
        }
    }

    @Test
    void anMqttLiveSubscriberOnNode2SeesPointsPublishedByADeviceOnNode1() throws Exception {
        Device device = newDevice();
        String key = admin1.post("/api/v1/auth/keys/", Map.of("name", "live-app")).json().get("key").asText();
        Mqtt5BlockingClient app = MqttClient.builder().useMqttVersion5().identifier("app-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(cluster.node(2).mqttPort()).buildBlocking();
        app.connectWith().simpleAuth().username("app").password(key.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        Mqtt5BlockingClient mqtt = null;
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = app.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            app.subscribeWith().topicFilter("feedline/" + device.org() + "/" + device.project() + "/" + device.slug() + "/#")
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            mqtt = connect(1, device, "live-device-" + UUID.randomUUID());
            mqtt.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"humidity\": 55}".getBytes(StandardCharsets.UTF_8)).send();
            JsonNode body = null;
            for (int i = 0; i < 10 && body == null; i++) {
                Mqtt5Publish p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no live point on node 2"));
                if (!p.getTopic().toString().endsWith("/presence")) body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.getPayloadAsBytes());
            }
            assertThat(body.get("value").asDouble()).isEqualTo(55.0);
            assertThat(body.get("device").asText()).isEqualTo(device.slug());
        } finally {
            if (mqtt != null) mqtt.disconnect();
            app.disconnect();
        }
    }

    @Test
    void commandsPostedOnNode1ReachTheDeviceOnNode2AndTheirRepliesShowOnNode3() throws Exception {
        // The same measure with the device on node 1 itself first: the part of the latency that is not routing.
        String local = latencies(1, 50, false);
        String routed = latencies(2, 50, true);
        System.out.println("command latency, REST call on node 1 to the device's PUBLISH (50 commands each): device on node 1 (no routing) "
                + local + "; device on node 2 (routed through Redis) " + routed);
    }

    /** Sends count commands through node 1 to a device connected to node; the last one is replied to and read through node 3. */
    private String latencies(int node, int count, boolean replyThroughNode3) throws Exception {
        Device device = newDevice();
        Api admin3 = ClusterHarness.admin(cluster.node(3).baseUrl());
        Mqtt5BlockingClient mqtt = connect(node, device, "commands-" + UUID.randomUUID());
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
            mqtt.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            // The claim is made after the connection, on the registry's thread: wait until node 1 routes to the device.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                send(device);
                return publishes.receive(200, TimeUnit.MILLISECONDS).isPresent();
            });
            drainRequests(publishes);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                Api.Response r = send(device);
                assertThat(r.status()).as("%s", r).isEqualTo(201);
                long id = r.json().get("id").asLong();
                Mqtt5Publish request = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("command not delivered"));
                micros.add((System.nanoTime() - start) / 1_000);
                assertThat(request.getTopic().toString()).isEqualTo("v1/devices/me/rpc/request/" + id);
                if (replyThroughNode3 && i == count - 1) {
                    mqtt.publishWith().topic("v1/devices/me/rpc/response/" + id).qos(MqttQos.AT_LEAST_ONCE)
                            .payload("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)).send();
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> "replied".equals(admin3.get("/api/v1/rpc/" + id + "/").json().path("status").asText()));
                }
            }
            Collections.sort(micros);
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", micros.get(count / 2) / 1000.0,
                    micros.get((int) Math.ceil(count * 0.99) - 1) / 1000.0, micros.get(count - 1) / 1000.0);
        } finally {
            mqtt.disconnect();
        }
    }

    @Test
    void aCommandQueuedThroughNode1WhileTheDeviceWasOfflineIsDeliveredWhenItConnectsToNode3() throws Exception {
        Device device = newDevice();
        long id = send(device).json().get("id").asLong();
        Mqtt5BlockingClient mqtt = connect(3, device, "queued-" + UUID.randomUUID());
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
            mqtt.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish request = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("queued command not delivered"));
            assertThat(request.getTopic().toString()).isEqualTo("v1/devices/me/rpc/request/" + id);
        } finally {
            mqtt.disconnect();
        }
    }

    @Test
    void aReplyOnNode2AnswersAWaitingCallOnNode1AndReachesALiveSubscriberOnNode3() throws Exception {
        Device device = newDevice();
        try (LiveClient live = live(3, device)) {
            Mqtt5BlockingClient mqtt = connect(2, device, "status-" + UUID.randomUUID());
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
                mqtt.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
                // ?wait=true on node 1: answered when the reply, stored on node 2, is relayed back.
                java.util.concurrent.CompletableFuture<Api.Response> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                        admin1.post("/api/v1/device/" + device.slug() + "/rpc/?wait=true", Map.of("method", "ping", "timeout", 20_000)));
                Mqtt5Publish request = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                long id = Long.parseLong(request.getTopic().getLevels().get(request.getTopic().getLevels().size() - 1));
                mqtt.publishWith().topic("v1/devices/me/rpc/response/" + id).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)).send();
                Api.Response answered = waiting.get(5, TimeUnit.SECONDS);
                assertThat(answered.json().get("status").asText()).as("%s", answered).isEqualTo("replied");
                JsonNode replied = live.next(m -> "command".equals(m.path("type").asText())
                        && m.path("command").path("id").asLong() == id && "replied".equals(m.path("command").path("status").asText()));
                assertThat(replied.get("command").toString()).contains("ok");
            } finally {
                mqtt.disconnect();
            }
        }
    }

    private void drainRequests(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        while (publishes.receive(300, TimeUnit.MILLISECONDS).isPresent()) {
            // commands of the warm-up
        }
    }

    private Api.Response send(Device device) {
        return admin1.post("/api/v1/device/" + device.slug() + "/rpc/", Map.of("method", "ping", "params", Map.of(), "timeout", 20_000));
    }

    @Test
    void aDeviceConnectingToNode3HasItsConnectionOnNode2ClosedAndStaysOnlineEverywhere() throws Exception {
        Device device = newDevice();
        LiveClient liveOnNode2 = live(2, device);
        String clientId = "takeover-" + UUID.randomUUID();
        Mqtt5BlockingClient onNode2 = connect(2, device, clientId);
        await().atMost(Duration.ofSeconds(5)).until(() -> onNode2.getState().isConnected());
        // Wait until node 2's claim is in, so the registry knows whom to tell.
        long id = deviceId(device);
        io.lettuce.core.RedisClient redis = io.lettuce.core.RedisClient.create(cluster.redis().url());
        try (var connection = redis.connect()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.sync().get("feedline:device:" + id) != null);
        } finally {
            redis.shutdown();
        }
        Mqtt5BlockingClient onNode3 = connect(3, device, clientId);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !onNode2.getState().isConnected());
            assertThat(onNode3.getState().isConnected()).isTrue();
            // Node 2 saw its connection end, yet the device is online (on node 3): its live subscriber's last word is online.
            List<JsonNode> presence = new ArrayList<>();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                presence.addAll(liveOnNode2.drain(LiveClient.type("presence")));
                assertThat(presence).isNotEmpty();
                assertThat(presence.get(presence.size() - 1).get("online").asBoolean()).as("%s", presence).isTrue();
                assertThat(presence.stream().anyMatch(m -> !m.get("online").asBoolean())).as("%s", presence).isTrue();
            });
            assertThat(admin1.get("/api/v1/device/" + device.slug() + "/").json().get("online").asBoolean()).isTrue();
        } finally {
            onNode3.disconnect();
            liveOnNode2.close();
        }
    }

    @Test
    void aNodeClaimsItsDevicesAgainWhenRedisForgetsThemAndCommandsStillReachThem() throws Exception {
        Device device = newDevice();
        long id = deviceId(device);
        Mqtt5BlockingClient mqtt = connect(2, device, "forgotten-" + UUID.randomUUID());
        io.lettuce.core.RedisClient redis = io.lettuce.core.RedisClient.create(cluster.redis().url());
        try (var connection = redis.connect(); Mqtt5BlockingClient.Mqtt5Publishes publishes = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
            mqtt.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.sync().get("feedline:device:" + id) != null);

            connection.sync().flushall(); // as a Redis restarted without persistence would

            await().atMost(Duration.ofSeconds(10)).until(() -> connection.sync().get("feedline:device:" + id) != null);
            long command = send(device).json().get("id").asLong();
            Mqtt5Publish request = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("command not routed after the re-claim"));
            assertThat(request.getTopic().toString()).isEqualTo("v1/devices/me/rpc/request/" + command);
        } finally {
            redis.shutdown();
            mqtt.disconnect();
        }
    }

    @Test
    void afterRedisWasLostLiveEventsAndCommandsCrossNodesAgainByThemselves() throws Exception {
        Device device = newDevice();
        cluster.redis().stop();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> cluster.nodes().stream()
                    .allMatch(n -> n.anonymous().get("/api/v1/health/").json().at("/cluster/redis").asText().equals("down")));
            // Ingest goes on meanwhile; what would have crossed nodes is dropped and counted.
            assertThat(cluster.node(1).anonymous().post("/api/v1/" + device.token() + "/telemetry", Map.of("t", 1)).status()).isEqualTo(200);
        } finally {
            cluster.redis().restart();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.nodes().stream()
                .allMatch(n -> n.anonymous().get("/api/v1/health/").json().get("status").asText().equals("ok")));
        assertThat(cluster.node(1).anonymous().get("/metrics").body()).containsPattern("feedline_cluster_relay_dropped_total\\{direction=\"out\",?\\} [1-9]");

        try (LiveClient live = live(2, device)) {
            // Lettuce subscribes again after its reconnect; until then points are dropped: keep writing until one crosses.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                cluster.node(1).anonymous().post("/api/v1/" + device.token() + "/telemetry", Map.of("t", 2));
                assertThat(live.drain(LiveClient.type("point"))).isNotEmpty();
            });
        }
        Mqtt5BlockingClient mqtt = connect(2, device, "after-redis-" + UUID.randomUUID());
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
            mqtt.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                send(device);
                return publishes.receive(300, TimeUnit.MILLISECONDS).isPresent();
            });
        } finally {
            mqtt.disconnect();
        }
    }

    @Test
    void wrongPasswordsSpreadOverNodes1And2TripThePerAccountLimitAtTheConfiguredCount() {
        // Counted in Redis: wait out any earlier loss of it, or the nodes would count alone.
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.nodes().stream()
                .allMatch(n -> n.anonymous().get("/api/v1/health/").json().get("status").asText().equals("ok")));
        String email = "guess-" + UUID.randomUUID() + "@example.com";
        Map<String, String> wrong = Map.of("email", email, "password", "not-the-password");
        for (int i = 0; i < ClusterHarness.LOGIN_ACCOUNT_ATTEMPTS; i++) {
            Api.Response r = cluster.node(1 + i % 2).anonymous().post("/api/v1/auth/login/", wrong);
            assertThat(r.status()).as("attempt %d on node %d: %s", i + 1, 1 + i % 2, r).isEqualTo(401);
        }
        for (int n = 1; n <= 3; n++) {
            Api.Response refused = cluster.node(n).anonymous().post("/api/v1/auth/login/", wrong);
            assertThat(refused.status()).as("node %d: %s", n, refused).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isNotNull();
        }
        // Another account is not affected.
        assertThat(cluster.node(2).anonymous().post("/api/v1/auth/login/",
                Map.of("email", "other-" + email, "password", "not-the-password")).status()).isEqualTo(401);
    }

    private long deviceId(Device device) { return admin1.get("/api/v1/device/" + device.slug() + "/").json().get("id").asLong(); }

    @Test
    void aStreamDisabledOnNode1IsRefusedOnNode2WithinASecond() {
        Device device = newDevice();
        Api admin2 = ClusterHarness.admin(cluster.node(2).baseUrl());
        assertThat(cluster.node(1).anonymous().post("/api/v1/" + device.token() + "/telemetry", Map.of("level", 1)).status()).isLessThan(300);
        String stream = await().atMost(Duration.ofSeconds(5)).until(() -> {
            JsonNode results = admin1.get("/api/v1/stream/?device=" + device.slug()).json().get("results");
            return results.isEmpty() ? null : results.get(0).get("slug").asText();
        }, java.util.Objects::nonNull);
        String at = java.time.Instant.now().toString();
        // Node 2 caches the stream on this write.
        assertThat(admin2.post("/api/v1/data/", Map.of("stream", stream, "timestamp", at, "value", 2)).status()).isEqualTo(201);

        assertThat(admin1.patch("/api/v1/stream/" + stream + "/", Map.of("enabled", false)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(1)).until(() -> admin2.post("/api/v1/data/",
                Map.of("stream", stream, "timestamp", java.time.Instant.now().toString(), "value", 3)).status() == 400);
    }

    @Test
    void aSessionLoggedOutOnNode1AndTokensEndedOnNode1AreRefusedOnNode2WithinASecond() {
        // Each JWT is used on node 2 first, so node 2 has cached its session and generation as valid.
        Api session = ClusterHarness.admin(cluster.node(1).baseUrl());
        Api sessionOn2 = new Api(cluster.node(2).baseUrl(), session.authorization());
        assertThat(sessionOn2.get("/api/v1/org/").status()).isEqualTo(200);
        assertThat(session.post("/api/v1/auth/logout/", Map.of()).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(1)).until(() -> sessionOn2.get("/api/v1/org/").status() == 401);

        Api other = ClusterHarness.admin(cluster.node(1).baseUrl());
        Api otherOn2 = new Api(cluster.node(2).baseUrl(), other.authorization());
        assertThat(otherOn2.get("/api/v1/org/").status()).isEqualTo(200);
        assertThat(other.post("/api/v1/auth/logout-all/", Map.of()).status()).isLessThan(300);
        await().atMost(Duration.ofSeconds(1)).until(() -> otherOn2.get("/api/v1/org/").status() == 401);
        admin1 = ClusterHarness.admin(cluster.node(1).baseUrl()); // logout-all ended the class's admin session too
    }

    @Test
    void anApiKeyRevokedOnNode1IsRefusedOnNode2WithinASecond() {
        Api.Response created = admin1.post("/api/v1/auth/keys/", Map.of("name", "relay"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        Api withKey = new Api(cluster.node(2).baseUrl(), "Token " + created.json().get("key").asText());
        assertThat(withKey.get("/api/v1/org/").status()).isEqualTo(200);

        assertThat(admin1.delete("/api/v1/auth/keys/" + created.json().get("id").asLong() + "/").status()).isLessThan(300);
        await().atMost(Duration.ofSeconds(1)).until(() -> withKey.get("/api/v1/org/").status() == 401);
    }
}
