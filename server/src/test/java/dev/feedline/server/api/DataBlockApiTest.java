package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.block.BlockJobs;
import dev.feedline.model.Slugs;
import dev.feedline.server.Api;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data blocks end to end: a device with data in every kind of object is archived by the job behind POST
 * /api/v1/datablock/, the block's data reads back through the usual filters, the device is reused with fresh streams,
 * a second run of the job changes nothing, and PATCH, DELETE and bad input behave.
 */
class DataBlockApiTest extends ApiTestSupport {
    private static final byte[] FILE = "raw event bytes".getBytes(StandardCharsets.UTF_8);

    String org;
    String pslug;
    String dslug;
    long deviceId;
    String streamA;
    String streamB;

    @BeforeEach
    void world() {
        org = Seed.org(admin);
        pslug = Seed.project(admin, org).get("slug").asText();
        dslug = Seed.deviceIn(admin, pslug).get("slug").asText();
        deviceId = Slugs.parseDevice(dslug);
        streamA = Seed.stream(pslug, dslug, "5001");
        streamB = Seed.stream(pslug, dslug, "5002");
    }

    /** Points in two streams, an event with a file, notes on the device and a stream, a location, two properties. */
    private long fillDevice() {
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < 3; i++) points.add(Seed.point(streamA, "2024-05-01T10:0" + i + ":00Z", 10 + i));
        for (int i = 0; i < 2; i++) points.add(Seed.point(streamB, "2024-05-01T10:0" + i + ":00Z", 20.5 + i));
        ok(admin.post("/api/v1/data/", points), 201);
        Multipart mp = new Multipart().field("stream", streamA).field("timestamp", "2024-05-01T10:05:00Z").file("file", "x.bin", FILE);
        long eventId = ok(admin.sendBytes("POST", "/api/v1/event/upload/", mp.bytes(), mp.contentType()), 201).json().get("id").asLong();
        ok(admin.post("/api/v1/note/", Map.of("target", dslug, "note", "trip started", "timestamp", "2024-05-01T09:00:00Z")), 201);
        ok(admin.post("/api/v1/note/", Map.of("target", streamA, "note", "sensor A cleaned", "timestamp", "2024-05-01T09:30:00Z")), 201);
        ok(admin.post("/api/v1/location/", Map.of("target", dslug, "lat", 45.5, "lon", 7.25, "timestamp", "2024-05-01T10:00:00Z")), 201);
        ok(admin.post("/api/v1/property/", Map.of("target", dslug, "name", "cargo", "str_value", "apples")), 201);
        ok(admin.post("/api/v1/property/", Map.of("target", dslug, "name", "model", "str_value", "X1", "is_system", true)), 201);
        return eventId;
    }

    private JsonNode archive(Map<String, Object> body) {
        JsonNode block = ok(admin.post("/api/v1/datablock/", body), 201).json();
        awaitJob(block.get("pid").asText());
        return block;
    }

    private void awaitJob(String pid) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ok(admin.get("/api/v1/pid/?pid=" + pid), 200).json().get("status").asText().equals("done"));
    }

    private List<JsonNode> results(Api.Response r) {
        List<JsonNode> out = new ArrayList<>();
        ok(r, 200).json().get("results").forEach(out::add);
        return out;
    }

    @Test
    void archivesEveryKindOfDataAndTheDeviceIsReusedWithFreshStreams() {
        long eventId = fillDevice();
        String alias = ok(admin.post("/api/v1/alias/", Map.of("org", org, "name", "trip")), 201).json().get("slug").asText();
        ok(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T00:00:00Z", "stream", streamA)), 201);
        Map<String, Object> request = new HashMap<>();
        request.put("device", dslug);
        request.put("title", "Trip 1");
        request.put("description", "Turin to Lyon");
        request.put("on_complete", Map.of("device", Map.of("state", "N0", "label", "ready for trip 2")));
        JsonNode created = ok(admin.post("/api/v1/datablock/", request), 201).json();
        String bslug = Slugs.block(deviceId, 1);
        assertThat(created.get("slug").asText()).isEqualTo(bslug);
        assertThat(created.get("block").asInt()).isEqualTo(1);
        assertThat(created.get("device").asText()).isEqualTo(dslug);
        assertThat(created.get("org").asText()).isEqualTo(org);
        assertThat(created.get("pid").asText()).isNotBlank();
        awaitJob(created.get("pid").asText());

        JsonNode block = ok(admin.get("/api/v1/datablock/" + bslug + "/"), 200).json();
        assertThat(block.get("state").asText()).isEqualTo("ready");
        assertThat(block.get("title").asText()).isEqualTo("Trip 1");
        assertThat(block.get("description").asText()).isEqualTo("Turin to Lyon");
        assertThat(block.hasNonNull("completed_on")).isTrue();

        // The block's data, through the usual filters: its streams' slugs carry the block number in the device part.
        String blockA = "s--" + pslug.substring(3) + "--" + bslug.substring(3) + "--5001";
        String blockB = "s--" + pslug.substring(3) + "--" + bslug.substring(3) + "--5002";
        assertThat(Seed.count(admin, bslug)).isEqualTo(5);
        List<JsonNode> a = results(admin.get("/api/v1/data/?filter=" + blockA));
        assertThat(a).extracting(p -> p.get("int_value").asLong()).containsExactly(10L, 11L, 12L);
        assertThat(a).extracting(p -> p.get("device").asText()).containsOnly(bslug);
        assertThat(a).extracting(p -> p.get("stream").asText()).containsOnly(blockA);
        assertThat(results(admin.get("/api/v1/data/?filter=" + blockB))).extracting(p -> p.get("value").asDouble()).containsExactly(20.5, 21.5);
        List<JsonNode> events = results(admin.get("/api/v1/event/?filter=" + bslug));
        assertThat(events).extracting(e -> e.get("id").asLong()).containsExactly(eventId);
        assertThat(events.get(0).get("stream").asText()).isEqualTo(blockA);
        assertThat(ok(admin.get("/api/v1/event/" + eventId + "/data/"), 200).body()).isEqualTo(new String(FILE, StandardCharsets.UTF_8));
        assertThat(results(admin.get("/api/v1/note/?target=" + bslug))).extracting(n -> n.get("note").asText()).containsExactly("trip started");
        assertThat(results(admin.get("/api/v1/note/?target=" + blockA))).extracting(n -> n.get("note").asText()).containsExactly("sensor A cleaned");
        List<JsonNode> locations = results(admin.get("/api/v1/location/?target=" + bslug));
        assertThat(locations).extracting(l -> l.get("lat").asDouble()).containsExactly(45.5);
        assertThat(locations.get(0).get("target").asText()).isEqualTo(bslug);
        assertThat(results(admin.get("/api/v1/property/?target=" + bslug))).extracting(p -> p.get("name").asText()).containsExactly("cargo", "model");
        assertThat(ok(admin.get("/api/v1/datablock/" + bslug + "/properties/"), 200).json()).hasSize(2);
        List<JsonNode> blockStreams = results(admin.get("/api/v1/stream/?block=" + bslug));
        assertThat(blockStreams).extracting(s -> s.get("slug").asText()).containsExactlyInAnyOrder(blockA, blockB);
        assertThat(blockStreams).extracting(s -> s.get("block").asText()).containsOnly(bslug);
        assertThat(blockStreams).extracting(s -> s.get("device").asText()).containsOnly(dslug);
        assertThat(Seed.count(admin, alias)).as("a tap follows its stream into the block").isEqualTo(3);
        JsonNode sum = ok(admin.get("/api/v1/stream/" + blockA + "/aggregate/?bucket=1d&fn=sum&start=2024-05-01T00:00:00Z&end=2024-05-02T00:00:00Z"), 200).json();
        assertThat(sum.toString()).contains("33");

        // The device: fresh, empty streams under the old slugs, its user note and location gone, on_complete applied.
        JsonNode device = ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json();
        assertThat(device.get("state").asText()).isEqualTo("N0");
        assertThat(device.get("label").asText()).isEqualTo("ready for trip 2");
        assertThat(device.get("busy").asBoolean()).isFalse();
        assertThat(Seed.count(admin, dslug)).isZero();
        assertThat(results(admin.get("/api/v1/event/?filter=" + dslug))).isEmpty();
        assertThat(results(admin.get("/api/v1/location/?target=" + dslug))).isEmpty();
        assertThat(results(admin.get("/api/v1/note/?target=" + dslug))).extracting(n -> n.get("note").asText())
                .containsExactly("Device data was archived. Datablock ID: " + bslug);
        assertThat(results(admin.get("/api/v1/note/?target=" + streamA))).isEmpty();
        assertThat(results(admin.get("/api/v1/property/?target=" + dslug))).extracting(p -> p.get("name").asText()).containsExactly("model");
        List<JsonNode> fresh = results(admin.get("/api/v1/stream/?device=" + dslug));
        assertThat(fresh).extracting(s -> s.get("slug").asText()).containsExactlyInAnyOrder(streamA, streamB);
        assertThat(fresh).extracting(s -> s.get("id").asLong()).doesNotContainAnyElementsOf(blockStreams.stream().map(s -> s.get("id").asLong()).toList());

        // Reused: new data goes to the fresh streams, the archive keeps its own.
        ok(admin.post("/api/v1/data/", List.of(Seed.point(streamA, "2024-06-01T10:00:00Z", 99), Seed.point(Seed.stream(pslug, dslug, "5003"), "2024-06-01T10:00:00Z", 1))), 201);
        assertThat(Seed.count(admin, dslug)).isEqualTo(2);
        assertThat(Seed.count(admin, bslug)).isEqualTo(5);

        // The job again (as after a crash between its commit and its completion): nothing changes.
        String again = server.server().jobs().enqueue(BlockJobs.ARCHIVE, orgId(), "{\"block\":" + created.get("id").asLong()
                + ",\"on_complete\":{\"device\":{\"state\":\"N9\"}}}");
        awaitJob(again);
        assertThat(Seed.count(admin, dslug)).isEqualTo(2);
        assertThat(Seed.count(admin, bslug)).isEqualTo(5);
        assertThat(ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json().get("state").asText()).isEqualTo("N0");
        assertThat(results(admin.get("/api/v1/note/?target=" + dslug))).hasSize(1);

        // Lists, by device, project and org.
        assertThat(results(admin.get("/api/v1/datablock/?device=" + dslug))).extracting(b -> b.get("slug").asText()).containsExactly(bslug);
        assertThat(results(admin.get("/api/v1/datablock/?project=" + pslug))).extracting(b -> b.get("slug").asText()).containsExactly(bslug);
        assertThat(results(admin.get("/api/v1/datablock/?org=" + org))).extracting(b -> b.get("slug").asText()).containsExactly(bslug);
        JsonNode counts = ok(admin.get("/api/v1/org/" + org + "/extra/"), 200).json().get("counts");
        assertThat(counts.get("datablocks").asInt()).isEqualTo(1);
        assertThat(counts.get("devices").asInt()).as("a count asked with a page of size 0").isEqualTo(1);

        // An archive is read-only.
        assertError(admin.post("/api/v1/data/", Seed.point(blockA, "2024-06-01T11:00:00Z", 1)), 400);
        assertThat(Seed.count(admin, bslug)).isEqualTo(5);

        // A second trip gets block 2.
        JsonNode second = archive(Map.of("device", dslug, "title", "Trip 2"));
        assertThat(second.get("slug").asText()).isEqualTo(Slugs.block(deviceId, 2));
        assertThat(Seed.count(admin, second.get("slug").asText())).isEqualTo(2);
        assertThat(Seed.count(admin, dslug)).isZero();
    }

    private long orgId() {
        return server.server().services().lookup().org(server.server().services().authenticator().authenticate(admin.authorization()),
                org, dev.feedline.model.Role.VIEWER).id();
    }

    @Test
    void patchChangesTitleAndDescriptionOnlyAndDeleteRemovesTheBlockWithItsData() {
        long eventId = fillDevice();
        String bslug = archive(Map.of("device", dslug, "title", "Trip 1")).get("slug").asText();
        String blockA = "s--" + pslug.substring(3) + "--" + bslug.substring(3) + "--5001";

        JsonNode patched = ok(admin.patch("/api/v1/datablock/" + bslug + "/", Map.of("title", "Trip one", "description", "renamed")), 200).json();
        assertThat(patched.get("title").asText()).isEqualTo("Trip one");
        assertThat(patched.get("description").asText()).isEqualTo("renamed");
        assertError(admin.patch("/api/v1/datablock/" + bslug + "/", Map.of("title", "x", "block", 7)), 400);
        assertError(admin.patch("/api/v1/datablock/" + bslug + "/", Map.of("title", " ")), 400);
        assertThat(ok(admin.get("/api/v1/datablock/" + bslug + "/"), 200).json().get("title").asText()).isEqualTo("Trip one");

        // Viewers read; they neither change nor delete.
        Seed.Member viewer = Seed.member(admin, server.anonymous(), org, "viewer");
        ok(viewer.api().get("/api/v1/datablock/" + bslug + "/"), 200);
        assertError(viewer.api().patch("/api/v1/datablock/" + bslug + "/", Map.of("title", "mine")), 403);
        assertError(viewer.api().delete("/api/v1/datablock/" + bslug + "/"), 403);

        JsonNode deleting = ok(admin.delete("/api/v1/datablock/" + bslug + "/"), 202).json();
        assertThat(deleting.get("state").asText()).isEqualTo("deleting");
        awaitJob(deleting.get("pid").asText());
        assertError(admin.get("/api/v1/datablock/" + bslug + "/"), 404);
        assertError(admin.get("/api/v1/data/?filter=" + blockA), 404);
        assertError(admin.get("/api/v1/event/" + eventId + "/"), 404);
        assertError(admin.get("/api/v1/note/?target=" + bslug), 404);
        assertThat(results(admin.get("/api/v1/datablock/?device=" + dslug))).isEmpty();
        // The device and its fresh streams are untouched; its next block takes the number again.
        assertThat(results(admin.get("/api/v1/stream/?device=" + dslug))).hasSize(2);
        assertThat(results(admin.get("/api/v1/property/?target=" + dslug))).extracting(p -> p.get("name").asText()).containsExactly("model");
    }

    @Test
    void deletingTheDeviceDeletesItsBlocksWithTheirData() {
        fillDevice();
        String bslug = archive(Map.of("device", dslug, "title", "Trip 1")).get("slug").asText();
        String blockA = "s--" + pslug.substring(3) + "--" + bslug.substring(3) + "--5001";
        ok(admin.delete("/api/v1/device/" + dslug + "/"), 204);
        assertError(admin.get("/api/v1/datablock/" + bslug + "/"), 404);
        assertError(admin.get("/api/v1/stream/" + blockA + "/"), 404);
        assertThat(results(admin.get("/api/v1/stream/?project=" + pslug))).isEmpty();
    }

    @Test
    void exportsAndRetentionTreatBlockStreamsLikeAnyOther() {
        fillDevice();
        String bslug = archive(Map.of("device", dslug, "title", "Trip 1")).get("slug").asText();
        String blockA = "s--" + pslug.substring(3) + "--" + bslug.substring(3) + "--5001";
        String csv = ok(admin.get("/api/v1/df/?filter=" + bslug + "&format=csv"), 200).body();
        assertThat(csv.lines().filter(l -> l.contains(blockA))).hasSize(3);
        assertThat(csv.lines().skip(1)).hasSize(5);

        String recent = java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        ok(admin.post("/api/v1/data/", Seed.point(streamA, recent, 1)), 201);
        ok(admin.patch("/api/v1/org/" + org + "/", Map.of("retention_days", 30)), 200);
        server.server().retention().run();
        assertThat(Seed.count(admin, bslug)).isZero();
        assertThat(Seed.count(admin, dslug)).isEqualTo(1);
    }

    @Test
    void badRequestsAreRefusedAndStoreNothing() {
        fillDevice();
        String foreignOrg = Seed.org(admin);
        Seed.Member outsider = Seed.member(admin, server.anonymous(), foreignOrg, "admin");
        assertError(admin.post("/api/v1/datablock/", Map.of("device", "d--0000-0000-00ff-fff0", "title", "x")), 404);
        assertError(outsider.api().post("/api/v1/datablock/", Map.of("device", dslug, "title", "x")), 404);
        assertError(admin.post("/api/v1/datablock/", Map.of("device", dslug)), 400);
        assertError(admin.post("/api/v1/datablock/", Map.of("title", "x")), 400);
        assertError(admin.post("/api/v1/datablock/", Map.of("device", dslug, "title", "x", "on_complete", Map.of("device", Map.of("colour", "red")))), 400);
        assertError(admin.post("/api/v1/datablock/", Map.of("device", dslug, "title", "x", "on_complete", Map.of("fleet", Map.of()))), 400);
        assertError(admin.post("/api/v1/datablock/", Map.of("device", dslug, "title", "x", "on_complete", Map.of("device", Map.of("active", "no")))), 400);
        assertError(admin.post("/api/v1/datablock/", Map.of("device", dslug, "title", "x", "on_complete", "N1")), 400);
        assertError(admin.get("/api/v1/datablock/b--0001-0000-0000-0000/"), 404);
        assertError(admin.get("/api/v1/datablock/not-a-slug/"), 404);
        assertError(outsider.api().get("/api/v1/datablock/?device=" + dslug), 404);
        assertThat(results(admin.get("/api/v1/datablock/?device=" + dslug))).isEmpty();
        assertThat(Seed.count(admin, dslug)).isEqualTo(5);
        assertThat(ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json().get("busy").asBoolean()).isFalse();
    }

    @Test
    void aBusyDeviceRefusesAnotherArchiveUnclaimAndDeleteButItsDataIsNeitherRefusedNorLost() throws Exception {
        fillDevice();
        // Hold the ingest writer, which the archive job needs, so the block stays ARCHIVING.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.server().services().ingest().runOnWriter(() -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        JsonNode block;
        java.util.concurrent.CompletableFuture<Api.Response> duringArchive;
        try {
            block = ok(admin.post("/api/v1/datablock/", Map.of("device", dslug, "title", "Trip 1")), 201).json();
            assertThat(block.get("state").asText()).isEqualTo("archiving");
            assertThat(ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json().get("busy").asBoolean()).isTrue();
            assertError(admin.post("/api/v1/datablock/", Map.of("device", dslug, "title", "Trip 1 again")), 409);
            assertError(admin.post("/api/v1/device/" + dslug + "/unclaim/", Map.of()), 409);
            assertError(admin.delete("/api/v1/device/" + dslug + "/"), 409);
            assertError(admin.delete("/api/v1/datablock/" + block.get("slug").asText() + "/"), 409);
            assertThat(results(admin.get("/api/v1/datablock/?device=" + dslug))).hasSize(1);
            // Data sent meanwhile is accepted (its answer waits for its commit, like any write behind a busy writer).
            duringArchive = java.util.concurrent.CompletableFuture.supplyAsync(() -> admin.post("/api/v1/data/", Seed.point(streamA, "2024-05-01T11:00:00Z", 7)));
        } finally {
            release.countDown();
        }
        awaitJob(block.get("pid").asText());
        assertThat(ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json().get("busy").asBoolean()).isFalse();
        ok(duringArchive.get(30, TimeUnit.SECONDS), 201);
        // It went to the block or to the fresh stream, depending on whether it was queued before the move: once, either way.
        assertThat(Seed.count(admin, block.get("slug").asText()) + Seed.count(admin, dslug)).isEqualTo(6);
        assertThat(Seed.count(admin, block.get("slug").asText())).isGreaterThanOrEqualTo(5);
    }
}
