package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.model.DataPoint;
import dev.feedline.server.live.GraphQlWsClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 point 9's subscription target, measured by hand (not part of the suite: the name does not end in Test): a
 * GraphQL subscription delivers commit → client with p99 under 20 ms at 2,000 points/s. 20 streams, one subscription
 * of all of them over graphql-transport-ws; ingest commits 20 points (one per stream) every 10 ms through the ingest
 * queue for 20 s (40,000 points, after 5 s of warm-up). The latency of a point is its arrival at the client (JDK
 * WebSocket, this JVM, the same clock) minus its {@code committed} time, which the server stamps right after the commit.
 * Run {@code mvn -B -q -pl server -am test -Dtest=GraphQlSubscriptionBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the "graphql subscription" line.
 */
class GraphQlSubscriptionBenchmark extends ApiTestSupport {
    private static final int STREAMS = 20;
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    @Test
    void pointsReachASubscriberWithinTwentyMillisecondsOfTheirCommit() throws Exception {
        String org = Seed.org(admin);
        String project = Seed.project(admin, org).get("slug").asText();
        Seed.variable(admin, project, "temp", "5001");
        List<String> streams = new ArrayList<>();
        long[] ids = new long[STREAMS];
        for (int d = 0; d < STREAMS; d++) {
            String stream = Seed.stream(project, Seed.deviceIn(admin, project).get("slug").asText(), "5001");
            streams.add(stream);
            ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-05-01T00:00:00Z", 0.0)), 201);
            ids[d] = ok(admin.get("/api/v1/stream/" + stream + "/"), 200).json().get("id").asLong();
        }
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long[] missed = new long[1];
        try (GraphQlWsClient ws = GraphQlWsClient.connect(server.baseUrl()).init(admin.authorization())) {
            ws.onEach(m -> {
                JsonNode point = m.at("/payload/data/points");
                if (point.has("committed")) {
                    Instant now = Instant.now();
                    latencies.add(ChronoUnit.MICROS.between(Instant.parse(point.get("committed").asText()), now));
                } else if (m.at("/payload/errors/0/extensions/code").asText().equals("MISSED")) {
                    missed[0] += m.at("/payload/errors/0/extensions/missed").asLong();
                }
            });
            ws.subscribe("1", "subscription($s: [String!]!) { points(streams: $s) { stream timestamp value committed } }", Map.of("s", streams));
            ws.subscribe("q", "{ orgs { slug } }");
            ws.next("complete", "q");
            ingest(ids, 500, 0); // warm-up: 5 s
            latencies.clear();
            int rounds = 2_000; // 20 s at 2,000 points/s
            long started = System.nanoTime();
            ingest(ids, rounds, 1_000_000);
            double seconds = (System.nanoTime() - started) / 1e9;
            long expected = (long) rounds * STREAMS;
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> latencies.size() + missed[0] >= expected);
            long[] micros = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("graphql subscription: %d points in %.1f s (%.0f/s), delivered %d, missed %d; commit->client ms"
                            + " median %.2f p95 %.2f p99 %.2f max %.2f%n", expected, seconds, expected / seconds, micros.length, missed[0],
                    at(micros, 0.50), at(micros, 0.95), at(micros, 0.99), micros[micros.length - 1] / 1000.0);
            assertThat(micros.length + missed[0]).isEqualTo(expected);
        }
    }

    /** rounds commits of one point per stream, one every 10 ms (paced, not waiting longer when a commit is slow). */
    private void ingest(long[] ids, int rounds, int offset) throws Exception {
        long base = Instant.parse("2024-05-02T00:00:00Z").toEpochMilli() * 1000 + offset * 10_000L;
        long next = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            List<DataPoint> points = new ArrayList<>(ids.length);
            for (long id : ids) points.add(DataPoint.numeric(id, base + r * 10_000L, r));
            server.server().services().ingest().submit(points).get(10, TimeUnit.SECONDS);
            next += PERIOD_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
        }
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
