package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The server keeps everything across a restart on the same data directory, and a shutdown keeps every acknowledged point. */
class RestartApiTest extends ApiTestSupport {

    @Test
    void everythingSurvivesARestart() throws Exception {
        Path dir = newDataDir();
        try (TestServer t = startServer(dir, Map.of())) {
            Api owner = t.admin();
            String org = Seed.org(owner);
            JsonNode project = Seed.project(owner, org);
            String pslug = project.get("slug").asText();
            Seed.variable(owner, pslug, "temp", "5001");
            JsonNode device = Seed.deviceIn(owner, pslug);
            String dslug = device.get("slug").asText();
            String stream = Seed.stream(pslug, dslug, "5001");
            Seed.Member viewer = Seed.member(owner, t.anonymous(), org, "viewer");
            String apiKey = ok(owner.post("/api/v1/auth/keys/", Map.of("name", "k")), 201).json().get("key").asText();
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = 0; i < 100; i++) points.add(Seed.point(stream, String.format("2024-05-01T10:%02d:%02dZ", i / 60, i % 60), i));
            ok(owner.post("/api/v1/data/", points), 201);
            ok(owner.post("/api/v1/data/", Map.of("stream", stream, "timestamp", "2024-05-01T11:00:00.123Z", "value", "text")), 201);
            ok(owner.post("/api/v1/property/", Map.of("target", dslug, "name", "model", "str_value", "X1")), 201);
            ok(owner.post("/api/v1/config/attr/", Map.of("target", dslug, "name", ":a", "data", Map.of("k", 1))), 201);
            ok(owner.post("/api/v1/note/", Map.of("target", stream, "note", "hello")), 201);
            byte[] file = "raw bytes".getBytes();
            Multipart mp = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T12:00:00Z").file("file", "x.bin", file);
            long eventId = ok(owner.sendBytes("POST", "/api/v1/event/upload/", mp.bytes(), mp.contentType()), 201).json().get("id").asLong();

            t.restart();

            Api again = new Api(t.baseUrl(), owner.authorization());
            ok(again.get("/api/v1/auth/user-info/"), 200);
            ok(new Api(t.baseUrl(), viewer.api().authorization()).get("/api/v1/org/" + org + "/"), 200);
            Api relogged = t.login(viewer.email(), viewer.password());
            assertThat(ok(relogged.get("/api/v1/org/" + org + "/membership/"), 200).json().get("role").asText()).isEqualTo("viewer");
            ok(new Api(t.baseUrl(), "Token " + apiKey).get("/api/v1/org/"), 200);
            assertThat(ok(again.get("/api/v1/device/" + dslug + "/"), 200).json().get("project").asText()).isEqualTo(project.get("id").asText());
            assertThat(Seed.count(again, stream)).isEqualTo(101);
            JsonNode sum = ok(again.get("/api/v1/stream/" + stream + "/aggregate/?bucket=1d&fn=sum&start=2024-05-01T00:00:00Z&end=2024-05-02T00:00:00Z"), 200).json();
            assertThat(sum.get("results").get(0).get("value").asDouble()).isEqualTo(4950.0);
            JsonNode last = ok(again.get("/api/v1/data/?filter=" + stream + "&lastn=1"), 200).json().get("results").get(0);
            assertThat(last.get("timestamp").asText()).isEqualTo("2024-05-01T11:00:00.123Z");
            assertThat(last.get("value").asText()).isEqualTo("text");
            assertThat(ok(again.get("/api/v1/property/?target=" + dslug), 200).json().get("count").asInt()).isEqualTo(1);
            assertThat(ok(again.get("/api/v1/config/attr/search/?target=" + dslug + "&name=:a"), 200).json().get("data").get("k").asInt()).isEqualTo(1);
            assertThat(ok(again.get("/api/v1/note/?target=" + stream), 200).json().get("count").asInt()).isEqualTo(1);
            assertThat(ok(again.get("/api/v1/event/" + eventId + "/data/"), 200).body()).isEqualTo("raw bytes");
            // the device token still works, and new data lands next to the old
            ok(new Api(t.baseUrl(), "Token " + device.get("token").asText()).post("/api/v1/data/", Seed.point(stream, "2024-05-01T13:00:00Z", 1)), 201);
            assertThat(Seed.count(again, stream)).isEqualTo(102);
            // ids keep counting up: a new project gets a new gid
            assertThat(Seed.project(again, org).get("slug").asText()).isNotEqualTo(pslug);
        }
    }

    @Test
    void shutdownKeepsEveryAcknowledgedPoint() throws Exception {
        Path dir = newDataDir();
        try (TestServer t = startServer(dir, Map.of())) {
            Api owner = t.admin();
            String org = Seed.org(owner);
            String pslug = Seed.project(owner, org).get("slug").asText();
            Seed.variable(owner, pslug, "temp", "5001");
            JsonNode device = Seed.deviceIn(owner, pslug);
            String stream = Seed.stream(pslug, device.get("slug").asText(), "5001");
            Api dev = new Api(t.baseUrl(), "Token " + device.get("token").asText());

            Set<Long> acked = ConcurrentHashMap.newKeySet();
            AtomicLong next = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                pool.submit(() -> {
                    while (!stop.get()) {
                        List<Long> ns = new ArrayList<>();
                        List<Map<String, Object>> batch = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            long n = next.getAndIncrement();
                            ns.add(n);
                            batch.add(Seed.point(stream, java.time.Instant.parse("2024-05-01T00:00:00Z").plusMillis(n).toString(), n));
                        }
                        try {
                            if (dev.post("/api/v1/data/", batch).status() == 201) acked.addAll(ns);
                        } catch (Throwable e) {
                            // the server went away mid-request: the point may or may not be stored
                        }
                    }
                });
            }
            Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> acked.size() >= 500);
            t.restart();
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            Api again = new Api(t.baseUrl(), owner.authorization());
            Set<Long> stored = new java.util.HashSet<>();
            String page = "/api/v1/data/?filter=" + stream + "&page_size=10000";
            while (page != null) {
                JsonNode body = ok(again.get(page), 200).json();
                body.get("results").forEach(p -> stored.add(p.get("int_value").asLong()));
                page = body.get("next").isNull() ? null : body.get("next").asText();
            }
            assertThat(stored).containsAll(acked);
            assertThat(stored.size()).isGreaterThanOrEqualTo(acked.size());
        }
    }
}
