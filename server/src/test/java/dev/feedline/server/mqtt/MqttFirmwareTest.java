package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.feedline.server.api.Multipart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device following the ThingsBoard SDK's firmware flow (tb_device_mqtt.py): it subscribes to attribute pushes and to
 * {@code v2/fw/response/+} (which by MQTT's rules does not match the chunk topics: the server must deliver anyway), gets
 * the fw_* shared attributes in one push when a deployment is released, asks for chunks with the chunk size as payload
 * (empty when it has none), appends what arrives until it has fw_size bytes, checks the SHA-256 and reports fw_state.
 */
class MqttFirmwareTest extends MqttFixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Files up to 100,000 bytes are served from memory: the 150,000-byte firmware below is read from the file store per
     * chunk. Firmware is served at 200,000 bytes a second (after a first second's worth at once), which the other tests
     * barely notice and {@link #downloadsKeepToTheServingPace} measures.
     */
    @Override
    @BeforeAll
    void startFixture() throws Exception {
        f = MqttFixture.start(dir, Map.of("firmware.cache.file.bytes", "100000", "firmware.serve.bytes.per.second", String.valueOf(PACE)));
    }

    private static final int PACE = 200_000;

    /**
     * Chunks are answered at the serving pace: 800,000 bytes take at least (800,000 - one second's worth) / pace = 3 s
     * however fast the device asks (a lower bound, so the test cannot pass by luck; without the pace the same download
     * takes a fraction of a second here), and every byte still arrives in order.
     */
    @Test
    void downloadsKeepToTheServingPace() throws Exception {
        byte[] fw = new byte[800_000];
        new Random(11).nextBytes(fw);
        deployed(fw, (script, d, publishes) -> {
            long started = System.nanoTime();
            assertThat(download(d.client(), publishes, 2, fw.length, "")).isEqualTo(fw);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis((fw.length - PACE) * 1000L / PACE - 100));
        });
    }

    private record Device(String slug, Mqtt5BlockingClient client) {}

    /** A new device of acme in its own fleet, connected and subscribed as the SDK subscribes. */
    private Device device(String fleet) {
        JsonNode d = f.admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001", "label", "tb-" + UUID.randomUUID())).json();
        f.admin.post("/api/v1/fleet/" + fleet + "/register/", Map.of("device", d.get("slug").asText()));
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("tb-" + UUID.randomUUID()).serverHost("127.0.0.1").serverPort(f.port)
                .buildBlocking();
        c.connectWith().cleanStart(true).simpleAuth().username(d.get("token").asText()).applySimpleAuth().send();
        for (String t : List.of("v1/devices/me/attributes", "v1/devices/me/attributes/response/+", "v2/fw/response/+")) {
            c.subscribeWith().topicFilter(t).qos(MqttQos.AT_LEAST_ONCE).send();
        }
        return new Device(d.get("slug").asText(), c);
    }

    private String fleet() { return f.admin.post("/api/v1/fleet/", Map.of("org", "acme", "name", "tb " + UUID.randomUUID())).json().get("slug").asText(); }

    private JsonNode script(byte[] firmware) {
        String slug = f.admin.post("/api/v1/ota/script/", Map.of("org", "acme", "name", "pump-fw-" + UUID.randomUUID().toString().substring(0, 8),
                "major_version", 1, "minor_version", 4, "patch_version", 2)).json().get("slug").asText();
        Multipart form = new Multipart().file("file", "fw.bin", firmware);
        return f.admin.sendBytes("POST", "/api/v1/ota/script/" + slug + "/file/", form.bytes(), form.contentType()).json();
    }

    private static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes publishes, String topic) throws InterruptedException {
        Mqtt5Publish p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing on " + topic));
        assertThat(p.getTopic().toString()).isEqualTo(topic);
        return p;
    }

    private static void telemetry(Mqtt5BlockingClient c, String json) { MqttFixture.publish(c, "v1/devices/me/telemetry", json); }

    /** The SDK's download: chunk after chunk of the asked size until fw_size bytes arrived. */
    private static byte[] download(Mqtt5BlockingClient c, Mqtt5BlockingClient.Mqtt5Publishes publishes, int requestId, long size, String chunkSize)
            throws InterruptedException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int chunk = 0; data.size() < size; chunk++) {
            assertThat(chunk).isLessThan(1000);
            MqttFixture.publish(c, "v2/fw/request/" + requestId + "/chunk/" + chunk, chunkSize);
            byte[] bytes = next(publishes, "v2/fw/response/" + requestId + "/chunk/" + chunk).getPayloadAsBytes();
            assertThat(bytes.length).isPositive().isLessThanOrEqualTo(64 * 1024);
            data.writeBytes(bytes);
        }
        return data.toByteArray();
    }

    private JsonNode deployment(long id) { return f.admin.get("/api/v1/ota/request/" + id + "/").json(); }

    private long release(String script, String fleet) {
        return f.admin.post("/api/v1/ota/request/", Map.of("script", script, "fleet", fleet, "released", true)).json().get("id").asLong();
    }

    /** Releases the script to the fleet and waits for the device's announcement push: the deployment's id. */
    private long announced(String script, String fleet, Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        long id = release(script, fleet);
        next(publishes, "v1/devices/me/attributes");
        return id;
    }

    @Test
    void aThingsBoardDeviceDownloadsVerifiesAndConfirmsItsFirmware() throws Exception {
        byte[] firmware = new byte[150_000];
        new Random(7).nextBytes(firmware);
        JsonNode script = script(firmware);
        String fleet = fleet();
        Device d = device(fleet);
        try (var publishes = d.client().publishes(MqttGlobalPublishFilter.ALL)) {
            long id = release(script.get("slug").asText(), fleet);
            JsonNode info = JSON.readTree(next(publishes, "v1/devices/me/attributes").getPayloadAsBytes());
            assertThat(info.get("fw_title").asText()).isEqualTo(script.get("name").asText());
            assertThat(info.get("fw_version").asText()).isEqualTo("v1.4.2");
            assertThat(info.get("fw_checksum_algorithm").asText()).isEqualTo("SHA256");
            assertThat(info.get("fw_size").asLong()).isEqualTo(firmware.length);

            // The SDK asks for the attributes again, as it does on start.
            MqttFixture.publish(d.client(), "v1/devices/me/attributes/request/1",
                    "{\"sharedKeys\": \"fw_checksum,fw_checksum_algorithm,fw_size,fw_title,fw_version\"}");
            JsonNode shared = JSON.readTree(next(publishes, "v1/devices/me/attributes/response/1").getPayloadAsBytes()).get("shared");
            assertThat(shared.get("fw_checksum").asText()).isEqualTo(info.get("fw_checksum").asText());

            telemetry(d.client(), "{\"current_fw_title\": \"Initial\", \"current_fw_version\": \"v0\", \"fw_state\": \"DOWNLOADING\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment(id).get("progress").get("attempted").asInt() == 1);

            byte[] got = download(d.client(), publishes, 1, info.get("fw_size").asLong(), "4096");
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(got));
            assertThat(sha).isEqualTo(info.get("fw_checksum").asText());
            // Without a chunk size (the SDK's default) the file comes in chunks of at most 64 KiB, still summing to fw_size.
            assertThat(download(d.client(), publishes, 2, firmware.length, "")).isEqualTo(firmware);

            for (String state : List.of("DOWNLOADED", "VERIFIED", "UPDATING")) {
                telemetry(d.client(), "{\"current_fw_title\": \"Initial\", \"current_fw_version\": \"v0\", \"fw_state\": \"" + state + "\"}");
            }
            telemetry(d.client(), "{\"current_fw_title\": \"" + info.get("fw_title").asText() + "\", \"current_fw_version\": \"v1.4.2\", \"fw_state\": \"UPDATED\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment(id).get("progress").get("confirmed").asInt() == 1);
            assertThat(deployment(id).get("completed_on").isNull()).isFalse();
            JsonNode actions = f.admin.get("/api/v1/ota/action/?request=" + id).json().get("results");
            assertThat(actions).hasSize(1);
            assertThat(actions.get(0).get("device_confirmation").asBoolean()).isTrue();

            // Nothing is deployed to it any more: a chunk request is refused (and nothing is sent).
            assertThatThrownBy(() -> d.client().publishWith().topic("v2/fw/request/3/chunk/0").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("4096".getBytes(StandardCharsets.UTF_8)).send()).isInstanceOf(Mqtt5PubAckException.class);
            assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            d.client().disconnect();
        }
    }

    /** Chunk 0 (4 KiB) as the device gets it now: its SHA-256 (short failure messages). */
    private static String firstChunk(Device d, Mqtt5BlockingClient.Mqtt5Publishes publishes, int requestId) throws Exception {
        MqttFixture.publish(d.client(), "v2/fw/request/" + requestId + "/chunk/0", "4096");
        return sha256(next(publishes, "v2/fw/response/" + requestId + "/chunk/0").getPayloadAsBytes());
    }

    private static String sha256(byte[] b) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)); }

    private static byte[] firmware(int seed) {
        byte[] b = new byte[20_000];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String head(byte[] firmware) throws Exception { return sha256(java.util.Arrays.copyOf(firmware, 4096)); }

    /**
     * A download's offer and a small firmware's bytes are remembered between chunks; every change that ends or
     * replaces what the device is to download shows in its very next chunk request, without waiting.
     */
    @Test
    void aChunkRequestSeesANewFileANewDeploymentAndACancelAtOnce() throws Exception {
        byte[] first = firmware(1);
        JsonNode script = script(first);
        String fleet = fleet();
        Device d = device(fleet);
        try (var publishes = d.client().publishes(MqttGlobalPublishFilter.ALL)) {
            long a = announced(script.get("slug").asText(), fleet, publishes);
            assertThat(firstChunk(d, publishes, 1)).isEqualTo(head(first));
            assertThat(firstChunk(d, publishes, 1)).isEqualTo(head(first));

            // A new file for the deployed script.
            byte[] replaced = firmware(2);
            Multipart form = new Multipart().file("file", "fw.bin", replaced);
            f.admin.sendBytes("POST", "/api/v1/ota/script/" + script.get("slug").asText() + "/file/", form.bytes(), form.contentType());
            assertThat(firstChunk(d, publishes, 2)).isEqualTo(head(replaced));

            // A newer deployment with another firmware: served as soon as the device is told of it.
            byte[] newer = firmware(3);
            long b = announced(script(newer).get("slug").asText(), fleet, publishes);
            assertThat(firstChunk(d, publishes, 3)).isEqualTo(head(newer));

            // Cancelled, the newer one is gone and the older one is offered again; both cancelled, nothing is.
            f.admin.post("/api/v1/ota/request/" + b + "/cancel/", Map.of());
            assertThat(firstChunk(d, publishes, 4)).isEqualTo(head(replaced));
            f.admin.post("/api/v1/ota/request/" + a + "/cancel/", Map.of());
            assertThatThrownBy(() -> d.client().publishWith().topic("v2/fw/request/5/chunk/0").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("4096".getBytes(StandardCharsets.UTF_8)).send()).isInstanceOf(Mqtt5PubAckException.class);
            assertThat(publishes.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            d.client().disconnect();
        }
    }

    private interface AfterFirstChunk {
        void run(String script, Device d, Mqtt5BlockingClient.Mqtt5Publishes publishes) throws Exception;
    }

    /** A new device of its own fleet is given the firmware and gets chunk 0 of it; then the rest of the test runs. */
    private void deployed(byte[] fw, AfterFirstChunk rest) throws Exception {
        String script = script(fw).get("slug").asText();
        String fleet = fleet();
        Device d = device(fleet);
        try (var publishes = d.client().publishes(MqttGlobalPublishFilter.ALL)) {
            announced(script, fleet, publishes);
            assertThat(firstChunk(d, publishes, 1)).isEqualTo(head(fw));
            rest.run(script, d, publishes);
        } finally {
            d.client().disconnect();
        }
    }

    /**
     * A small firmware is read from the file store once and served from memory: with its file gone from the data
     * directory after the first chunk, the download still completes (each chunk used to open the file).
     */
    @Test
    void aSmallFirmwareIsReadOnceForAWholeDownload() throws Exception {
        byte[] fw = firmware(5);
        deployed(fw, (script, d, publishes) -> {
            try (var files = java.nio.file.Files.list(dir.resolve("files").resolve("ota"))) {
                List<java.nio.file.Path> stored = files.filter(p -> p.getFileName().toString().startsWith(script + "-")).toList();
                assertThat(stored).hasSize(1);
                java.nio.file.Files.delete(stored.get(0));
            }
            assertThat(download(d.client(), publishes, 2, fw.length, "4096")).isEqualTo(fw);
        });
    }

    /** The answer topic is subscribed once per session: a device that drops it (or never had it) still gets its chunks. */
    @Test
    void aDeviceThatUnsubscribedTheAnswersStillGetsThem() throws Exception {
        byte[] fw = firmware(4);
        deployed(fw, (script, d, publishes) -> {
            d.client().unsubscribeWith().topicFilter("v2/fw/response/+/chunk/+").send();
            assertThat(firstChunk(d, publishes, 2)).isEqualTo(head(fw));
            assertThat(download(d.client(), publishes, 3, fw.length, "")).isEqualTo(fw);
        });
    }

    @Test
    void aFailedReportFailsTheDeviceWithItsError() throws Exception {
        JsonNode script = script("tiny firmware".getBytes(StandardCharsets.UTF_8));
        String fleet = fleet();
        Device d = device(fleet);
        try (var publishes = d.client().publishes(MqttGlobalPublishFilter.ALL)) {
            long id = announced(script.get("slug").asText(), fleet, publishes);
            telemetry(d.client(), "{\"fw_state\": \"DOWNLOADING\"}");
            assertThat(download(d.client(), publishes, 1, 13, "")).hasSize(13);
            telemetry(d.client(), "{\"fw_state\": \"FAILED\", \"fw_error\": \"checksum mismatch\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment(id).get("progress").get("failed").asInt() == 1);
            JsonNode actions = f.admin.get("/api/v1/ota/action/?request=" + id).json().get("results");
            assertThat(actions.get(0).get("attempt_successful").asBoolean()).isFalse();
            assertThat(actions.get(0).get("log").asText()).contains("checksum mismatch");

            // An UPDATED with another version than deployed is a failure too, not a confirmation.
            telemetry(d.client(), "{\"fw_state\": \"UPDATED\", \"current_fw_version\": \"v0.9.0\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> f.admin.get("/api/v1/ota/action/?request=" + id).json().get("count").asInt() == 2);
            assertThat(deployment(id).get("progress").get("failed").asInt()).isEqualTo(1);

            // Bad chunk requests are refused without an answer; the device's flow is unaffected.
            for (String[] bad : new String[][] {{"v2/fw/request/1/chunk/0", "lots"}, {"v2/fw/request/1/chunk/0", "-5"}, {"v2/fw/request/1/chunk/99999999", "1"}}) {
                assertThatThrownBy(() -> d.client().publishWith().topic(bad[0]).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(bad[1].getBytes(StandardCharsets.UTF_8)).send()).as(bad[0] + " " + bad[1]).isInstanceOf(Mqtt5PubAckException.class);
            }
            assertThat(publishes.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            d.client().disconnect();
        }
    }
}
