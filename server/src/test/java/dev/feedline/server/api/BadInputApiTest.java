package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input answers 4xx in the one error shape, with no stack trace, and stores nothing. This class's
 * server has small limits so they are easy to reach.
 */
class BadInputApiTest extends ApiTestSupport {
    String org;
    String pslug;
    String dslug;
    String stream;

    @Override
    protected Map<String, String> serverConfig() {
        return Map.of("limits.body.bytes", "2048", "limits.points.per.request", "5", "limits.string.length", "64", "limits.value.length", "100");
    }

    @BeforeEach
    void world() {
        org = Seed.org(admin);
        pslug = Seed.project(admin, org).get("slug").asText();
        Seed.variable(admin, pslug, "temp", "5001");
        dslug = Seed.deviceIn(admin, pslug).get("slug").asText();
        stream = Seed.stream(pslug, dslug, "5001");
    }

    private void rejectedAndNothingStored(Object body, int status) {
        assertError(admin.post("/api/v1/data/", body), status);
        assertThat(Seed.count(admin, stream)).isZero();
        assertThat(Seed.count(admin, pslug)).isZero();
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        if (value == null) m.remove(key); else m.put(key, value);
        return m;
    }

    private Map<String, Object> good(int i) { return Seed.point(stream, String.format("2024-05-01T10:00:%02dZ", i), i); }

    @ParameterizedTest
    @ValueSource(strings = {"{\"stream\":", "not json", "[{\"stream\": 1,}]", "", "null", "42", "[]", "[1, 2]"})
    void malformedOrNonObjectJson(String body) {
        rejectedAndNothingStored(body, 400);
    }

    @Test
    void wrongTypes() {
        rejectedAndNothingStored(with(good(0), "int_value", Map.of("a", 1)), 400);
        rejectedAndNothingStored(with(good(0), "int_value", "12"), 400);
        rejectedAndNothingStored(with(good(0), "int_value", 1.5), 400);
        rejectedAndNothingStored(with(good(0), "timestamp", 1714557600), 400);
        rejectedAndNothingStored(with(good(0), "timestamp", "yesterday"), 400);
        rejectedAndNothingStored(with(good(0), "stream", List.of(stream)), 400);
        rejectedAndNothingStored(with(good(0), "lat", "north"), 400);
        rejectedAndNothingStored(with(good(0), "lat", 91.0), 400);
        rejectedAndNothingStored(with(good(0), "status", "weird"), 400);
        rejectedAndNothingStored(with(good(0), "type", "Bogus"), 400);
        rejectedAndNothingStored(with(good(0), "stream", null), 400);
        rejectedAndNothingStored(with(good(0), "timestamp", null), 400);
        rejectedAndNothingStored(with(good(0), "int_value", null), 400);
        Map<String, Object> both = with(good(0), "value", 1.0);
        rejectedAndNothingStored(both, 400);
        JsonNode err = admin.post("/api/v1/data/", with(good(0), "int_value", "x")).json();
        assertThat(err.get("code").asText()).isEqualTo("invalid");
        assertThat(err.get("fields").has("int_value")).isTrue();
    }

    @Test
    void unknownSlugsAre404() {
        rejectedAndNothingStored(Seed.point("s--0000-ffff--0000-0000-0000-0001--5001", "2024-05-01T10:00:00Z", 1), 404);
        rejectedAndNothingStored(Seed.point(Seed.stream(pslug, "d--0000-0000-00ff-ffff", "5001"), "2024-05-01T10:00:00Z", 1), 404);
        rejectedAndNothingStored(Seed.point("s--garbage", "2024-05-01T10:00:00Z", 1), 404);
        assertError(admin.get("/api/v1/stream/s--0000-ffff--0000-0000-0000-0001--5001/data/"), 404);
        assertError(admin.get("/api/v1/device/d--0000-0000-00ff-ffff/"), 404);
        assertError(admin.get("/api/v1/device/nonsense/"), 404);
        assertError(admin.get("/api/v1/project/p--0000-ffff/"), 404);
        assertError(admin.get("/api/v1/variable/v--0000-ffff--5001/"), 404);
        assertError(admin.get("/api/v1/org/no-such-org/"), 404);
        assertError(admin.get("/api/v1/no-such-endpoint/"), 404);
        assertError(admin.get("/api/v1/event/999999/"), 404);
        assertError(admin.get("/api/v1/event/abc/"), 404);
        // a stream whose device is not claimed into the project
        String loose = Seed.device(admin, org).get("slug").asText();
        rejectedAndNothingStored(Seed.point(Seed.stream(pslug, loose, "5001"), "2024-05-01T10:00:00Z", 1), 404);
    }

