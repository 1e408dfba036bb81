package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTest {
    @Test
    void healthAndMetricsAnswerOnceReady(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start(dir, Map.of())) {
            Api.Response health = t.anonymous().get("/api/v1/health/");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("ok");
            Api.Response metrics = t.anonymous().get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).contains("feedline_ingest_points_committed_total");
        }
    }
}
