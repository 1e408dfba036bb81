package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.MovableClock;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Firmware updates of ThingsBoard devices over the HTTP device API (issue 17, points 2 and 3): the device reads the
 * fw_* shared attributes, downloads {@code GET /api/v1/{token}/firmware} whole or in chunks, checks the SHA-256 and
 * reports fw_state with {@code POST /api/v1/{token}/telemetry}, which moves its deployment as over MQTT — and a rollout
 * whose devices report too many failures stops.
 */
class TbHttpFirmwareApiTest extends ApiTestSupport {
    private static final MovableClock CLOCK = new MovableClock(Instant.now());
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private OrgTeam t;
    private String project;

    @Override
    protected Clock clock() { return CLOCK; }

    @BeforeEach
    void world() {
        t = OrgTeam.of(admin, server.anonymous());
        project = Seed.project(admin, t.org()).get("slug").asText();
    }

    private static Map<String, Object> map(Object... kv) { return OrgTeam.map(kv); }

    private record Device(String slug, String base) {}

    /** A fleet of n new claimed devices: the fleet slug and the devices. */
    private List<Device> fleet(String fleet, int n) {
        List<Device> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode d = Seed.deviceIn(admin, project);
            ok(t.admin().api().post("/api/v1/fleet/" + fleet + "/register/", map("device", d.get("slug").asText())), 201);
            out.add(new Device(d.get("slug").asText(), "/api/v1/" + d.get("token").asText()));
        }
        return out;
    }

    private String newFleet() {
        return ok(t.admin().api().post("/api/v1/fleet/", map("org", t.org(), "name", Seed.unique("tb"))), 201).json().get("slug").asText();
    }

    /** A script of the org with this firmware: its view. */
    private JsonNode script(byte[] firmware) {
        String slug = ok(t.admin().api().post("/api/v1/ota/script/", map("org", t.org(), "name", Seed.unique("pump"), "major_version", 2,
                "minor_version", 1)), 201).json().get("slug").asText();
        Multipart form = new Multipart().file("file", "fw.bin", firmware);
        return ok(t.admin().api().sendBytes("POST", "/api/v1/ota/script/" + slug + "/file/", form.bytes(), form.contentType()), 201).json();
    }

    private long release(String script, String fleet, Object... rollout) {
        Map<String, Object> body = map(rollout);
        body.putAll(map("script", script, "fleet", fleet, "released", true));
        return ok(t.admin().api().post("/api/v1/ota/request/", body), 201).json().get("id").asLong();
    }

    private JsonNode view(long id) { return ok(t.member().api().get("/api/v1/ota/request/" + id + "/"), 200).json(); }

    private JsonNode progress(long id) { return view(id).get("progress"); }

    private void report(Device d, String json) {
        Api.Response r = server.anonymous().sendBytes("POST", d.base() + "/telemetry", json.getBytes(), "application/json");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private HttpResponse<byte[]> firmware(Device d, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(admin.base() + d.base() + "/firmware?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)); }

    @Test
    void aDeviceDownloadsItsFirmwareInChunksOverHttpChecksItAndReportsItsStateThere() throws Exception {
        byte[] firmware = new byte[150_000];
        new Random(11).nextBytes(firmware);
        JsonNode script = script(firmware);
        String fleet = newFleet();
        Device d = fleet(fleet, 1).get(0);
        long id = release(script.get("slug").asText(), fleet);

        JsonNode shared = ok(server.anonymous().get(d.base() + "/attributes?sharedKeys=fw_title,fw_version,fw_checksum,fw_checksum_algorithm,fw_size"),
                200).json().get("shared");
        String title = shared.get("fw_title").asText();
        String version = shared.get("fw_version").asText();
        assertThat(version).isEqualTo("v2.1.0");
        assertThat(shared.get("fw_size").asLong()).isEqualTo(firmware.length);
        String q = "title=" + title + "&version=" + version;

        report(d, "{\"fw_state\": \"DOWNLOADING\", \"current_fw_title\": \"Initial\", \"current_fw_version\": \"v0\"}");
        assertThat(progress(id).get("attempted").asInt()).as("moved before the telemetry was answered").isEqualTo(1);

        // In chunks of 64,000 bytes: three, the last one shorter, then an empty one past the end.
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int chunk = 0; ; chunk++) {
            HttpResponse<byte[]> r = firmware(d, q + "&size=64000&chunk=" + chunk);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/octet-stream"));
            assertThat(r.headers().firstValue("X-Checksum-SHA256")).hasValue(shared.get("fw_checksum").asText());
            if (r.body().length == 0) {
                assertThat(chunk).isEqualTo(3);
                break;
            }
            assertThat(r.body().length).isEqualTo(chunk < 2 ? 64_000 : 150_000 - 128_000);
            got.writeBytes(r.body());
        }
        assertThat(sha256(got.toByteArray())).isEqualTo(shared.get("fw_checksum").asText());
        // Without a size (the SDK's default chunk size 0): the whole file.
        HttpResponse<byte[]> whole = firmware(d, q);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(firmware);

        // Bad parameters are a 400 naming them; another firmware than the one deployed, a 404; a wrong token, a 401.
        for (String bad : List.of("version=" + version, "title=" + title, q + "&size=-1", q + "&size=lots", q + "&chunk=99999999")) {
            assertThat(firmware(d, bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(new String(firmware(d, q + "&size=x").body())).contains("size");
        JsonNode other = script("another firmware of the org".getBytes());
        assertThat(firmware(d, "title=" + other.get("name").asText() + "&version=v2.1.0").statusCode()).isEqualTo(404);
        assertThat(firmware(d, "title=" + title + "&version=v9.9.9").statusCode()).isEqualTo(404);
        assertThat(firmware(new Device(d.slug(), "/api/v1/not-a-token"), q).statusCode()).isEqualTo(401);

        report(d, "{\"fw_state\": \"UPDATED\", \"current_fw_title\": \"" + title + "\", \"current_fw_version\": \"" + version + "\"}");
        JsonNode done = view(id);
        assertThat(done.get("progress").get("confirmed").asInt()).isEqualTo(1);
        assertThat(done.get("completed_on").isNull()).isFalse();
        JsonNode actions = ok(t.member().api().get("/api/v1/ota/action/?request=" + id), 200).json().get("results");
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).get("device_confirmation").asBoolean()).isTrue();
        // Nothing is deployed to it any more.
        assertThat(firmware(d, q).statusCode()).isEqualTo(404);
    }

    @Test
    void failuresReportedOverHttpStopTheRolloutAtItsThreshold() {
        JsonNode script = script("tiny firmware".getBytes());
        String fleet = newFleet();
        List<Device> devices = fleet(fleet, 4);
        long id = release(script.get("slug").asText(), fleet, "max_devices_per_minute", 3, "max_failure_percent", 40, "min_failure_sample", 3);
        assertThat(progress(id).get("waiting").asInt()).isEqualTo(1);
        String version = "v2.1.0";
        report(devices.get(0), "{\"fw_state\": \"UPDATED\", \"current_fw_title\": \"" + script.get("name").asText() + "\", \"current_fw_version\": \"" + version + "\"}");
        report(devices.get(1), "{\"fw_state\": \"FAILED\", \"fw_error\": \"flash write failed\"}");
        assertThat(progress(id).get("failed").asInt()).isEqualTo(1);
        assertThat(view(id).get("rollout").asText()).isEqualTo("running");
        report(devices.get(2), "{\"fw_state\": \"FAILED\", \"fw_error\": \"checksum mismatch\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> view(id).get("rollout").asText().equals("stopped"));
        assertThat(view(id).get("rollout_reason").asText()).contains("2 of 3");
        CLOCK.advance(Duration.ofMinutes(2));
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(6)).until(() -> progress(id).get("waiting").asInt() == 1);
        JsonNode actions = ok(t.member().api().get("/api/v1/ota/action/?request=" + id), 200).json().get("results");
        assertThat(actions.toString()).contains("flash write failed").contains("checksum mismatch");
    }
}
