package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.model.DataPoint;
import dev.feedline.model.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's data block target, measured once by hand (not part of the suite: the name does not end in Test):
 * archiving a device with 1,000,000 points, while another device keeps writing single points over HTTP, whose
 * slowest answer shows how long the archive held the ingest writer. Run:
 * {@code mvn -B -q -pl server -am test -Dtest=DataBlockArchiveBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the "archive benchmark" line in the output.
 */
class DataBlockArchiveBenchmark extends ApiTestSupport {
    private static final int POINTS = Integer.getInteger("feedline.bench.points", 1_000_000);

    @Test
    void archivesAMillionPointsWhileAnotherDeviceKeepsWriting() throws Exception {
        String org = Seed.org(admin);
        String pslug = Seed.project(admin, org).get("slug").asText();
        String dslug = Seed.deviceIn(admin, pslug).get("slug").asText();
        String other = Seed.deviceIn(admin, pslug).get("slug").asText();
        String stream = Seed.stream(pslug, dslug, "5001");
        String otherStream = Seed.stream(pslug, other, "5001");
        ok(admin.post("/api/v1/data/", Seed.point(stream, "2020-01-01T00:00:00Z", 0)), 201);
        long streamId = ok(admin.get("/api/v1/stream/" + stream + "/"), 200).json().get("id").asLong();

        // Load straight through the ingest queue (the HTTP path would only make the loading slow).
        long t0 = Instant.parse("2020-01-01T00:00:01Z").toEpochMilli() * 1000;
        long loadStart = System.nanoTime();
        for (int from = 0; from < POINTS; from += 10_000) {
            List<DataPoint> batch = new ArrayList<>(10_000);
            for (int i = from; i < Math.min(POINTS, from + 10_000); i++) {
                batch.add(new DataPoint(streamId, t0 + i * 1_000_000L, ValueType.NUMERIC, (double) i, null, null, null, null, null, null, null, null));
            }
            server.server().services().ingest().submit(batch).get(60, TimeUnit.SECONDS);
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        assertThat(Seed.count(admin, dslug)).isEqualTo(POINTS + 1);

        AtomicBoolean writing = new AtomicBoolean(true);
        List<Long> latenciesMicros = new ArrayList<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            long ts = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
            while (writing.get()) {
                long start = System.nanoTime();
                ok(admin.post("/api/v1/data/", Seed.point(otherStream, Instant.ofEpochSecond(ts++).toString(), 1)), 201);
                synchronized (latenciesMicros) {
                    latenciesMicros.add((System.nanoTime() - start) / 1000);
                }
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> latenciesMicros.size() > 20);

        long archiveStart = System.nanoTime();
        JsonNode block = ok(admin.post("/api/v1/datablock/", Map.of("device", dslug, "title", "a million")), 201).json();
        String pid = block.get("pid").asText();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> ok(admin.get("/api/v1/pid/?pid=" + pid), 200).json().get("status").asText().equals("done"));
        double archiveSeconds = (System.nanoTime() - archiveStart) / 1e9;
        Thread.sleep(500); // keep the other device writing a little after the archive, for the comparison
        String duringArchive = latencies(latenciesMicros);
        assertThat(Seed.count(admin, block.get("slug").asText())).isEqualTo(POINTS + 1);
        assertThat(Seed.count(admin, dslug)).isZero();

        synchronized (latenciesMicros) {
            latenciesMicros.clear();
        }
        long deleteStart = System.nanoTime();
        String deletePid = ok(admin.delete("/api/v1/datablock/" + block.get("slug").asText() + "/"), 202).json().get("pid").asText();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> ok(admin.get("/api/v1/pid/?pid=" + deletePid), 200).json().get("status").asText().equals("done"));
        double deleteSeconds = (System.nanoTime() - deleteStart) / 1e9;
        Thread.sleep(500);
        writing.set(false);
        writer.get(30, TimeUnit.SECONDS);
        System.out.printf("archive benchmark: %d points loaded in %.1f s; archived (POST to job done, polled every 20 ms) in %.3f s,"
                        + " the other device's single-point writes meanwhile: %s; block deleted in %.3f s, writes meanwhile: %s%n",
                POINTS + 1, loadSeconds, archiveSeconds, duringArchive, deleteSeconds, latencies(latenciesMicros));
        assertThat(archiveSeconds).isLessThan(60);
    }

    private static String latencies(List<Long> micros) {
        List<Long> sorted;
        synchronized (micros) {
            sorted = micros.stream().sorted().toList();
        }
        return String.format("%d, median %.1f ms, p99 %.1f ms, max %.1f ms", sorted.size(), sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) (sorted.size() * 0.99)) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }
}
