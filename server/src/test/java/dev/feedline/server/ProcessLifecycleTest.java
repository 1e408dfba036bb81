package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process: acknowledged points survive kill -9 in the middle of ingest, and SIGTERM stops
 * gracefully with everything accepted written.
 */
class ProcessLifecycleTest {
    private static final String STREAM = "s--0000-0001--0000-0000-0000-0001--5001";

    /** Creates org, project and a claimed device through the API; returns the device token. */
    private static String setUp(Api admin) {
        assertThat(admin.post("/api/v1/org/", Map.of("name", "Acme")).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/project/", Map.of("org", "acme", "name", "P")).status()).isEqualTo(201);
        Api.Response device = admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001"));
        assertThat(device.status()).isEqualTo(201);
        return device.json().get("token").asText();
    }

    private static Api login(String baseUrl) {
        Api.Response r = new Api(baseUrl, null).post("/api/v1/auth/login/", Map.of("email", TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD));
        return new Api(baseUrl, "JWT " + r.json().get("jwt").asText());
    }

    /** Writers post batches of 10 points until stopped; returns the timestamps (µs) acknowledged with 201. */
    private static Set<Long> ingestUntil(Api device, AtomicBoolean stop, int writers) throws Exception {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long base = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1000;
        for (int w = 0; w < writers; w++) {
            int writer = w;
            pool.submit(() -> {
                for (int batch = 0; !stop.get(); batch++) {
                    List<Map<String, Object>> points = new ArrayList<>();
                    List<Long> stamps = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        long micros = base + ((long) writer * 1_000_000_000L) + batch * 10L + i;
                        stamps.add(micros);
                        points.add(Map.of("stream", STREAM, "timestamp", Instant.EPOCH.plusNanos(micros * 1000).toString(), "value", 1));
                    }
                    try {
                        if (device.post("/api/v1/data/", points).status() == 201) acknowledged.addAll(stamps);
                    } catch (AssertionError connectionLost) {
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        return acknowledged;
    }

    private static long count(TestServer t) {
        JsonNode page = t.admin().get("/api/v1/data/?filter=" + STREAM + "&page_size=1").json();
        return page.get("count").asLong();
    }

    @Test
    void acknowledgedPointsSurviveKillNine(@TempDir Path dir) throws Exception {
        Set<Long> acknowledged;
        try (ChildServer child = ChildServer.start(dir)) {
            String token = setUp(login(child.baseUrl()));
            Api device = new Api(child.baseUrl(), "Token " + token);
            AtomicBoolean stop = new AtomicBoolean();
            acknowledged = ingestUntil(device, stop, 4);
            org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> acknowledged.size() >= 1000);
            child.kill();
            stop.set(true);
        }
        int before = acknowledged.size();
        try (TestServer t = TestServer.start(dir, Map.of())) {
            long stored = count(t);
            assertThat(stored).isGreaterThanOrEqualTo(before);
            for (long micros : acknowledged.stream().limit(200).toList()) {
                String ts = Instant.EPOCH.plusNanos(micros * 1000).toString();
                String end = Instant.EPOCH.plusNanos((micros + 1) * 1000).toString();
                assertThat(t.admin().get("/api/v1/data/?filter=" + STREAM + "&start=" + ts + "&end=" + end).json().get("count").asLong())
                        .as("acknowledged point at %s", ts).isEqualTo(1);
            }
        }
    }

    @Test
    void sigtermStopsGracefullyAndKeepsEverythingAccepted(@TempDir Path dir) throws Exception {
        Set<Long> acknowledged;
        int exit;
        try (ChildServer child = ChildServer.start(dir)) {
            String token = setUp(login(child.baseUrl()));
            Api device = new Api(child.baseUrl(), "Token " + token);
            AtomicBoolean stop = new AtomicBoolean();
            acknowledged = ingestUntil(device, stop, 2);
            org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> acknowledged.size() >= 500);
            exit = child.terminate();
            stop.set(true);
        }
        assertThat(exit).isEqualTo(143);
        try (TestServer t = TestServer.start(dir, Map.of())) {
            assertThat(count(t)).isGreaterThanOrEqualTo(acknowledged.size());
        }
    }
}
