package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.feedline.server.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ThingsBoard HTTP device API, /api/v1/{token}/..., over real HTTP against a running server. */
class TbHttpApiTest extends ApiTestSupport {
    private String project;
    private String deviceSlug;
    private String base;
    private Api device;

    @BeforeEach
    void claimedDevice() {
        String org = Seed.org(admin);
        project = Seed.project(admin, org).get("slug").asText();
        JsonNode d = Seed.deviceIn(admin, project);
        deviceSlug = d.get("slug").asText();
        base = "/api/v1/" + d.get("token").asText();
        device = server.anonymous();
    }

    private static void emptyOk(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    /** The points of the device's stream for telemetry key, oldest first, through the native API. */
    private JsonNode points(String key) {
        JsonNode streams = admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("results");
        for (JsonNode s : streams) {
            String slug = s.get("slug").asText();
            if (admin.get("/api/v1/stream/" + slug + "/").json().get("var_name").asText().equals(key)) {
                return admin.get("/api/v1/data/?filter=" + slug).json().get("results");
            }
        }
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Waiting long polls of a kind, from the Prometheus gauge: a poll is known to wait before the test acts. */
    private double waitingPolls(String kind) {
        Matcher m = Pattern.compile("(?m)^feedline_http_long_polls\\{kind=\"" + kind + "\"\\} (\\S+)$")
                .matcher(server.anonymous().get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private CompletableFuture<Api.Response> poll(String path) {
        return CompletableFuture.supplyAsync(() -> device.get(base + path));
    }

    @Test
    void everyTelemetryShapeIsStoredWithItsTimestampsBeforeThe200() {
        emptyOk(device.post(base + "/telemetry", Map.of("temperature", 21.5, "running", true, "mode", "eco")));
        emptyOk(device.post(base + "/telemetry", "{\"ts\": 1700000000123, \"values\": {\"pressure\": 1.5, \"cfg\": {\"a\": 1}}}"));
        emptyOk(device.post(base + "/telemetry",
                "[{\"ts\": 1700000001000, \"values\": {\"pressure\": 2.5}}, {\"ts\": 1700000002000, \"values\": {\"pressure\": 3.5}}]"));

        // No waiting: the 200 came only after the commit.
        JsonNode pressure = points("pressure");
        assertThat(pressure).extracting(p -> p.get("timestamp").asText())
                .containsExactly("2023-11-14T22:13:20.123Z", "2023-11-14T22:13:21Z", "2023-11-14T22:13:22Z");
        assertThat(pressure).extracting(p -> p.get("value").asDouble()).containsExactly(1.5, 2.5, 3.5);
        assertThat(points("temperature")).extracting(p -> p.get("value").asDouble()).containsExactly(21.5);
        assertThat(points("running")).extracting(p -> p.get("value").asDouble()).containsExactly(1.0);
        assertThat(points("mode")).extracting(p -> p.get("value").asText()).containsExactly("eco");
    }

    @Test
    void everyCallMarksTheDeviceSeenButNotOnline() {
        assertThat(admin.get("/api/v1/device/" + deviceSlug + "/").json().get("last_seen").isNull()).isTrue();
        ok(device.get(base + "/attributes"), 200);
        JsonNode seen = admin.get("/api/v1/device/" + deviceSlug + "/").json();
        assertThat(seen.get("last_seen").isNull()).isFalse();
        assertThat(seen.get("online").asBoolean()).isFalse();
    }

    @Test
    void badInputChangesNothing() {
        assertError(device.post(base + "/telemetry", "{\"temperature\": 21.5,"), 400);
        assertError(device.post(base + "/telemetry", "[{\"ok\": 1}, {\"bad\": null}]"), 400);
        assertError(device.post(base + "/telemetry", "42"), 400);
        assertError(device.post(base + "/telemetry", "{\"garbage\": 1}xyz"), 400);
        assertError(device.post(base + "/telemetry", "[{\"garbage\": 1}] , {\"oops\""), 400);
        assertThat(admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asInt()).isZero();
        assertError(device.post(base + "/attributes", "[1, 2]"), 400);
        assertError(device.post(base + "/attributes", "{\"fw\": \"1.0\"} trailing"), 400);
        assertError(device.get(base + "/rpc?timeout=soon"), 400);
    }

    /** The names of the variables of the device's project. */
    private List<String> variableNames() {
        return admin.get("/api/v1/variable/?project=" + project).json().get("results").findValues("name").stream().map(JsonNode::asText).toList();
    }

    @Test
    void aRefusedMessageCreatesNoVariableOrStream() {
        // Valid keys, but one timestamp out of range: the message is refused whole and its keys leave nothing behind.
        assertError(device.post(base + "/telemetry", "{\"ts\": 99999999999999999, \"values\": {\"fresh\": 1}}"), 400);
        assertError(device.post(base + "/telemetry",
                "[{\"ts\": 1700000000000, \"values\": {\"fresh\": 1}}, {\"ts\": -99999999999999999, \"values\": {\"other\": 2}}]"), 400);
        assertError(device.post(base + "/telemetry", Map.of("fresh", "x".repeat(100_000))), 400);
        assertThat(admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asInt()).isZero();
        assertThat(variableNames()).doesNotContain("fresh", "other");

        // The first valid message creates them, with its points.
        emptyOk(device.post(base + "/telemetry", "[{\"ts\": 1700000000000, \"values\": {\"fresh\": 1, \"other\": 2}}, {\"fresh\": 3}]"));
        assertThat(variableNames()).contains("fresh", "other");
        assertThat(points("fresh")).extracting(p -> p.get("value").asDouble()).containsExactly(1.0, 3.0);
        assertThat(points("other")).extracting(p -> p.get("value").asDouble()).containsExactly(2.0);
    }

    @Test
    void aMessageRefusedForAFullQueueCreatesNothing() throws Exception {
        java.nio.file.Path dir = newDataDir();
        Map<String, String> config = new java.util.HashMap<>(storeConfig(dir));
        config.putAll(Map.of("ingest.queue.points", "1", "ingest.batch.points", "1"));
        String url = config.getOrDefault("db.url", "jdbc:sqlite:" + dir.resolve("feedline.db"));
        try (dev.feedline.server.TestServer own = dev.feedline.server.TestServer.start(dir, config, clock())) {
            Api ownAdmin = own.admin();
            JsonNode d = Seed.deviceIn(ownAdmin, Seed.project(ownAdmin, Seed.org(ownAdmin)).get("slug").asText());
            String telemetry = "/api/v1/" + d.get("token").asText() + "/telemetry";
            Api ownDevice = own.anonymous();
            emptyOk(ownDevice.post(telemetry, Map.of("known", 1)));
            CompletableFuture<Api.Response> waiting;
            // Another connection holds the data writer back, so the queue (one point) stays full.
            try (java.sql.Connection lock = java.sql.DriverManager.getConnection(url); java.sql.Statement st = lock.createStatement()) {
                if (url.startsWith("jdbc:sqlite:")) {
                    st.execute("BEGIN IMMEDIATE");
                } else {
                    lock.setAutoCommit(false);
                    st.execute("LOCK TABLE data IN ACCESS EXCLUSIVE MODE");
                }
                waiting = CompletableFuture.supplyAsync(() -> ownDevice.post(telemetry, Map.of("known", 2)));
                await().atMost(Duration.ofSeconds(10)).until(() -> own.server().services().ingest().depth() >= 1);
                Api.Response refused = ownDevice.post(telemetry, Map.of("brand-new", 1));
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                if (url.startsWith("jdbc:sqlite:")) st.execute("ROLLBACK");
                else lock.rollback();
            }
            emptyOk(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(ownAdmin.get("/api/v1/variable/").json().get("results").findValues("name")).extracting(JsonNode::asText)
                    .contains("known").doesNotContain("brand-new");
            assertThat(ownAdmin.get("/api/v1/stream/?device=" + d.get("slug").asText()).json().get("count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void concurrentFirstMessagesForANewKeyCreateItOnce() {
        // Requests naming the same new key before it exists: each is created with its points, once, whatever commit they share.
        List<CompletableFuture<Api.Response>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = "{\"ts\": " + (1_700_000_000_000L + i) + ", \"values\": {\"burst\": " + i + ", \"burst-" + (i % 2) + "\": " + i + "}}";
            sent.add(CompletableFuture.supplyAsync(() -> device.post(base + "/telemetry", body)));
        }
        sent.forEach(f -> emptyOk(f.join()));
        assertThat(variableNames()).filteredOn(n -> n.startsWith("burst")).containsExactlyInAnyOrder("burst", "burst-0", "burst-1");
        assertThat(points("burst")).hasSize(20);
        assertThat(points("burst-1")).hasSize(10);
        assertThat(admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asInt()).isEqualTo(3);
    }

    @Test
    void anEmptyMessageIsAcceptedAndStoresNothing() {
        // The ThingsBoard SDK's HTTP client posts {} to test its connection, and stops if it fails.
        emptyOk(device.post(base + "/telemetry", "{}"));
        emptyOk(device.post(base + "/telemetry", "{\"ts\": 1700000000000, \"values\": {}}"));
        emptyOk(device.post(base + "/telemetry", "[]"));
        assertThat(admin.get("/api/v1/stream/?device=" + deviceSlug).json().get("count").asInt()).isZero();
        // Still authenticated first.
        assertError(device.post("/api/v1/dt--nope/telemetry", "{}"), 401);
    }

    @Test
    void unclaimedDeviceTelemetryIsRefused() {
        JsonNode unclaimed = Seed.device(admin, Seed.org(admin));
        Api.Response r = device.post("/api/v1/" + unclaimed.get("token").asText() + "/telemetry", Map.of("t", 1));
        assertError(r, 400);
        assertThat(r.json().get("detail").asText()).contains("not claimed");
    }

    @Test
    void badTokensAre401() {
        assertError(device.post("/api/v1/fdt_not-a-real-token/telemetry", Map.of("t", 1)), 401);
        assertError(device.get("/api/v1/not-a-token/attributes"), 401);
        String key = ok(admin.post("/api/v1/auth/keys/", Map.of("name", "k")), 201).json().get("key").asText();
        assertError(device.get("/api/v1/" + key + "/attributes"), 401);
        // A literal path still wins over {token}.
        assertThat(admin.post("/api/v1/device/claim/", Map.of()).status()).isNotEqualTo(401);
    }

    @Test
    void inactiveDeviceIs401() {
        ok(admin.patch("/api/v1/device/" + deviceSlug + "/", Map.of("active", false)), 200);
        assertError(device.post(base + "/telemetry", Map.of("t", 1)), 401);
    }

    @Test
    void clientAndSharedAttributesRoundTrip() {
        emptyOk(device.post(base + "/attributes", Map.of("fw", "1.2", "battery", 87, "cfg", Map.of("eco", true))));
        ok(admin.post("/api/v1/config/attr/", Map.of("target", deviceSlug, "name", ":interval", "data", 30)), 201);
        ok(admin.post("/api/v1/config/attr/", Map.of("target", deviceSlug, "name", ":mode", "data", "fast")), 201);

        JsonNode some = ok(device.get(base + "/attributes?clientKeys=fw,battery&sharedKeys=interval"), 200).json();
        assertThat(some.get("client")).isEqualTo(parse("{\"fw\": \"1.2\", \"battery\": 87}"));
        assertThat(some.get("shared")).isEqualTo(parse("{\"interval\": 30}"));
        JsonNode all = ok(device.get(base + "/attributes"), 200).json();
        assertThat(all.get("client").get("cfg")).isEqualTo(parse("{\"eco\": true}"));
        assertThat(all.get("shared").get("mode").asText()).isEqualTo("fast");
        // Client attributes are the device's properties.
        assertThat(admin.get("/api/v1/device/" + deviceSlug + "/properties/").body()).contains("battery");
    }

    @Test
    void attributeUpdatesLongPollAnswersWhenASharedAttributeChanges() {
        CompletableFuture<Api.Response> waiting = poll("/attributes/updates?timeout=30000");
        await().atMost(Duration.ofSeconds(10)).until(() -> waitingPolls("attributes") >= 1);
        ok(admin.post("/api/v1/config/attr/", Map.of("target", deviceSlug, "name", ":setpoint", "data", 21.5)), 201);

        Api.Response r = waiting.join();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(parse("{\"setpoint\": 21.5}"));
    }

    @Test
    void longPollsTimeOutWith408() {
        assertError(device.get(base + "/attributes/updates?timeout=200"), 408);
        assertError(device.get(base + "/rpc?timeout=200"), 408);
    }

    @Test
    void aCommandReachesTheWaitingPollAndItsReplyIsStored() {
        CompletableFuture<Api.Response> waiting = poll("/rpc?timeout=30000");
        await().atMost(Duration.ofSeconds(10)).until(() -> waitingPolls("rpc") >= 1);
        JsonNode sent = ok(admin.post("/api/v1/device/" + deviceSlug + "/rpc/",
                Map.of("method", "setGpio", "params", Map.of("pin", 23, "value", 1))), 201).json();
        // Handed to the waiting poll at once; its answer (which counts as delivery) may already have gone out.
        assertThat(sent.get("status").asText()).isIn("sent", "delivered");

        JsonNode command = ok(waiting.join(), 200).json();
        long id = sent.get("id").asLong();
        assertThat(command).isEqualTo(parse("{\"id\": " + id + ", \"method\": \"setGpio\", \"params\": {\"pin\": 23, \"value\": 1}}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/rpc/" + id + "/").json().get("status").asText().equals("delivered"));

        emptyOk(device.post(base + "/rpc/" + id, Map.of("result", "ok")));
        JsonNode done = admin.get("/api/v1/rpc/" + id + "/").json();
        assertThat(done.get("status").asText()).isEqualTo("replied");
        assertThat(done.get("reply")).isEqualTo(parse("{\"result\": \"ok\"}"));
        assertError(device.post(base + "/rpc/" + id, Map.of("result", "again")), 404);
        assertError(device.post(base + "/rpc/999999", Map.of("result", "ok")), 404);
    }

    @Test
    void aOneWayCommandAwaitsNoReply() {
        JsonNode oneWay = ok(admin.post("/api/v1/device/" + deviceSlug + "/rpc/", Map.of("method", "reboot", "oneway", true)), 201).json();
        long id = oneWay.get("id").asLong();
        assertThat(ok(device.get(base + "/rpc?timeout=60000"), 200).json().get("id").asLong()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/rpc/" + id + "/").json().get("status").asText().equals("delivered"));

        assertError(device.post(base + "/rpc/" + id, Map.of("result", "done")), 404);
        JsonNode after = admin.get("/api/v1/rpc/" + id + "/").json();
        assertThat(after.get("status").asText()).isEqualTo("delivered");
        assertThat(after.get("reply").isNull()).as(after.toString()).isTrue();
    }

    @Test
    void aQueuedCommandIsTakenAtOnceOldestFirst() {
        JsonNode first = ok(admin.post("/api/v1/device/" + deviceSlug + "/rpc/", Map.of("method", "first")), 201).json();
        ok(admin.post("/api/v1/device/" + deviceSlug + "/rpc/", Map.of("method", "second")), 201);
        assertThat(first.get("status").asText()).isEqualTo("queued");

        JsonNode taken = ok(device.get(base + "/rpc?timeout=60000"), 200).json();
        assertThat(taken.get("id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(taken.get("method").asText()).isEqualTo("first");
        assertThat(ok(device.get(base + "/rpc"), 200).json().get("method").asText()).isEqualTo("second");
    }

    @Test
    void clientSideRpcBuiltIns() {
        long before = System.currentTimeMillis();
        JsonNode time = ok(device.post(base + "/rpc", Map.of("method", "getCurrentTime", "params", Map.of())), 200).json();
        long after = System.currentTimeMillis();
        // 1 s of slack either side: the wall clock may be stepped (NTP) between the readings.
        assertThat(time.get("time").asLong()).isBetween(before - 1000, after + 1000);
        JsonNode limits = ok(device.post(base + "/rpc", Map.of("method", "getSessionLimits")), 200).json();
        assertThat(limits.get("maxPayloadSize").asLong()).isPositive();
        assertError(device.post(base + "/rpc", Map.of("method", "noSuchMethod")), 404);
        assertError(device.post(base + "/rpc", Map.of("params", List.of())), 400);
    }

    @Test
    void claimIsAccepted() {
        emptyOk(device.post(base + "/claim", null));
        emptyOk(device.post(base + "/claim", Map.of("secretKey", "abc", "durationMs", 60000)));
        assertError(device.post(base + "/claim", Map.of("durationMs", "soon")), 400);
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
