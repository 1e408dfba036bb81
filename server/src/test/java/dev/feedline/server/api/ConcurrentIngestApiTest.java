package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many clients ingest at once; afterwards the count and the sum are exact (no loss, no duplicates). */
class ConcurrentIngestApiTest extends ApiTestSupport {
    static final int THREADS = 16;
    static final int REQUESTS = 50;
    static final int POINTS = 20;
    static final Instant BASE = Instant.parse("2024-05-01T00:00:00Z");

    @Test
    void sixteenClientsExactCountAndSum() throws Exception {
        String org = Seed.org(admin);
        String pslug = Seed.project(admin, org).get("slug").asText();
        Seed.variable(admin, pslug, "counter", "5001");
        JsonNode device = Seed.deviceIn(admin, pslug);
        String stream = Seed.stream(pslug, device.get("slug").asText(), "5001");
        Api deviceApi = server.anonymous().as("Token " + device.get("token").asText());

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Api api = thread % 2 == 0 ? admin : deviceApi;
            results.add(pool.submit(() -> {
                int posted = 0;
                for (int r = 0; r < REQUESTS; r++) {
                    List<Map<String, Object>> batch = new ArrayList<>();
                    for (int p = 0; p < POINTS; p++) {
                        long n = ((long) thread * REQUESTS + r) * POINTS + p;
                        batch.add(Seed.point(stream, BASE.plusSeconds(n).toString(), n));
                    }
                    if (r % 5 == 0) {
                        for (Map<String, Object> point : batch) {
                            Api.Response resp = api.post("/api/v1/data/", point);
                            assertThat(resp.status()).as(resp.toString()).isEqualTo(201);
                            posted++;
                        }
                    } else {
                        Api.Response resp = api.post("/api/v1/data/", batch);
                        assertThat(resp.status()).as(resp.toString()).isEqualTo(201);
                        assertThat(resp.json().get("count").asInt()).isEqualTo(POINTS);
                        posted += POINTS;
                    }
                }
                return posted;
            }));
        }
        int posted = 0;
        for (Future<Integer> f : results) posted += f.get(5, TimeUnit.MINUTES);
        pool.shutdown();

        long total = (long) THREADS * REQUESTS * POINTS;
        assertThat(posted).isEqualTo(total);
        assertThat(Seed.count(admin, stream)).isEqualTo(total);
        String range = "&start=2024-05-01T00:00:00Z&end=2024-05-02T00:00:00Z";
        JsonNode sum = ok(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=1d&fn=sum" + range), 200).json();
        assertThat(sum.get("results")).hasSize(1);
        assertThat(sum.get("results").get(0).get("value").asDouble()).isEqualTo((double) total * (total - 1) / 2);
        assertThat(sum.get("results").get(0).get("count").asLong()).isEqualTo(total);
        JsonNode count = ok(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=1d&fn=count" + range), 200).json();
        assertThat(count.get("results").get(0).get("value").asLong()).isEqualTo(total);

        // and by summing pages
        double paged = 0;
        long rows = 0;
        String next = "/api/v1/data/?filter=" + stream + "&page_size=10000";
        while (next != null) {
            JsonNode page = ok(admin.get(next), 200).json();
            for (JsonNode p : page.get("results")) {
                paged += p.get("value").asDouble();
                rows++;
            }
            next = page.get("next").isNull() ? null : page.get("next").asText();
        }
        assertThat(rows).isEqualTo(total);
        assertThat(paged).isEqualTo((double) total * (total - 1) / 2);
    }
}