    @Test
    void bodyOverTheLimitIs413() {
        List<Map<String, Object>> big = new ArrayList<>();
        for (int i = 0; i < 3; i++) big.add(with(good(i), "status", null));
        String padding = " ".repeat(2100);
        String body = padding + "[" + String.join(",", big.stream().map(m -> "{\"stream\":\"" + stream + "\",\"timestamp\":\"" + m.get("timestamp") + "\",\"int_value\":1}").toList()) + "]";
        assertThat(body.length()).isGreaterThan(2048);
        rejectedAndNothingStored(body, 413);
        // just under the limit is fine
        ok(admin.post("/api/v1/data/", good(1)), 201);
        assertThat(Seed.count(admin, stream)).isEqualTo(1);
    }

    @Test
    void tooManyPointsIs413() {
        List<Map<String, Object>> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) six.add(good(i));
        rejectedAndNothingStored(six, 413);
        ok(admin.post("/api/v1/data/", six.subList(0, 5)), 201);
        assertThat(Seed.count(admin, stream)).isEqualTo(5);
    }

    @Test
    void timestampsOutsideTheSaneRangeAre400() {
        rejectedAndNothingStored(Seed.point(stream, "1969-12-31T23:59:59Z", 1), 400);
        rejectedAndNothingStored(Seed.point(stream, "1900-01-01T00:00:00Z", 1), 400);
        rejectedAndNothingStored(Seed.point(stream, "2999-01-01T00:00:00Z", 1), 400);
        rejectedAndNothingStored(Seed.point(stream, "+100000-01-01T00:00:00Z", 1), 400);
        rejectedAndNothingStored(Seed.point(stream, "+999999999-01-01T00:00:00Z", 1), 400);
        rejectedAndNothingStored(Seed.point(stream, "-999999999-01-01T00:00:00Z", 1), 400);
        rejectedAndNothingStored(Seed.point(stream, java.time.Instant.now().plus(java.time.Duration.ofDays(30)).toString(), 1), 400);
        assertError(admin.post("/api/v1/event/", Map.of("stream", stream, "timestamp", "1960-01-01T00:00:00Z")), 400);
        assertError(admin.post("/api/v1/event/", Map.of("stream", stream, "timestamp", "2999-01-01T00:00:00Z")), 400);
        assertError(admin.post("/api/v1/event/", Map.of("stream", stream, "timestamp", "+999999999-01-01T00:00:00Z")), 400);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + stream), 200).json().get("count").asInt()).isZero();
    }

    @Test
    void overLongStringsAre400() {
        rejectedAndNothingStored(Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00Z", "value", "x".repeat(101)), 400);
        rejectedAndNothingStored(Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00Z", "value", Map.of("k", "y".repeat(120))), 400);
        assertError(admin.post("/api/v1/device/", Map.of("org", org, "label", "l".repeat(65))), 400);
        assertThat(ok(admin.get("/api/v1/device/?org=" + org + "&all=1"), 200).json().get("count").asInt()).isEqualTo(1);
        assertError(admin.post("/api/v1/project/", Map.of("org", org, "name", "n".repeat(65))), 400);
        assertThat(ok(admin.get("/api/v1/project/?org=" + org), 200).json().get("count").asInt()).isEqualTo(1);
        assertError(admin.post("/api/v1/note/", Map.of("target", stream, "note", "n".repeat(2000))), 413);
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isZero();
        assertError(admin.post("/api/v1/note/", Map.of("target", stream, "note", "n".repeat(65))), 400);
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isZero();
        assertError(admin.post("/api/v1/org/", Map.of("name", "o".repeat(65))), 400);
        assertError(admin.post("/api/v1/event/", Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00Z", "status", "s".repeat(65))), 400);
        Multipart upload = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T10:00:00Z").field("status", "s".repeat(65))
                .file("file", "x.bin", new byte[] {1});
        assertError(admin.sendBytes("POST", "/api/v1/event/upload/", upload.bytes(), upload.contentType()), 400);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + stream), 200).json().get("count").asInt()).isZero();
        ok(admin.post("/api/v1/data/", Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00Z", "value", "x".repeat(100))), 201);
    }

    @Test
    void oneBadItemRejectsTheWholeList() {
        List<Map<String, Object>> list = new ArrayList<>(List.of(good(0), good(1), good(2)));
        list.add(Seed.point(stream, "1960-01-01T00:00:00Z", 3));
        rejectedAndNothingStored(list, 400);
        JsonNode err = admin.post("/api/v1/data/", list).json();
        assertThat(err.get("detail").asText()).contains("item 3");

        List<Map<String, Object>> withUnknown = new ArrayList<>(List.of(good(0), good(1)));
        withUnknown.add(Seed.point("s--0000-ffff--0000-0000-0000-0001--5001", "2024-05-01T10:00:00Z", 1));
        rejectedAndNothingStored(withUnknown, 404);

        List<Object> withGarbage = new ArrayList<>(List.of(good(0), good(1)));
        withGarbage.add("oops");
        rejectedAndNothingStored(withGarbage, 400);

        List<Map<String, Object>> withBoth = new ArrayList<>(List.of(good(0)));
        withBoth.add(with(good(1), "value", 2.0));
        rejectedAndNothingStored(withBoth, 400);

        // a list of notes with one bad item stores none of them
        assertError(admin.post("/api/v1/note/", List.of(Map.of("target", stream, "note", "ok"), Map.of("target", "d--0000-0000-00ff-ffff", "note", "bad"))), 404);
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isZero();
        // a list of events with one bad item stores none of them
        assertError(admin.post("/api/v1/event/", List.of(Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00Z"),
                Map.of("stream", stream, "timestamp", "bad"))), 400);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + stream), 200).json().get("count").asInt()).isZero();
        // locations
        assertError(admin.post("/api/v1/location/", List.of(Map.of("target", dslug, "timestamp", "2024-05-01T10:00:00Z", "lat", 1.0, "lon", 1.0),
                Map.of("target", dslug, "timestamp", "2024-05-01T10:00:00Z", "lat", 100.0, "lon", 1.0))), 400);
        assertThat(ok(admin.get("/api/v1/location/?target=" + dslug), 200).json().get("count").asInt()).isZero();
    }

    @Test
    void aRejectedListCreatesNoStreamsOrVariablesOnFirstData() {
        long streamsBefore = ok(admin.get("/api/v1/stream/?project=" + pslug), 200).json().get("count").asLong();
        List<Map<String, Object>> list = new ArrayList<>(List.of(
                Seed.point(Seed.stream(pslug, dslug, "5aaa"), "2024-05-01T10:00:00Z", 1),
                Seed.point(Seed.stream(pslug, dslug, "5bbb"), "1960-01-01T00:00:00Z", 2)));
        rejectedAndNothingStored(list, 400);
        assertThat(ok(admin.get("/api/v1/stream/?project=" + pslug), 200).json().get("count").asLong()).isEqualTo(streamsBefore);
        assertThat(ok(admin.get("/api/v1/variable/?project=" + pslug), 200).json().get("results"))
                .extracting(v -> v.get("lid").asInt()).doesNotContain(0x5aaa, 0x5bbb);
    }

    @Test
    void otherEndpointsRejectMalformedBodies() {
        for (String path : List.of("/api/v1/org/", "/api/v1/project/", "/api/v1/device/", "/api/v1/variable/", "/api/v1/stream/",
                "/api/v1/note/", "/api/v1/location/", "/api/v1/event/", "/api/v1/property/", "/api/v1/config/attr/", "/api/v1/auth/login/")) {
            assertError(admin.post(path, "{oops"), 400);
        }
        assertError(admin.post("/api/v1/project/", Map.of("org", org, "name", 12)), 400);
        assertThat(ok(admin.get("/api/v1/project/?org=" + org), 200).json().get("count").asInt()).isEqualTo(1);
        assertError(admin.get("/api/v1/data/?filter=" + stream + "&page=0"), 400);
        assertError(admin.get("/api/v1/data/?filter=" + stream + "&page_size=x"), 400);
        Api.Response notAllowed = admin.send("PUT", "/api/v1/data/", "{}", "application/json");
        assertThat(notAllowed.status()).isIn(404, 405);
        assertError(notAllowed, notAllowed.status());
    }
    @Test
    void malformedMultipartIsABadRequestAndStoresNothing() {
        String truncated = "--ZZ\r\nContent-Disposition: form-data; name=\"value\"\r\n\r\n12";
        assertError(admin.sendBytes("POST", "/api/v1/event/upload/", truncated.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "multipart/form-data; boundary=ZZ"), 400);
        assertError(admin.sendBytes("POST", "/api/v1/event/upload/", "no parts here".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "multipart/form-data"), 400);
        Multipart nul = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T10:00:00Z").file("file", "a\u0000b.bin", new byte[] {1, 2});
        assertError(admin.sendBytes("POST", "/api/v1/event/upload/", nul.bytes(), nul.contentType()), 400);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + stream), 200).json().get("count").asInt()).isZero();
    }

    @Test
    void aRefusedEventCreatesNoStreamOrVariable() {
        // lid 5002 has neither a variable nor a stream yet: an event's first data creates both, but only with the event
        String fresh = Seed.stream(pslug, dslug, "5002");
        assertError(admin.post("/api/v1/event/", List.of(Map.of("stream", fresh, "timestamp", "2024-05-01T10:00:00Z"),
                Map.of("stream", fresh, "timestamp", "1960-01-01T00:00:00Z"))), 400);
        Multipart upload = new Multipart().field("stream", fresh).field("timestamp", "2024-05-01T10:00:00Z").field("status", "s".repeat(65))
                .file("file", "a.bin", new byte[10]);
        assertError(admin.sendBytes("POST", "/api/v1/event/upload/", upload.bytes(), upload.contentType()), 400);
        assertError(admin.get("/api/v1/stream/" + fresh + "/"), 404);
        assertThat(admin.get("/api/v1/variable/?project=" + pslug).body()).doesNotContain("5002");

        Multipart good = new Multipart().field("stream", fresh).field("timestamp", "2024-05-01T10:00:00Z").file("file", "a.bin", new byte[10]);
        ok(admin.sendBytes("POST", "/api/v1/event/upload/", good.bytes(), good.contentType()), 201);
        ok(admin.post("/api/v1/event/", List.of(Map.of("stream", fresh, "timestamp", "2024-05-01T10:00:01Z"),
                Map.of("stream", fresh, "timestamp", "2024-05-01T10:00:02Z"))), 201);
        ok(admin.get("/api/v1/stream/" + fresh + "/"), 200);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + fresh), 200).json().get("count").asInt()).isEqualTo(3);
    }

    @Test
    void aFileOverTheLimitIs413() throws java.io.IOException {
        try (var small = startServer(newDataDir(), Map.of("limits.file.bytes", "1000"))) {
            Api api = small.admin();
            String o = Seed.org(api);
            String p = Seed.project(api, o).get("slug").asText();
            Seed.variable(api, p, "temp", "5001");
            String s = Seed.stream(p, Seed.deviceIn(api, p).get("slug").asText(), "5001");
            Multipart big = new Multipart().field("stream", s).field("timestamp", "2024-05-01T10:00:00Z").file("file", "big.bin", new byte[5000]);
            assertError(api.sendBytes("POST", "/api/v1/event/upload/", big.bytes(), big.contentType()), 413);
            assertThat(ok(api.get("/api/v1/event/?filter=" + s), 200).json().get("count").asInt()).isZero();
            Multipart fits = new Multipart().field("stream", s).field("timestamp", "2024-05-01T10:00:00Z").file("file", "ok.bin", new byte[900]);
            ok(api.sendBytes("POST", "/api/v1/event/upload/", fits.bytes(), fits.contentType()), 201);
        }
    }
    @Test
    void jsonFollowedByAnythingButWhitespaceIsRefused() {
        String point = "{\"stream\":\"" + stream + "\",\"timestamp\":\"2024-05-01T10:00:00Z\",\"value\":1.5}";
        rejectedAndNothingStored(point + "xyz", 400);
        rejectedAndNothingStored("[" + point + "] , {\"oops\"", 400);
        rejectedAndNothingStored(point + " " + point, 400);
        long orgs = ok(admin.get("/api/v1/org/"), 200).json().get("count").asLong();
        assertError(admin.post("/api/v1/org/", "{\"name\":\"Garbage Org\"} this is not json"), 400);
        assertThat(ok(admin.get("/api/v1/org/"), 200).json().get("count").asLong()).isEqualTo(orgs);
        assertError(admin.post("/api/v1/event/", "{\"stream\":\"" + stream + "\",\"timestamp\":\"2024-05-01T10:00:00Z\"}]"), 400);
        assertError(admin.post("/api/v1/note/", "{\"target\":\"" + stream + "\",\"note\":\"n\"}}"), 400);
        // JSON inside a form field is held to the same rule
        Multipart mp = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T10:00:00Z")
                .field("encoded_extra_data", "{\"a\": 1} trailing").file("file", "x.bin", new byte[] {1});
        assertError(admin.sendBytes("POST", "/api/v1/event/upload/", mp.bytes(), mp.contentType()), 400);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + stream), 200).json().get("count").asInt()).isZero();
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isZero();
        // whitespace after the value is fine
        ok(admin.post("/api/v1/data/", point + " \r\n\t "), 201);
    }
    @Test
    void everyTimeFieldHasTheDataPointsRangeAndMessage() {
        String message = admin.post("/api/v1/data/", Seed.point(stream, "1969-12-31T23:59:59Z", 1)).json().get("fields").get("timestamp").asText();
        assertThat(message).startsWith("outside the accepted range");
        for (String t : List.of("0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+275760-09-13T00:00:00Z", "2999-01-01T00:00:00Z",
                "-999999999-01-01T00:00:00Z")) {
            JsonNode note = admin.post("/api/v1/note/", Map.of("target", stream, "note", "n", "timestamp", t)).json();
            assertThat(note.path("fields").path("timestamp").asText()).as(t).isEqualTo(message);
            JsonNode location = admin.post("/api/v1/location/", Map.of("target", dslug, "timestamp", t, "lat", 1.0, "lon", 1.0)).json();
            assertThat(location.path("fields").path("timestamp").asText()).as(t).isEqualTo(message);
            JsonNode event = admin.post("/api/v1/event/", Map.of("stream", stream, "timestamp", t)).json();
            assertThat(event.path("fields").path("timestamp").asText()).as(t).isEqualTo(message);
        }
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isZero();
        assertThat(ok(admin.get("/api/v1/location/?target=" + dslug), 200).json().get("count").asInt()).isZero();
        assertThat(ok(admin.get("/api/v1/event/?filter=" + stream), 200).json().get("count").asInt()).isZero();
        // the bounds of a query need no range (nothing is stored outside it) but must not break the query
        for (String q : List.of("/api/v1/data/?filter=" + stream, "/api/v1/stream/" + stream + "/data/", "/api/v1/event/?filter=" + stream,
                "/api/v1/note/?target=" + stream, "/api/v1/location/?target=" + dslug, "/api/v1/df/?format=csv&filter=" + stream)) {
            String sep = q.contains("?") ? "&" : "?";
            ok(admin.get(q + sep + "start=-999999999-01-01T00:00:00Z&end=%2B999999999-12-31T00:00:00Z"), 200);
        }
        ok(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=1d&start=0000-01-01T00:00:00Z&end=0001-01-01T00:00:00Z"), 200);
    }
    @Test
    void jsonIsStoredAsSentOrRefused() {
        String ts = "\"timestamp\":\"2024-05-01T10:00:00Z\"";
        // 1e999 is read as an infinite double, which used to be stored as the string "Infinity"
        assertError(admin.post("/api/v1/event/", "{\"stream\":\"" + stream + "\"," + ts + ",\"extra_data\":{\"peak\":1e999}}"), 400);
        assertError(admin.post("/api/v1/event/", "{\"stream\":\"" + stream + "\"," + ts + ",\"extra_data\":{\"peaks\":[1, -1e999]}}"), 400);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + stream), 200).json().get("count").asInt()).isZero();
        JsonNode err = admin.post("/api/v1/config/attr/", "{\"target\":\"" + dslug + "\",\"name\":\":c\",\"data\":{\"k\":1e999}}").json();
        assertThat(err.get("fields").has("data.k")).as(err.toString()).isTrue();
        assertThat(ok(admin.get("/api/v1/config/attr/?target=" + dslug), 200).json().get("count").asInt()).isZero();
        int dashboards = ok(admin.get("/api/v1/dashboard/"), 200).json().size();
        assertError(admin.post("/api/v1/dashboard/", "{\"org\":\"" + org + "\",\"name\":\"d\",\"layout\":{\"w\":1e999}}"), 400);
        assertThat(ok(admin.get("/api/v1/dashboard/"), 200).json().size()).isEqualTo(dashboards);
        assertError(admin.post("/api/v1/device/" + dslug + "/rpc/", "{\"method\":\"m\",\"params\":{\"p\":1e999}}"), 400);
        assertThat(ok(admin.get("/api/v1/device/" + dslug + "/rpc/"), 200).json().toString()).doesNotContain("\"m\"");
        rejectedAndNothingStored("{\"stream\":\"" + stream + "\"," + ts + ",\"value\":1e999}", 400);
        // a lone surrogate cannot be stored as UTF-8: it used to become "?"
        rejectedAndNothingStored("{\"stream\":\"" + stream + "\"," + ts + ",\"value\":\"\\ud800x\"}", 400);
        rejectedAndNothingStored("{\"stream\":\"" + stream + "\"," + ts + ",\"value\":{\"\\udc00\":1}}", 400);
        assertError(admin.post("/api/v1/note/", "{\"target\":\"" + stream + "\",\"note\":\"\\ud800x\"}"), 400);
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isZero();
        assertError(admin.patch("/api/v1/device/" + dslug + "/", "{\"label\":\"x\\udfff\"}"), 400);
        assertThat(ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json().get("label").asText()).doesNotContain("?");
        // PostgreSQL cannot hold a NUL in text (it answered 500, and 503 'retry' for a data value): refused on every store
        rejectedAndNothingStored("{\"stream\":\"" + stream + "\"," + ts + ",\"value\":\"a\\u0000b\"}", 400);
        assertError(admin.post("/api/v1/note/", "{\"target\":\"" + stream + "\",\"note\":\"a\\u0000b\"}"), 400);
        assertError(admin.patch("/api/v1/device/" + dslug + "/", "{\"label\":\"a\\u0000b\"}"), 400);
        Multipart nulField = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T10:00:00Z").field("status", "a\u0000b")
                .file("file", "x.bin", new byte[] {1});
        assertError(admin.sendBytes("POST", "/api/v1/event/upload/", nulField.bytes(), nulField.contentType()), 400);
        assertThat(ok(admin.get("/api/v1/event/?filter=" + stream), 200).json().get("count").asInt()).isZero();
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isZero();
        // a proper pair (an emoji) is kept as sent
        ok(admin.post("/api/v1/note/", "{\"target\":\"" + stream + "\",\"note\":\"ok \\ud83d\\ude00\"}"), 201);
        assertThat(ok(admin.get("/api/v1/note/?target=" + stream), 200).json().get("results").get(0).get("note").asText()).isEqualTo("ok \ud83d\ude00");
    }
}
