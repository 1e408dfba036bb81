package dev.feedline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.rule.RulePartitions;
import dev.feedline.server.Api;
import dev.feedline.server.api.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules engine in a cluster of two nodes on one PostgreSQL: the rules partitions are shared out (each node
 * evaluates some), points ingested through either node are evaluated once, by the node owning their device's
 * partition; when a node is killed, the other takes its partitions over and goes on from the shared cursors and
 * the stored states.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterRulesTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final RulePartitions PARTITIONS = new RulePartitions(4); // rules.partitions' default
    private static final Pattern OWNED = Pattern.compile("^feedline_rules_partition_owned\\{[^}]*partition=\"(\\d+)\"[^}]*\\} 1(\\.0)?$", Pattern.MULTILINE);

    @Test
    void theNodesEvaluateDifferentPartitionsAndOneTakesTheOthersOverWhenItDies(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(dir, 2)) {
            Api one = ClusterHarness.admin(cluster.node(1).baseUrl());
            Api two = ClusterHarness.admin(cluster.node(2).baseUrl());
            // Node 1 starts first and takes every partition; once node 2 is seen live, each keeps a share of two.
            await().atMost(BOUND).until(() -> owned(cluster.node(1)).size() == 2 && owned(cluster.node(2)).size() == 2);
            Set<Integer> ofTwo = owned(cluster.node(2));
            String org = Seed.org(one);
            String project = Seed.project(one, org).get("slug").asText();
            Seed.variable(one, project, "temp", "5001");
            // A device in a partition of each node.
            String onNodeOne = null;
            String onNodeTwo = null;
            while (onNodeOne == null || onNodeTwo == null) {
                String device = Seed.deviceIn(one, project).get("slug").asText();
                if (ofTwo.contains(PARTITIONS.of(device))) onNodeTwo = onNodeTwo == null ? device : onNodeTwo;
                else onNodeOne = onNodeOne == null ? device : onNodeOne;
            }
            String streamOne = Seed.stream(project, onNodeOne, "5001");
            String streamTwo = Seed.stream(project, onNodeTwo, "5001");
            long rule = one.post("/api/v1/rule/", Map.of("org", org, "name", "hot", "scope", Map.of("kind", "variable", "target", "v--" + project.substring(3) + "--5001"),
                    "condition", Map.of("kind", "threshold", "op", "gt", "value", 30))).json().get("id").asLong();

            // Each through the node that does not evaluate it: evaluation follows the partition, not the node written to.
            post(two, streamOne, "2026-01-01T00:00:00Z", 31);
            post(one, streamTwo, "2026-01-01T00:00:01Z", 35);
            await().atMost(BOUND).until(() -> alarms(two, rule).get("count").asInt() == 2);
            assertThat(alarms(one, rule).get("results").findValuesAsText("originator")).containsExactlyInAnyOrder(streamOne, streamTwo);

            cluster.killNode(2);
            await().atMost(BOUND).until(() -> owned(cluster.node(1)).size() == PARTITIONS.count());
            post(one, streamTwo, "2026-01-01T00:00:02Z", 10);
            post(one, streamTwo, "2026-01-01T00:00:03Z", 40);
            await().atMost(BOUND).until(() -> alarms(one, rule).get("count").asInt() == 3);
            JsonNode all = alarms(one, rule).get("results");
            // newest first: the new alarm of the second device is open; its first was cleared by the rule on the surviving node
            assertThat(all.get(0).get("status").asText()).isEqualTo("active");
            assertThat(all.get(0).get("value").asDouble()).isEqualTo(40.0);
            JsonNode cleared = null;
            for (JsonNode a : all) if (a.get("status").asText().equals("cleared")) cleared = a;
            assertThat(cleared).isNotNull();
            assertThat(cleared.get("originator").asText()).isEqualTo(streamTwo);
            assertThat(one.get("/api/v1/alarm/" + cleared.get("id").asLong() + "/history/").json().get("results").findValuesAsText("what"))
                    .containsExactly("created", "cleared");
        }
    }

    private static void post(Api api, String stream, String timestamp, double value) {
        Api.Response r = api.post("/api/v1/data/", Seed.point(stream, timestamp, value));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static JsonNode alarms(Api api, long rule) { return api.get("/api/v1/alarm/?rule=" + rule).json(); }

    /** The rules partitions the node's metrics say it evaluates. */
    /** The rules partitions the node evaluates now, read from its metrics. */
    static Set<Integer> owned(ClusterHarness.Node node) {
        Set<Integer> out = new HashSet<>();
        Matcher m = OWNED.matcher(node.anonymous().get("/metrics").body());
        while (m.find()) out.add(Integer.parseInt(m.group(1)));
        return out;
    }
}
