package dev.feedline.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket live API: authentication, subscriptions by stream, device and project, isolation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveApiTest {
    private static final String STREAM = "s--0000-0001--0000-0000-0000-0001--5001";
    @TempDir
    static Path dir;
    private TestServer server;
    private int mqttPort;
    private Api admin;
    private String jwt;
    private String deviceToken;

    @BeforeAll
    void start() throws Exception {
        mqttPort = FreePorts.next();
        server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(mqttPort), "mqtt.host", "127.0.0.1"));
        admin = server.admin();
        jwt = admin.authorization().substring("JWT ".length());
        admin.post("/api/v1/org/", Map.of("name", "Acme"));
        admin.post("/api/v1/project/", Map.of("org", "acme", "name", "Plant"));
        deviceToken = admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001")).json().get("token").asText();
        admin.post("/api/v1/variable/", Map.of("project", "p--0000-0001", "name", "flow"));
    }

    @AfterAll
    void stop() { server.close(); }


    private void post(double value, String timestamp) {
        assertThat(admin.post("/api/v1/data/", Map.of("stream", STREAM, "timestamp", timestamp, "value", value)).status()).isEqualTo(201);
    }

    @Test
    void subscribersOfStreamDeviceAndProjectReceiveEachCommittedPoint() throws Exception {
        try (LiveClient live = LiveClient.connect(server.baseUrl(), jwt)) {
            live.send("{\"type\":\"subscribe\",\"id\":\"s\",\"stream\":\"" + STREAM + "\"}");
            live.next(LiveClient.type("subscribed"));
            live.send("{\"type\":\"subscribe\",\"id\":\"d\",\"device\":\"d--0001\"}");
            live.next(LiveClient.type("subscribed"));
            live.send("{\"type\":\"subscribe\",\"id\":\"p\",\"project\":\"p--0000-0001\"}");
            live.next(LiveClient.type("subscribed"));
            Instant before = Instant.now();
            post(42.5, "2026-01-01T00:00:00.250Z");
            Instant after = Instant.now();
            for (String sub : List.of("s", "d", "p")) {
                JsonNode point = live.next(m -> "point".equals(m.path("type").asText()) && sub.equals(m.path("subscription").asText()));
                // When the write was committed (the server's clock), which lies within the request.
                assertThat(Instant.parse(point.get("committed").asText())).isBetween(before.truncatedTo(ChronoUnit.MICROS), after);
                assertThat(point.get("data").get("value").asDouble()).isEqualTo(42.5);
                assertThat(point.get("data").get("stream").asText()).isEqualTo(STREAM);
                assertThat(point.get("data").get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00.250Z");
            }
            live.send("{\"type\":\"unsubscribe\",\"id\":\"s\"}");
            live.next(LiveClient.type("unsubscribed"));
            live.send("{\"type\":\"ping\",\"id\":\"x\"}");
            assertThat(live.next(LiveClient.type("pong")).get("id").asText()).isEqualTo("x");
        }
    }

    @Test
    void livePointsOfAStreamWithUnitsCarryEngineeringValuesAndFollowAUnitChange() throws Exception {
        String variable = admin.post("/api/v1/variable/", Map.of("project", "p--0000-0001", "name", "pulses", "lid", "5002",
                "multiplication_factor", 10)).json().get("slug").asText();
        String stream = "s--0000-0001--0000-0000-0000-0001--5002";
        try (LiveClient live = LiveClient.connect(server.baseUrl(), jwt)) {
            live.send("{\"type\":\"subscribe\",\"id\":\"u\",\"stream\":\"" + stream + "\"}");
            live.next(LiveClient.type("subscribed"));
            assertThat(admin.post("/api/v1/data/", Map.of("stream", stream, "timestamp", "2026-01-01T00:00:00Z", "int_value", 7)).status()).isEqualTo(201);
            JsonNode first = live.next(m -> "point".equals(m.path("type").asText()) && "u".equals(m.path("subscription").asText())).get("data");
            assertThat(first.get("int_value").asLong()).isEqualTo(7);
            assertThat(first.get("value").asDouble()).isEqualTo(70.0);

            assertThat(admin.patch("/api/v1/variable/" + variable + "/", Map.of("multiplication_factor", 3)).status()).isEqualTo(200);
            assertThat(admin.post("/api/v1/data/", Map.of("stream", stream, "timestamp", "2026-01-01T00:01:00Z", "int_value", 7)).status()).isEqualTo(201);
            JsonNode second = live.next(m -> "point".equals(m.path("type").asText()) && "u".equals(m.path("subscription").asText())).get("data");
            assertThat(second.get("value").asDouble()).isEqualTo(21.0);
        }
    }

    @Test
    void commandUpdatesArriveForTheDevice() throws Exception {
        try (LiveClient live = LiveClient.connect(server.baseUrl(), jwt)) {
            live.send("{\"type\":\"subscribe\",\"id\":\"d\",\"device\":\"d--0001\"}");
            live.next(LiveClient.type("subscribed"));
            long id = admin.post("/api/v1/device/d--0001/rpc/", Map.of("method", "blink", "timeout", 200)).json().get("id").asLong();
            JsonNode queued = live.next(m -> "command".equals(m.path("type").asText()) && m.get("command").get("id").asLong() == id);
            assertThat(queued.get("command").get("status").asText()).isEqualTo("queued");
            JsonNode expired = live.next(m -> "command".equals(m.path("type").asText())
                    && "expired".equals(m.get("command").get("status").asText()));
            assertThat(expired.get("command").get("method").asText()).isEqualTo("blink");
        }
    }

    @Test
    void presenceChangesArriveForTheDevice() throws Exception {
        try (LiveClient live = LiveClient.connect(server.baseUrl(), jwt)) {
            live.send("{\"type\":\"subscribe\",\"id\":\"p\",\"project\":\"p--0000-0001\"}");
            live.next(LiveClient.type("subscribed"));
            var mqtt = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("live-presence")
                    .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
            mqtt.connectWith().simpleAuth().username(deviceToken).applySimpleAuth().send();
            assertThat(live.next(LiveClient.type("presence")).get("online").asBoolean()).isTrue();
            mqtt.disconnect();
            JsonNode offline = live.next(LiveClient.type("presence"));
            assertThat(offline.get("online").asBoolean()).isFalse();
            assertThat(offline.get("device").asText()).isEqualTo("d--0000-0000-0000-0001");
        }
    }

    @Test
    void newLocationsArriveForTheProject() throws Exception {
        try (LiveClient live = LiveClient.connect(server.baseUrl(), jwt)) {
            live.send("{\"type\":\"subscribe\",\"id\":\"p\",\"project\":\"p--0000-0001\"}");
            live.next(LiveClient.type("subscribed"));
            admin.post("/api/v1/location/", List.of(
                    Map.of("target", "d--0001", "timestamp", "2026-01-01T00:00:00Z", "lat", 46.0, "lon", 6.0),
                    Map.of("target", "d--0001", "timestamp", "2026-01-01T01:00:00Z", "lat", 46.5, "lon", 6.5)));
            JsonNode location = live.next(LiveClient.type("location"));
            assertThat(location.get("device").asText()).isEqualTo("d--0000-0000-0000-0001");
            assertThat(location.get("lat").asDouble()).isEqualTo(46.5);
            assertThat(location.get("timestamp").asText()).isEqualTo("2026-01-01T01:00:00Z");
        }
    }

    @Test
    void aMemberRemovedFromTheOrgLosesTheirLiveConnection() throws Exception {
        var inv = admin.post("/api/v1/org/acme/invite/", Map.of("email", "ivy@example.com", "role", "viewer")).json();
        JsonNode ivy = server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", inv.get("token").asText(), "password", "ivy-password-1")).json();
        String ivyJwt = ivy.get("jwt").asText();
        try (LiveClient live = LiveClient.connect(server.baseUrl(), ivyJwt)) {
            live.send("{\"type\":\"subscribe\",\"id\":\"s\",\"stream\":\"" + STREAM + "\"}");
            live.next(LiveClient.type("subscribed"));
            assertThat(admin.delete("/api/v1/org/acme/members/" + ivy.get("id").asLong() + "/").status()).isEqualTo(204);
            live.closedByServer().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        // Removed from her last org: her JWTs ended too (issue 13, item 9), so the old one cannot reconnect ...
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LiveClient.connect(server.baseUrl(), ivyJwt).close())
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
        // ... and with a new login the stream of the org she left is not hers to see.
        String newJwt = server.login("ivy@example.com", "ivy-password-1").authorization().substring("JWT ".length());
        try (LiveClient again = LiveClient.connect(server.baseUrl(), newJwt)) {
            again.send("{\"type\":\"subscribe\",\"id\":\"s\",\"stream\":\"" + STREAM + "\"}");
            assertThat(again.next(LiveClient.type("error")).get("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void anOrgSubscriptionReceivesEveryAlarmOfTheOrgDevicelessStreamsIncludedAndNoPoints() throws Exception {
        String virtual = "s--0000-0001--0000-0000-0000-0000--5001"; // a project stream without a device (as an Adafruit IO feed)
        assertThat(admin.post("/api/v1/data/", Map.of("stream", virtual, "timestamp", "2026-02-01T00:00:00Z", "value", 1)).status()).isEqualTo(201);
        for (String target : List.of(virtual, STREAM)) {
            assertThat(admin.post("/api/v1/rule/", Map.of("org", "acme", "name", "huge " + target, "scope", Map.of("kind", "stream", "target", target),
                    "condition", Map.of("kind", "threshold", "op", "gt", "value", 1000))).status()).isEqualTo(201);
        }
        try (LiveClient live = LiveClient.connect(server.baseUrl(), jwt)) {
            List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.function.Function<String, java.util.function.Predicate<JsonNode>> seeing = type -> m -> seen.add(m) && LiveClient.type(type).test(m);
            live.send("{\"type\":\"subscribe\",\"id\":\"o\",\"org\":\"acme\"}");
            live.next(LiveClient.type("subscribed"));
            assertThat(admin.post("/api/v1/data/", Map.of("stream", virtual, "timestamp", "2026-02-01T00:00:01Z", "value", 5000)).status()).isEqualTo(201);
            JsonNode alarm = live.next(seeing.apply("alarm"));
            assertThat(alarm.get("subscription").asText()).isEqualTo("o");
            assertThat(alarm.get("change").asText()).isEqualTo("created");
            assertThat(alarm.get("alarm").get("originator").asText()).isEqualTo(virtual);
            assertThat(alarm.get("alarm").get("device").isNull()).isTrue();
            post(5001, "2026-02-01T00:00:02Z");
            JsonNode second = live.next(seeing.apply("alarm"));
            assertThat(second.get("alarm").get("originator").asText()).isEqualTo(STREAM);
            // points are not an org subscription's business: a ping answered after the alarms shows none came in between
            live.send("{\"type\":\"ping\",\"id\":\"after\"}");
            live.next(seeing.apply("pong"));
            assertThat(seen).noneMatch(m -> "point".equals(m.path("type").asText()));
        }
    }

    @Test
    void strangersCannotSubscribeAndBadMessagesGetErrors() throws Exception {
        var invite = admin.post("/api/v1/org/", Map.of("name", "Other"));
        assertThat(invite.status()).isEqualTo(201);
        var inv = admin.post("/api/v1/org/other/invite/", Map.of("email", "zed@example.com", "role", "viewer")).json();
        server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", inv.get("token").asText(), "password", "zed-password-1"));
        String zedKey = server.login("zed@example.com", "zed-password-1").post("/api/v1/auth/keys/", Map.of("name", "k")).json().get("key").asText();
        try (LiveClient live = LiveClient.connect(server.baseUrl(), zedKey)) {
            live.send("{\"type\":\"subscribe\",\"id\":\"s\",\"stream\":\"" + STREAM + "\"}");
            JsonNode error = live.next(LiveClient.type("error"));
            assertThat(error.get("code").asText()).isEqualTo("not_found");
            live.send("{not json");
            assertThat(live.next(LiveClient.type("error")).get("code").asText()).isEqualTo("invalid");
            live.send("{\"type\":\"subscribe\",\"id\":\"o\",\"org\":\"acme\"}");
            assertThat(live.next(LiveClient.type("error")).get("code").asText()).isEqualTo("not_found");
            live.send("{\"type\":\"dance\"}");
            assertThat(live.next(LiveClient.type("error")).get("code").asText()).isEqualTo("invalid");
        }
    }

    @Test
    void theUpgradeNeedsAUsersCredentials() {
        for (String token : List.of("", "nonsense", deviceToken)) {
            assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(server.baseUrl().replace("http://", "ws://") + "/api/v1/live/?token=" + token),
                            new java.net.http.WebSocket.Listener() {}).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
        }
    }
}
