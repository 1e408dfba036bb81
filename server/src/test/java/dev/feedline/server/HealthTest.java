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
            String node = health.json().get("node").asText();
            assertThat(node).as("a generated node id").startsWith("node-");
            assertThat(health.json().has("cluster")).as("a single node has no cluster part").isFalse();
            Api.Response metrics = t.anonymous().get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).contains("feedline_ingest_points_committed_total")
                    .contains("feedline_node_info{mode=\"single\",node=\"" + node + "\"} 1")
                    .doesNotContain("feedline_cluster_");
        }
    }
}
