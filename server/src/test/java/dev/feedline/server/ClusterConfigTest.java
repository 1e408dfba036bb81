package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    private static Settings settings(Map<String, String> values) { return Settings.from(Config.of(values)); }

    @Test
    void withoutARedisUrlThereIsNoClusterAndTheNodeIdIsGenerated() {
        ClusterConfig c = settings(Map.of()).cluster();
        assertThat(c.enabled()).isFalse();
        assertThat(c.nodeIdGenerated()).isTrue();
        assertThat(c.nodeId()).matches("node-[0-9a-f]{8}");
    }

    @Test
    void aRedisUrlWithPostgresqlTurnsClusterModeOn() {
        ClusterConfig c = settings(Map.of("cluster.redis.url", "redis://10.0.0.5:6379", "db.url", "jdbc:postgresql://db/feedline",
                "cluster.node.id", "edge-1")).cluster();
        assertThat(c.enabled()).isTrue();
        assertThat(c.nodeId()).isEqualTo("edge-1");
        assertThat(c.nodeIdGenerated()).isFalse();
    }

    @Test
    void clusterModeOnSqliteIsRefusedSayingWhy() {
        assertThatThrownBy(() -> settings(Map.of("cluster.redis.url", "redis://10.0.0.5:6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster mode (cluster.redis.url, FEEDLINE_CLUSTER_REDIS_URL) needs PostgreSQL")
                .hasMessageContaining("SQLite");
    }

    @Test
    void aNodeIdWithSpacesIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("cluster.node.id", "my node")))
                .hasMessageContaining("cluster.node.id");
    }

    @Test
    void rulesPartitionsDefaultToOneOnASingleNodeAndFourInAClusterAndAreBounded() {
        assertThat(settings(Map.of()).cluster().rulePartitions()).isEqualTo(1);
        assertThat(settings(Map.of("cluster.redis.url", "redis://10.0.0.5:6379", "db.url", "jdbc:postgresql://db/feedline"))
                .cluster().rulePartitions()).isEqualTo(4);
        assertThat(settings(Map.of("rules.partitions", "8")).cluster().rulePartitions()).isEqualTo(8);
        assertThatThrownBy(() -> settings(Map.of("rules.partitions", "0"))).hasMessageContaining("rules.partitions must be 1 to 64");
        assertThatThrownBy(() -> settings(Map.of("rules.partitions", "65"))).hasMessageContaining("rules.partitions");
    }
}
