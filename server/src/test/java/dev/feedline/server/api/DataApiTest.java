package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataApiTest extends ApiTestSupport {
    static final class Json {
        static JsonNode tree(String text) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    String org;
    JsonNode project;
    String pslug;
    JsonNode device;
    String dslug;
    String stream;

    @BeforeEach
    void world() {
        org = Seed.org(admin);
        project = Seed.project(admin, org);
        pslug = project.get("slug").asText();
        Seed.variable(admin, pslug, "temp", "5001");
        device = Seed.deviceIn(admin, pslug);
        dslug = device.get("slug").asText();
        stream = Seed.stream(pslug, dslug, "5001");
    }

    private List<JsonNode> results(String path) {
        List<JsonNode> out = new ArrayList<>();
        ok(admin.get(path), 200).json().get("results").forEach(out::add);
        return out;
    }

    @Test
    void singlePostEchoesTheRecordAndListPostCounts() {
        JsonNode rec = ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:00Z", 42)), 201).json();
        assertThat(rec.get("stream").asText()).isEqualTo(stream);
        assertThat(rec.get("project").asText()).isEqualTo(pslug);
        assertThat(rec.get("device").asText()).isEqualTo(dslug);
        assertThat(rec.get("variable").asText()).isEqualTo("v--" + pslug.substring(3) + "--5001");
        assertThat(rec.get("type").asText()).isEqualTo("Num");
        assertThat(rec.get("timestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(rec.get("int_value").asLong()).isEqualTo(42);
        assertThat(rec.get("value").asDouble()).isEqualTo(42.0);

        JsonNode many = ok(admin.post("/api/v1/data/", List.of(
                Seed.point(stream, "2024-05-01T10:01:00Z", 43),
                Map.of("stream", stream, "timestamp", "2024-05-01T10:02:00Z", "int_value", 44, "type", "Num"))), 201).json();
        assertThat(many.get("count").asInt()).isEqualTo(2);
        assertThat(Seed.count(admin, stream)).isEqualTo(3);
    }

    @Test
    void duplicateStreamAndTimestampKeepsOnePointWithTheLastValue() {
        ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:00Z", 1)), 201);
        ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:00Z", 2)), 201);
        ok(admin.post("/api/v1/data/", List.of(Seed.point(stream, "2024-05-01T10:00:00.000Z", 3))), 201);
        List<JsonNode> rows = results("/api/v1/data/?filter=" + stream);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("value").asDouble()).isEqualTo(3.0);
        // within one list the last one wins too
        ok(admin.post("/api/v1/data/", List.of(Seed.point(stream, "2024-05-01T11:00:00Z", 7), Seed.point(stream, "2024-05-01T11:00:00Z", 8))), 201);
        rows = results("/api/v1/data/?filter=" + stream);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get("value").asDouble()).isEqualTo(8.0);
    }

    @Test
    void aDeletedStreamWrittenToByAShortSlugIsRecreatedFresh() {
        String shortSlug = stream.replace("0000-", "").toUpperCase(java.util.Locale.ROOT);
        assertThat(shortSlug).isNotEqualTo(stream);
        ok(admin.post("/api/v1/data/", Seed.point(shortSlug, "2024-05-01T10:00:00Z", 1)), 201);
        String oldId = ok(admin.get("/api/v1/stream/" + stream + "/"), 200).json().get("id").asText();
        assertThat(admin.delete("/api/v1/stream/" + stream + "/").status()).isEqualTo(204);

        // the short form must not resolve to the deleted stream's id through a cache entry of its own
        ok(admin.post("/api/v1/data/", Seed.point(shortSlug, "2024-05-01T11:00:00Z", 2)), 201);
        assertThat(ok(admin.get("/api/v1/stream/" + stream + "/"), 200).json().get("id").asText()).isNotEqualTo(oldId);
        assertThat(results("/api/v1/data/?filter=" + stream)).extracting(p -> p.get("int_value").asInt()).containsExactly(2);
    }

    @Test
    void deviceTokenIngestsOnlyIntoItsOwnStreams() {
        Api dev = server.anonymous().as("Token " + device.get("token").asText());
        ok(dev.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:00Z", 1)), 201);
        // new variable lid: stream created on first data
        ok(dev.post("/api/v1/data/", Seed.point(Seed.stream(pslug, dslug, "5002"), "2024-05-01T10:00:00Z", 1)), 201);
        ok(server.anonymous().as("token " + device.get("token").asText()).post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:01Z", 1)), 201);

        JsonNode other = Seed.deviceIn(admin, pslug);
        String otherStream = Seed.stream(pslug, other.get("slug").asText(), "5001");
        assertError(dev.post("/api/v1/data/", Seed.point(otherStream, "2024-05-01T10:00:00Z", 1)), 404);
        assertError(dev.post("/api/v1/data/", List.of(Seed.point(stream, "2024-05-01T10:05:00Z", 1), Seed.point(otherStream, "2024-05-01T10:00:00Z", 1))), 404);
        assertThat(Seed.count(admin, otherStream)).isZero();
        assertThat(Seed.count(admin, stream)).isEqualTo(2);
        // a device token is not a user: it cannot read
        assertThat(dev.get("/api/v1/data/?filter=" + stream).status()).isEqualTo(401);
        assertThat(ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json().get("last_seen").isNull()).isFalse();
    }

    @Test
    void queryByEverySlugKindWithRangeLastnAndPagination() {
        Seed.variable(admin, pslug, "hum", "5002");
        String s2 = Seed.stream(pslug, dslug, "5002");
        JsonNode dev2 = Seed.deviceIn(admin, pslug);
        String s3 = Seed.stream(pslug, dev2.get("slug").asText(), "5001");
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) points.add(Seed.point(stream, String.format("2024-05-01T10:%02d:00Z", i), i));
        for (int i = 0; i < 4; i++) points.add(Seed.point(s2, String.format("2024-05-01T10:%02d:00Z", i), 100 + i));
        for (int i = 0; i < 3; i++) points.add(Seed.point(s3, String.format("2024-05-01T10:%02d:00Z", i), 200 + i));
        ok(admin.post("/api/v1/data/", points), 201);

        assertThat(Seed.count(admin, stream)).isEqualTo(10);
        assertThat(Seed.count(admin, dslug)).isEqualTo(14);
        assertThat(Seed.count(admin, "v--" + pslug.substring(3) + "--5001")).isEqualTo(13);
        assertThat(Seed.count(admin, pslug)).isEqualTo(17);
        assertThat(ok(admin.get("/api/v1/data/"), 200).json().get("count").asInt()).isZero();

        List<JsonNode> ranged = results("/api/v1/data/?filter=" + stream + "&start=2024-05-01T10:02:00Z&end=2024-05-01T10:05:00Z");
        assertThat(ranged).extracting(n -> n.get("int_value").asInt()).containsExactly(2, 3, 4);
        List<JsonNode> last = results("/api/v1/data/?filter=" + stream + "&lastn=3");
        assertThat(last).extracting(n -> n.get("int_value").asInt()).containsExactly(7, 8, 9);
        assertError(admin.get("/api/v1/data/?filter=" + stream + "&lastn=0"), 400);
        assertError(admin.get("/api/v1/data/?filter=" + stream + "&lastn=100001"), 400);
        assertError(admin.get("/api/v1/data/?filter=" + stream + "&start=yesterday"), 400);
        assertError(admin.get("/api/v1/data/?filter=x--1"), 400);

        // pagination with absolute next/previous URLs
        JsonNode page1 = ok(admin.get("/api/v1/data/?filter=" + stream + "&page_size=4"), 200).json();
        assertThat(page1.get("count").asInt()).isEqualTo(10);
        assertThat(page1.get("results")).hasSize(4);
        assertThat(page1.get("previous").isNull()).isTrue();
        String next = page1.get("next").asText();
        assertThat(next).startsWith(server.baseUrl() + "/api/v1/data/").contains("page=2").contains("page_size=4");
        JsonNode page2 = ok(admin.get(next), 200).json();
        assertThat(page2.get("results").get(0).get("int_value").asInt()).isEqualTo(4);
        assertThat(URI.create(page2.get("previous").asText()).getQuery()).contains("page=1");
        JsonNode page3 = ok(admin.get(page2.get("next").asText()), 200).json();
        assertThat(page3.get("results")).hasSize(2);
        assertThat(page3.get("next").isNull()).isTrue();
        assertError(admin.get("/api/v1/data/?filter=" + stream + "&page_size=4&page=4"), 404);

        // /stream/{slug}/data/
        JsonNode sd = ok(admin.get("/api/v1/stream/" + stream + "/data/?lastn=2"), 200).json();
        assertThat(sd.get("count").asInt()).isEqualTo(2);
        JsonNode first = sd.get("results").get(0);
        assertThat(first.get("int_value").asInt()).isEqualTo(8);
        assertThat(first.get("timestamp").asText()).isEqualTo("2024-05-01T10:08:00Z");
        assertThat(first.get("display_value").asText()).isEqualTo("8");
        assertThat(first.has("output_value")).isTrue();
        assertThat(ok(admin.get("/api/v1/stream/" + s2 + "/data/?start=2024-05-01T10:02:00Z"), 200).json().get("count").asInt()).isEqualTo(2);

        // /data/latest/
        JsonNode latest = ok(admin.get("/api/v1/data/latest/?filter=" + pslug), 200).json();
        assertThat(latest).hasSize(3);
        Map<String, Integer> newest = new java.util.HashMap<>();
        latest.forEach(n -> newest.put(n.get("stream").asText(), n.get("int_value").asInt()));
        assertThat(newest).containsEntry(stream, 9).containsEntry(s2, 103).containsEntry(s3, 202);
    }

    @ParameterizedTest(name = "fn={0}")
    @CsvSource({
            "avg,   3,  7",
            "min,   1,  4",
            "max,   6, 10",
            "sum,   9, 14",
            "count, 3,  2",
            "first, 1, 10",
            "last,  6,  4"})
    void aggregatesPerHourBucket(String fn, double firstBucket, double secondBucket) {
        ok(admin.post("/api/v1/data/", List.of(
                Seed.point(stream, "2024-05-01T10:00:00Z", 1),
                Seed.point(stream, "2024-05-01T10:15:00Z", 2),
                Seed.point(stream, "2024-05-01T10:30:00Z", 6),
                Seed.point(stream, "2024-05-01T11:10:00Z", 10),
                Seed.point(stream, "2024-05-01T11:50:00Z", 4),
                Seed.point(stream, "2024-05-01T13:00:00Z", 99))), 201);
        JsonNode agg = ok(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=1h&fn=" + fn
                + "&start=2024-05-01T10:00:00Z&end=2024-05-01T12:00:00Z"), 200).json();
        assertThat(agg.get("fn").asText()).isEqualTo(fn);
        assertThat(agg.get("count").asInt()).isEqualTo(2);
        JsonNode b0 = agg.get("results").get(0);
        JsonNode b1 = agg.get("results").get(1);
        assertThat(b0.get("timestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(b1.get("timestamp").asText()).isEqualTo("2024-05-01T11:00:00Z");
        assertThat(b0.get("count").asInt()).isEqualTo(3);
        assertThat(b1.get("count").asInt()).isEqualTo(2);
        assertThat(b0.get("value").asDouble()).isCloseTo(firstBucket, within(1e-9));
        assertThat(b1.get("value").asDouble()).isCloseTo(secondBucket, within(1e-9));

        // the same through /data/aggregate/?filter=, with no start (begins at the first point)
        JsonNode all = ok(admin.get("/api/v1/data/aggregate/?filter=" + stream + "&bucket=1d&fn=count"), 200).json();
        assertThat(all.get("results").get(0).get("value").asInt()).isEqualTo(6);
    }

    @Test
    void aggregateRejectsBadParameters() {
        assertError(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=1h&fn=median"), 400);
        assertError(admin.get("/api/v1/stream/" + stream + "/aggregate/?fn=avg"), 400);
        assertError(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=soon&fn=avg"), 400);
        // Too small to be a bucket (rounds to 0 µs) or too large to add to a time: a 400, not a 500.
        assertError(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=PT0.0000001S&fn=avg"), 400);
        assertError(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=100000000000d&fn=avg"), 400);
        assertError(admin.get("/api/v1/stream/s--0000-ffff--0000-0000-0000-0001--5001/aggregate/?bucket=1h"), 404);
    }

    @Test
    void csvExport() {
        ok(admin.post("/api/v1/data/", List.of(
                Seed.point(stream, "2024-05-01T10:00:00Z", 1),
                Seed.point(stream, "2024-05-01T10:00:01.5Z", 2.25),
                Map.of("stream", stream, "timestamp", "2024-05-01T10:00:02Z", "value", "a,b"))), 201);
        Api.Response csv = ok(admin.get("/api/v1/df/?filter=" + stream + "&format=csv"), 200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body().split("\r?\n")).containsExactly(
                "timestamp,value,stream_slug",
                "2024-05-01T10:00:00Z,1," + stream,
                "2024-05-01T10:00:01.500Z,2.25," + stream,
                "2024-05-01T10:00:02Z,\"a,b\"," + stream);
        Api.Response ranged = ok(admin.get("/api/v1/df/?filter=" + dslug + "&format=csv&start=2024-05-01T10:00:01Z"), 200);
        assertThat(ranged.body().split("\r?\n")).hasSize(3);
        assertError(admin.get("/api/v1/df/?filter=" + stream + "&format=xml"), 400);
    }

    @Test
    void textJsonMillisecondsAndPositionRoundTrip() {
        ok(admin.post("/api/v1/data/", List.of(
                Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00.123Z", "value", "door open"),
                Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00.124Z", "value", Map.of("a", 1, "b", List.of(true, "x"))),
                Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00.125Z", "value", 1.5, "lat", 46.52, "lon", 6.63, "ele", 372.5))), 201);
        List<JsonNode> rows = results("/api/v1/data/?filter=" + stream);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("timestamp").asText()).isEqualTo("2024-05-01T10:00:00.123Z");
        assertThat(rows.get(0).get("value").asText()).isEqualTo("door open");
        assertThat(rows.get(0).get("type").asText()).isEqualTo("Str");
        assertThat(rows.get(1).get("timestamp").asText()).isEqualTo("2024-05-01T10:00:00.124Z");
        assertThat(rows.get(1).get("value")).isEqualTo(Json.tree("{\"a\":1,\"b\":[true,\"x\"]}"));
        assertThat(rows.get(1).get("type").asText()).isEqualTo("Json");
        assertThat(rows.get(2).get("value").asDouble()).isEqualTo(1.5);
        assertThat(rows.get(2).get("lat").asDouble()).isEqualTo(46.52);
        assertThat(rows.get(2).get("lon").asDouble()).isEqualTo(6.63);
        assertThat(rows.get(2).get("ele").asDouble()).isEqualTo(372.5);
        // a millisecond range bound is honoured
        assertThat(results("/api/v1/data/?filter=" + stream + "&start=2024-05-01T10:00:00.124Z")).hasSize(2);
    }

    @Test
    void eventsJsonAndUploadedFile() {
        JsonNode ev = ok(admin.post("/api/v1/event/", Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00Z",
                "extra_data", Map.of("peak", 3.5))), 201).json();
        assertThat(ev.get("stream").asText()).isEqualTo(stream);
        assertThat(ev.get("extra_data").get("peak").asDouble()).isEqualTo(3.5);
        assertThat(ev.get("has_raw_data").asBoolean()).isFalse();
        assertThat(ok(admin.post("/api/v1/event/", List.of(
                Map.of("stream", stream, "timestamp", "2024-05-01T10:01:00Z"),
                Map.of("stream", stream, "timestamp", "2024-05-01T10:02:00Z"))), 201).json().get("count").asInt()).isEqualTo(2);

        byte[] file = new byte[3000];
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 7);
        Multipart mp = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T10:03:00Z")
                .field("encoded_extra_data", "{\"kind\":\"waveform\"}").file("file", "wave.bin", file);
        JsonNode up = ok(admin.sendBytes("POST", "/api/v1/event/upload/", mp.bytes(), mp.contentType()), 201).json();
        assertThat(up.get("has_raw_data").asBoolean()).isTrue();
        assertThat(up.get("ext").asText()).isEqualTo("bin");
        assertThat(up.get("extra_data").get("kind").asText()).isEqualTo("waveform");
        long id = up.get("id").asLong();

        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/event/" + id + "/data/"))
                .header("Authorization", admin.authorization()).build();
        try {
            var resp = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.body()).isEqualTo(file);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertError(admin.get("/api/v1/event/" + ev.get("id").asLong() + "/data/"), 404);

        JsonNode list = ok(admin.get("/api/v1/event/?filter=" + stream), 200).json();
        assertThat(list.get("count").asInt()).isEqualTo(4);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + dslug + "&start=2024-05-01T10:02:00Z"), 200).json().get("count").asInt()).isEqualTo(2);
        assertThat(ok(admin.get("/api/v1/event/" + id + "/"), 200).json().get("id").asLong()).isEqualTo(id);

        Multipart noFile = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T10:04:00Z");
        assertError(admin.sendBytes("POST", "/api/v1/event/upload/", noFile.bytes(), noFile.contentType()), 400);
    }

    @Test
    void properties() {
        assertError(admin.get("/api/v1/property/"), 406);
        JsonNode p = ok(admin.post("/api/v1/property/", Map.of("target", dslug, "name", "model", "str_value", "X1")), 201).json();
        assertThat(p.get("value").asText()).isEqualTo("X1");
        assertThat(p.get("type").asText()).isEqualTo("str");
        ok(admin.post("/api/v1/device/" + dslug + "/new_property/", Map.of("name", "model", "str_value", "X2")), 201);
        ok(admin.post("/api/v1/device/" + dslug + "/new_property/", Map.of("name", "slots", "int_value", 4)), 201);
        ok(admin.post("/api/v1/project/" + project.get("id").asText() + "/new_property/", Map.of("name", "indoor", "bool_value", true)), 201);
        JsonNode list = ok(admin.get("/api/v1/property/?target=" + dslug), 200).json();
        assertThat(list.get("count").asInt()).isEqualTo(2);
        JsonNode plain = ok(admin.get("/api/v1/device/" + dslug + "/properties/"), 200).json();
        assertThat(plain.isArray()).isTrue();
        Map<String, String> byName = new java.util.HashMap<>();
        plain.forEach(n -> byName.put(n.get("name").asText(), n.get("value").asText()));
        assertThat(byName).containsEntry("model", "X2").containsEntry("slots", "4");
        JsonNode projectProps = ok(admin.get("/api/v1/project/" + project.get("id").asText() + "/properties/"), 200).json();
        assertThat(projectProps.get(0).get("value").asBoolean()).isTrue();
        assertThat(projectProps.get(0).get("type").asText()).isEqualTo("bool");

        assertError(admin.post("/api/v1/property/", Map.of("target", dslug, "name", "long", "str_value", "x".repeat(257))), 400);
        ok(admin.post("/api/v1/property/", Map.of("target", dslug, "name", "long", "str_value", "x".repeat(256))), 201);
        assertError(admin.post("/api/v1/property/", Map.of("target", dslug, "name", "two", "str_value", "a", "int_value", 1)), 400);
        long id = p.get("id").asLong();
        assertThat(admin.delete("/api/v1/property/" + id + "/").status()).isEqualTo(204);
        assertThat(ok(admin.get("/api/v1/property/?target=" + dslug), 200).json().get("count").asInt()).isEqualTo(2);
    }

    @Test
    void configAttributesAndSearchChain() {
        String me = ok(admin.get("/api/v1/auth/user-info/"), 200).json().get("username").asText();
        String name = ":classic:ui:device:settings";
        JsonNode userAttr = ok(admin.post("/api/v1/config/attr/", Map.of("target", "@" + me, "name", name, "data", Map.of("from", "user"))), 201).json();
        assertThat(userAttr.get("data").get("from").asText()).isEqualTo("user");
        String search = "/api/v1/config/attr/search/?target=" + dslug + "&name=" + name;
        assertThat(ok(admin.get(search), 200).json().get("data").get("from").asText()).isEqualTo("user");
        ok(admin.post("/api/v1/config/attr/", Map.of("target", "^" + org, "name", name, "data", Map.of("from", "org"))), 201);
        assertThat(ok(admin.get(search), 200).json().get("data").get("from").asText()).isEqualTo("org");
        ok(admin.post("/api/v1/config/attr/", Map.of("target", pslug, "name", name, "data", Map.of("from", "project"))), 201);
        assertThat(ok(admin.get(search), 200).json().get("data").get("from").asText()).isEqualTo("project");
        JsonNode devAttr = ok(admin.post("/api/v1/config/attr/", Map.of("target", dslug.toUpperCase().replace("D--", "d--"), "name", name, "data", Map.of("from", "device"))), 201).json();
        assertThat(devAttr.get("target").asText()).isEqualTo(dslug);
        assertThat(ok(admin.get(search), 200).json().get("data").get("from").asText()).isEqualTo("device");

        // upsert on (target, name)
        JsonNode again = ok(admin.post("/api/v1/config/attr/", Map.of("target", dslug, "name", name, "data", List.of(1, 2))), 201).json();
        assertThat(again.get("id").asLong()).isEqualTo(devAttr.get("id").asLong());
        JsonNode list = ok(admin.get("/api/v1/config/attr/?target=" + dslug), 200).json();
        assertThat(list.get("count").asInt()).isEqualTo(1);
        assertThat(list.get("results").get(0).get("data").toString()).isEqualTo("[1,2]");

        assertError(admin.put("/api/v1/config/attr/" + again.get("id").asLong() + "/", Map.of("data", 1)), 400);
        assertError(admin.get("/api/v1/config/attr/search/?target=" + dslug), 400);
        assertError(admin.get("/api/v1/config/attr/search/?target=" + dslug + "&name=:nothing:here"), 404);
        assertError(admin.get("/api/v1/config/attr/"), 400);
        assertThat(admin.delete("/api/v1/config/attr/" + again.get("id").asLong() + "/").status()).isEqualTo(204);
        assertThat(ok(admin.get(search), 200).json().get("data").get("from").asText()).isEqualTo("project");
    }

    @Test
    void notes() {
        JsonNode n = ok(admin.post("/api/v1/note/", Map.of("target", stream, "timestamp", "2024-05-01T10:00:00Z", "note", "calibrated")), 201).json();
        assertThat(n.get("note").asText()).isEqualTo("calibrated");
        assertThat(n.get("type").asText()).isEqualTo("ui");
        assertThat(n.get("user_info").get("username").asText()).startsWith("@");
        assertThat(ok(admin.post("/api/v1/note/", List.of(
                Map.of("target", dslug, "timestamp", "2024-05-01T11:00:00Z", "note", "a"),
                Map.of("target", dslug, "timestamp", "2024-05-01T12:00:00Z", "note", "b"))), 201).json().get("count").asInt()).isEqualTo(2);
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isEqualTo(1);
        assertThat(ok(admin.get("/api/v1/note/?target=" + dslug + "&start=2024-05-01T11:30:00Z"), 200).json().get("count").asInt()).isEqualTo(1);
        assertError(admin.get("/api/v1/note/"), 400);
    }

    @Test
    void locations() {
        JsonNode one = ok(admin.post("/api/v1/location/", Map.of("target", dslug, "timestamp", "2024-05-01T10:00:00Z", "lat", 10.0, "lon", 20.0)), 201).json();
        assertThat(one.get("target").asText()).isEqualTo(dslug);
        JsonNode many = ok(admin.post("/api/v1/location/", List.of(
                Map.of("target", dslug, "timestamp", "2024-05-01T12:00:00Z", "lat", 12.0, "lon", 22.0),
                Map.of("target", dslug, "timestamp", "2024-05-01T11:00:00Z", "lat", 11.0, "lon", 21.0))), 201).json();
        assertThat(many.get("count").asInt()).isEqualTo(2);
        JsonNode d = ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json();
        assertThat(d.get("lat").asDouble()).isEqualTo(12.0);
        assertThat(d.get("lon").asDouble()).isEqualTo(22.0);
        String other = Seed.deviceIn(admin, pslug).get("slug").asText();
        assertError(admin.post("/api/v1/location/", List.of(
                Map.of("target", dslug, "timestamp", "2024-05-01T13:00:00Z", "lat", 1.0, "lon", 1.0),
                Map.of("target", other, "timestamp", "2024-05-01T13:00:00Z", "lat", 1.0, "lon", 1.0))), 400);
        assertThat(ok(admin.get("/api/v1/location/?target=" + dslug), 200).json().get("count").asInt()).isEqualTo(3);
        assertThat(ok(admin.get("/api/v1/location/?target=" + other), 200).json().get("count").asInt()).isZero();
        assertThat(ok(admin.get("/api/v1/location/?target=" + dslug + "&end=2024-05-01T11:30:00Z"), 200).json().get("count").asInt()).isEqualTo(2);
        assertError(admin.get("/api/v1/location/"), 400);
        // an older fix does not move the device back
        ok(admin.post("/api/v1/location/", Map.of("target", dslug, "timestamp", "2024-04-01T10:00:00Z", "lat", 1.0, "lon", 1.0)), 201);
        assertThat(ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json().get("lat").asDouble()).isEqualTo(12.0);
    }

    @Test
    void openApiAndMetricsAreServed() {
        Api.Response yaml = ok(server.anonymous().get("/api/v1/openapi.yaml"), 200);
        assertThat(yaml.body()).contains("openapi: 3");
        assertThat(yaml.body()).contains("/api/v1/data/");
        Api.Response metrics = ok(server.anonymous().get("/metrics"), 200);
        assertThat(metrics.body()).contains("feedline_ingest_points_committed_total");
    }
}
