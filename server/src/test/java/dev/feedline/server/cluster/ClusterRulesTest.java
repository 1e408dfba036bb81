package dev.feedline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.api.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules engine in a cluster of two nodes on one PostgreSQL: points ingested through either node are evaluated
 * once, by the node holding the jobs lock; when that node is killed, the other takes the lock over and goes on from
 * the shared cursor and the stored states.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterRulesTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void oneNodeEvaluatesAndTheOtherTakesOverWhenItDies(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(dir, 2)) {
            Api one = ClusterHarness.admin(cluster.node(1).baseUrl());
            Api two = ClusterHarness.admin(cluster.node(2).baseUrl());
            String org = Seed.org(one);
            String project = Seed.project(one, org).get("slug").asText();
            Seed.variable(one, project, "temp", "5001");
            String device = Seed.deviceIn(one, project).get("slug").asText();
            String stream = Seed.stream(project, device, "5001");
            long rule = one.post("/api/v1/rule/", Map.of("org", org, "name", "hot", "scope", Map.of("kind", "stream", "target", stream),
                    "condition", Map.of("kind", "threshold", "op", "gt", "value", 30))).json().get("id").asLong();

            post(one, stream, "2026-01-01T00:00:00Z", 31);
            post(two, stream, "2026-01-01T00:00:01Z", 35);
            await().atMost(BOUND).until(() -> alarms(two, rule).get("count").asInt() == 1);

            int holder = lockHolder(cluster);
            int survivor = holder == 1 ? 2 : 1;
            Api other = holder == 1 ? two : one;
            cluster.killNode(holder);
            await().atMost(BOUND).until(() -> holdsLock(cluster.node(survivor)));
            post(other, stream, "2026-01-01T00:00:02Z", 10);
            post(other, stream, "2026-01-01T00:00:03Z", 40);
            await().atMost(BOUND).until(() -> alarms(other, rule).get("count").asInt() == 2);
            JsonNode all = alarms(other, rule).get("results");
            // newest first: the second alarm is open, the first was cleared by the rule on the surviving node
            assertThat(all.get(0).get("status").asText()).isEqualTo("active");
            assertThat(all.get(0).get("value").asDouble()).isEqualTo(40.0);
            assertThat(all.get(1).get("status").asText()).isEqualTo("cleared");
            assertThat(other.get("/api/v1/alarm/" + all.get(1).get("id").asLong() + "/history/").json().get("results").findValuesAsText("what"))
                    .containsExactly("created", "cleared");
        }
    }

    private static void post(Api api, String stream, String timestamp, double value) {
        Api.Response r = api.post("/api/v1/data/", Seed.point(stream, timestamp, value));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static JsonNode alarms(Api api, long rule) { return api.get("/api/v1/alarm/?rule=" + rule).json(); }

    /** The node whose metrics say it holds the jobs lock (the lock is checked every second: wait for one to have it). */
    private static int lockHolder(ClusterHarness cluster) {
        await().atMost(BOUND).until(() -> holdsLock(cluster.node(1)) || holdsLock(cluster.node(2)));
        return holdsLock(cluster.node(1)) ? 1 : 2;
    }

    private static boolean holdsLock(ClusterHarness.Node node) {
        return node.anonymous().get("/metrics").body().contains("feedline_cluster_job_lock_held 1");
    }
}
