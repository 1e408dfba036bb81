package dev.feedline.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GraphQL subscriptions over WebSocket with graphql-transport-ws (docs/GRAPHQL.md "Subscriptions"), with the JDK's
 * WebSocket client: the handshake and its close codes, points after their commit, presence over a real MQTT
 * connection, alarms from a rule, command status, isolation, a slow client's MISSED notice, and complete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphQlSubscriptionTest {
    private static final String STREAM = "s--0000-0001--0000-0000-0000-0001--5001";
    private static final String POINTS = "subscription($s: [String!]!) { points(streams: $s) { stream device_slug timestamp value committed } }";
    @TempDir
    static Path dir;
    private TestServer server;
    private int mqttPort;
    private Api admin;
    private String bearer;
    private String deviceToken;

    @BeforeAll
    void start() throws Exception {
        mqttPort = FreePorts.next();
        server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(mqttPort), "mqtt.host", "127.0.0.1",
                "graphql.ws.init.timeout.millis", "1500", "graphql.ws.queue", "2", "graphql.ws.max.subscriptions", "5",
                "graphql.ws.max.connections", "4",
                "limits.points.per.request", "2000"));
        admin = server.admin();
        bearer = "Bearer " + admin.authorization().substring("JWT ".length());
        admin.post("/api/v1/org/", Map.of("name", "Acme"));
        admin.post("/api/v1/project/", Map.of("org", "acme", "name", "Plant"));
        deviceToken = admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001")).json().get("token").asText();
        for (String variable : List.of("flow", "temp", "bulk")) admin.post("/api/v1/variable/", Map.of("project", "p--0000-0001", "name", variable));
    }

    @AfterAll
    void stop() { server.close(); }

    private GraphQlWsClient client() throws InterruptedException {
        GraphQlWsClient c = GraphQlWsClient.connect(server.baseUrl());
        return c.init(bearer);
    }

    private void post(double value, String timestamp) {
        assertThat(admin.post("/api/v1/data/", Map.of("stream", STREAM, "timestamp", timestamp, "value", value)).status()).isEqualTo(201);
    }

    @Test
    void committedPointsArriveAsNextMessagesAndCompleteStopsThem() throws Exception {
        try (GraphQlWsClient ws = client()) {
            assertThat(ws.subprotocol()).isEqualTo("graphql-transport-ws");
            ws.subscribe("1", POINTS, Map.of("s", List.of(STREAM)));
            // A query over the socket: one next, then complete; and it shows the subscription is in place (ordered).
            ws.subscribe("q", "{ orgs { slug } }");
            assertThat(ws.next("next", "q").at("/payload/data/orgs/0/slug").asText()).isEqualTo("acme");
            ws.next("complete", "q");
            Instant before = Instant.now();
            post(42.5, "2026-01-01T00:00:00.250Z");
            Instant after = Instant.now();
            JsonNode point = ws.next("next", "1").at("/payload/data/points");
            assertThat(point.get("value").asDouble()).isEqualTo(42.5);
            assertThat(point.get("stream").asText()).isEqualTo(STREAM);
            assertThat(point.get("device_slug").asText()).isEqualTo("d--0000-0000-0000-0001");
            assertThat(point.get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00.250Z");
            // Delivered after its commit: the commit time lies within the write request.
            assertThat(Instant.parse(point.get("committed").asText())).isBetween(before.truncatedTo(ChronoUnit.MICROS), after);

            ws.send(Map.of("id", "1", "type", "complete"));
            ws.send(Map.of("type", "ping"));
            ws.next(m -> "pong".equals(m.path("type").asText()));
            post(43, "2026-01-01T00:00:01Z");
            // Another subscriber sees the point; the completed one does not.
            try (GraphQlWsClient other = client()) {
                other.subscribe("2", POINTS, Map.of("s", List.of(STREAM)));
                other.subscribe("q", "{ orgs { slug } }");
                other.next("complete", "q");
                post(44, "2026-01-01T00:00:02Z");
                assertThat(other.next("next", "2").at("/payload/data/points/value").asDouble()).isEqualTo(44);
            }
            ws.send(Map.of("type", "ping"));
            ws.next(m -> "pong".equals(m.path("type").asText()));
            assertThat(ws.drain()).noneMatch(m -> "1".equals(m.path("id").asText()));
        }
    }

    @Test
    void presenceFollowsARealMqttConnection() throws Exception {
        try (GraphQlWsClient ws = client()) {
            ws.subscribe("p", "subscription { presence(devices: [\"d--0001\"]) { device_slug online timestamp } }");
            ws.subscribe("q", "{ orgs { slug } }");
            ws.next("complete", "q");
            var mqtt = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("gql-presence")
                    .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
            mqtt.connectWith().simpleAuth().username(deviceToken).applySimpleAuth().send();
            assertThat(ws.next("next", "p").at("/payload/data/presence/online").asBoolean()).isTrue();
            mqtt.disconnect();
            JsonNode offline = ws.next("next", "p").at("/payload/data/presence");
            assertThat(offline.get("online").asBoolean()).isFalse();
            assertThat(offline.get("device_slug").asText()).isEqualTo("d--0000-0000-0000-0001");
        }
    }

    @Test
    void alarmsOfARuleArriveForTheOrgAndTheProject() throws Exception {
        String stream = "s--0000-0001--0000-0000-0000-0001--5002";
        Map<String, Object> rule = new HashMap<>();
        rule.put("org", "acme");
        rule.put("name", "too hot");
        rule.put("scope", Map.of("kind", "stream", "target", stream));
        rule.put("condition", Map.of("kind", "threshold", "op", "gt", "value", 30));
        rule.put("severity", "critical");
        assertThat(admin.post("/api/v1/rule/", rule).status()).isEqualTo(201);
        try (GraphQlWsClient ws = client()) {
            String fields = "{ change alarm { id severity status value org_slug device_slug } }";
            // A relationship of an event resolves too (through the request's data loaders).
            ws.subscribe("o", "subscription { alarms(org: \"acme\") { change alarm { id severity status value org_slug device_slug project { slug }"
                    + " device { online } } } }");
            ws.subscribe("p", "subscription { alarms(project: \"p--0000-0001\") " + fields + " }");
            ws.subscribe("q", "{ orgs { slug } }");
            ws.next("complete", "q");
            assertThat(admin.post("/api/v1/data/", Map.of("stream", stream, "timestamp", "2026-01-01T00:00:00Z", "value", 31)).status()).isEqualTo(201);
            Map<String, JsonNode> events = new HashMap<>();
            while (events.size() < 2) {
                JsonNode m = ws.next(x -> "next".equals(x.path("type").asText()));
                events.put(m.get("id").asText(), m.at("/payload/data/alarms"));
            }
            for (String id : List.of("o", "p")) {
                JsonNode event = events.get(id);
                assertThat(event.get("change").asText()).isEqualTo("created");
                assertThat(event.at("/alarm/severity").asText()).isEqualTo("critical");
                assertThat(event.at("/alarm/value").asDouble()).isEqualTo(31.0);
                assertThat(event.at("/alarm/org_slug").asText()).isEqualTo("acme");
            }
            assertThat(events.get("o").at("/alarm/project/slug").asText()).isEqualTo("p--0000-0001");
            assertThat(events.get("o").at("/alarm/device/online").asBoolean()).isFalse();
            // The device comes online: the subscription's next event says so (a subscription keeps no row for later).
            var mqtt = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("gql-alarm-device")
                    .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
            mqtt.connectWith().simpleAuth().username(deviceToken).applySimpleAuth().send();
            try {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.post("/api/graphql",
                        Map.of("query", "{ devices_by_pk(slug: \"d--0001\") { online } }")).json().at("/data/devices_by_pk/online").asBoolean()).isTrue());
                String alarmId = admin.get("/api/v1/alarm/?org=acme").json().at("/results/0/id").asText();
                assertThat(admin.post("/api/v1/alarm/" + alarmId + "/ack/", Map.of()).status()).isEqualTo(200);
                JsonNode acknowledged = ws.next(m -> "next".equals(m.path("type").asText()) && "o".equals(m.path("id").asText())
                        && "acknowledged".equals(m.at("/payload/data/alarms/change").asText())).at("/payload/data/alarms/alarm");
                assertThat(acknowledged.get("status").asText()).isEqualTo("acknowledged");
                assertThat(acknowledged.at("/device/online").asBoolean()).isTrue();
            } finally {
                mqtt.disconnect();
            }
        }
    }

    @Test
    void commandStatusChangesArriveForTheDevice() throws Exception {
        try (GraphQlWsClient ws = client()) {
            ws.subscribe("c", "subscription { commands(device: \"d--0001\") { id method status } }");
            ws.subscribe("q", "{ orgs { slug } }");
            ws.next("complete", "q");
            String id = admin.post("/api/v1/device/d--0001/rpc/", Map.of("method", "blink", "timeout", 200)).json().get("id").asText();
            JsonNode queued = ws.next("next", "c").at("/payload/data/commands");
            assertThat(queued.get("id").asText()).isEqualTo(id);
            assertThat(queued.get("status").asText()).isEqualTo("queued");
            JsonNode expired = ws.next(m -> "expired".equals(m.at("/payload/data/commands/status").asText())).at("/payload/data/commands");
            assertThat(expired.get("method").asText()).isEqualTo("blink");
        }
    }

    @Test
    void aForeignStreamIsAnErrorForThatSubscriptionOnly() throws Exception {
        admin.post("/api/v1/org/", Map.of("name", "Other"));
        var inv = admin.post("/api/v1/org/other/invite/", Map.of("email", "zed@example.com", "role", "viewer")).json();
        server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", inv.get("token").asText(), "password", "zed-password-1"));
        String zedKey = server.login("zed@example.com", "zed-password-1").post("/api/v1/auth/keys/", Map.of("name", "k")).json().get("key").asText();
        try (GraphQlWsClient ws = GraphQlWsClient.connect(server.baseUrl()).init("Token " + zedKey)) {
            ws.subscribe("1", POINTS, Map.of("s", List.of(STREAM)));
            JsonNode error = ws.next(m -> "1".equals(m.path("id").asText()) && !"complete".equals(m.path("type").asText()));
            assertThat(error.toString()).contains("NOT_FOUND").doesNotContain("42.5");
            ws.subscribe("2", "subscription { alarms(org: \"acme\") { change } }");
            assertThat(ws.next(m -> "2".equals(m.path("id").asText())).toString()).contains("NOT_FOUND");
            // The connection stays usable, and nothing of acme reaches it.
            post(7, "2026-01-02T00:00:00Z");
            ws.subscribe("q", "{ orgs { slug } }");
            assertThat(ws.next("next", "q").at("/payload/data/orgs/0/slug").asText()).isEqualTo("other");
            assertThat(ws.drain()).noneMatch(m -> m.toString().contains(STREAM));
        }
    }

    @Test
    void aMemberRemovedFromTheOrgLosesTheConnection() throws Exception {
        var inv = admin.post("/api/v1/org/acme/invite/", Map.of("email", "ivy@example.com", "role", "viewer")).json();
        JsonNode ivy = server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", inv.get("token").asText(), "password", "ivy-password-1")).json();
        GraphQlWsClient ws = GraphQlWsClient.connect(server.baseUrl()).init("Bearer " + ivy.get("jwt").asText());
        ws.subscribe("1", POINTS, Map.of("s", List.of(STREAM)));
        ws.subscribe("q", "{ orgs { slug } }");
        ws.next("complete", "q");
        assertThat(admin.delete("/api/v1/org/acme/members/" + ivy.get("id").asLong() + "/").status()).isEqualTo(204);
        assertThat(ws.closeCode()).isEqualTo(4403);
    }

    @Test
    void credentialsAreCheckedAtInitOrAtTheUpgrade() throws Exception {
        for (String bad : List.of("Bearer nonsense", "", "Device " + deviceToken)) {
            GraphQlWsClient ws = GraphQlWsClient.connect(server.baseUrl());
            ws.send(Map.of("type", "connection_init", "payload", Map.of("Authorization", bad)));
            assertThat(ws.closeCode()).isEqualTo(4403);
        }
        GraphQlWsClient noPayload = GraphQlWsClient.connect(server.baseUrl());
        noPayload.send("{\"type\":\"connection_init\"}");
        assertThat(noPayload.closeCode()).isEqualTo(4403);
        // Subscribing before connection_ack: 4401.
        GraphQlWsClient early = GraphQlWsClient.connect(server.baseUrl());
        early.subscribe("1", POINTS, Map.of("s", List.of(STREAM)));
        assertThat(early.closeCode()).isEqualTo(4401);
        // The token at the upgrade (as the live API takes it) is enough; a bad one refuses the upgrade.
        String jwt = bearer.substring("Bearer ".length());
        try (GraphQlWsClient ws = GraphQlWsClient.connect(server.baseUrl(), "?token=" + jwt)) {
            ws.send("{\"type\":\"connection_init\",\"payload\":{}}");
            ws.next(m -> "connection_ack".equals(m.path("type").asText()));
        }
        assertThatThrownBy(() -> GraphQlWsClient.connect(server.baseUrl(), "?token=nonsense"))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
        // A subscription over HTTP is refused.
        assertThat(admin.post("/api/graphql", Map.of("query", POINTS, "variables", Map.of("s", List.of(STREAM)))).status()).isEqualTo(400);
    }

    @Test
    void protocolViolationsCloseWithTheirCodes() throws Exception {
        GraphQlWsClient unknown = client();
        unknown.send("{\"type\":\"dance\"}");
        assertThat(unknown.closeCode()).isEqualTo(4400);
        GraphQlWsClient notJson = client();
        notJson.send("{not json");
        assertThat(notJson.closeCode()).isEqualTo(4400);
        GraphQlWsClient noQuery = client();
        noQuery.send("{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{}}");
        assertThat(noQuery.closeCode()).isEqualTo(4400);
        GraphQlWsClient twice = client();
        twice.send("{\"type\":\"connection_init\"}");
        assertThat(twice.closeCode()).isEqualTo(4429);
        GraphQlWsClient duplicate = client();
        duplicate.subscribe("1", POINTS, Map.of("s", List.of(STREAM)));
        duplicate.subscribe("1", POINTS, Map.of("s", List.of(STREAM)));
        assertThat(duplicate.closeCode()).isEqualTo(4409);
        // No connection_init within graphql.ws.init.timeout.millis (1.5 s here).
        GraphQlWsClient silent = GraphQlWsClient.connect(server.baseUrl());
        assertThat(silent.closeCode()).isEqualTo(4408);
    }

    @Test
    void limitsAndValidationAnswerInGraphQlsShape() throws Exception {
        try (GraphQlWsClient ws = client()) {
            ws.subscribe("bad", "subscription { points(streams: [\"x\"]) { nope } }");
            JsonNode error = ws.next("error", "bad");
            assertThat(error.get("payload").isArray()).isTrue();
            assertThat(error.get("payload").get(0).get("message").asText()).contains("nope");
            for (int i = 0; i < 5; i++) ws.subscribe("s" + i, POINTS, Map.of("s", List.of(STREAM)));
            ws.subscribe("s5", POINTS, Map.of("s", List.of(STREAM)));
            assertThat(ws.next("error", "s5").toString()).contains("graphql.ws.max.subscriptions");
        }
        // graphql.ws.max.connections (4 here) per user (one of their own, so other tests' connections do not count):
        // four are acknowledged, a fifth is closed at its init.
        var inv = admin.post("/api/v1/org/acme/invite/", Map.of("email", "max@example.com", "role", "viewer")).json();
        String jwt = server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", inv.get("token").asText(), "password", "max-password-1"))
                .json().get("jwt").asText();
        List<GraphQlWsClient> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) four.add(GraphQlWsClient.connect(server.baseUrl()).init("Bearer " + jwt));
        GraphQlWsClient fifth = GraphQlWsClient.connect(server.baseUrl());
        fifth.send(Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + jwt)));
        assertThat(fifth.closeCode()).isEqualTo(1008);
        four.forEach(GraphQlWsClient::close);
    }

    @Test
    void aSlowClientIsToldHowManyEventsItMissed() throws Exception {
        String stream = "s--0000-0001--0000-0000-0000-0001--5003";
        // Each event is large (many aliases of one field), so a client that stops reading fills the socket buffers
        // quickly; then the connection's outbox (graphql.ws.queue = 2 here) overflows and events are dropped.
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 1500; i++) fields.append(" a").append(i).append(": stream");
        int total = 1000;
        try (GraphQlWsClient ws = client(); GraphQlWsClient marker = client()) {
            ws.subscribe("big", "subscription($s: [String!]!) { points(streams: $s) {" + fields + " } }", Map.of("s", List.of(stream)));
            marker.subscribe("m", POINTS, Map.of("s", List.of(stream)));
            for (GraphQlWsClient c : List.of(ws, marker)) {
                c.subscribe("q", "{ orgs { slug } }");
                c.next("complete", "q");
            }
            ws.reading(false);
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = 0; i < total - 1; i++) points.add(Map.of("stream", stream, "timestamp", Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i).toString(), "value", i));
            assertThat(admin.post("/api/v1/data/", points).status()).isEqualTo(201);
            // The hub delivers in order on one thread: once the marker has the last point, and then one more, every
            // event of the batch has been offered to the slow connection.
            marker.next(m -> m.at("/payload/data/points/value").asInt() == total - 2);
            assertThat(admin.post("/api/v1/data/", Map.of("stream", stream, "timestamp", "2026-03-01T00:00:00Z", "value", -1)).status()).isEqualTo(201);
            marker.next(m -> m.at("/payload/data/points/value").asInt() == -1);
            ws.reading(true);
            long[] counts = new long[2];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (JsonNode m : ws.drain()) {
                    if (!"big".equals(m.path("id").asText())) continue;
                    if (m.at("/payload/errors/0/extensions/code").asText().equals("MISSED")) counts[1] += m.at("/payload/errors/0/extensions/missed").asLong();
                    else counts[0]++;
                }
                return counts[0] + counts[1] == total;
            });
            assertThat(counts[1]).isPositive();
        }
    }
}
