package dev.feedline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs CL at toy sizes end to end: Debian's redis-server and haproxy (as the server's cluster suite needs them),
 * three nodes from the test class path on the embedded PostgreSQL, HAProxy on deploy/haproxy.cfg. Asserts that
 * every part ran and reported, and that the rolling restart lost no acknowledged point; never a time.
 */
class ClusterBenchSmokeTest {
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theClusterScenarioRunsAndReports(@TempDir Path dir) throws Exception {
        // The harness empties only a database whose name says it is a benchmark's.
        String server = EmbeddedPostgresServer.newDatabase();
        try (Connection c = DriverManager.getConnection(server); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE feedline_cl_bench");
        }
        String pgUrl = server.replaceFirst("/feedline_[0-9a-f]+", "/feedline_cl_bench").replaceAll("\\?.*", "");
        Path report = dir.resolve("cl.md");
        List<String> args = List.of("CL", "--pg-url", pgUrl, "--server-classpath", System.getProperty("java.class.path"),
                // surefire runs in the bench module; the harness's default path is relative to the repository root.
                "--haproxy-config", Path.of("..", "deploy", "haproxy.cfg").toString(),
                "--devices", "4", "--rate", "5", "--ramp", "1", "--duration", "1", "--commands", "5", "--restart-devices", "2",
                "--work-dir", dir.toString(), "--report", report.toString());
        assertThat(new CommandLine(new Bench()).execute(args.toArray(String[]::new))).isZero();

        String table = Files.readString(report);
        assertThat(table).contains("| CL | feedline/haproxy→3 nodes | acknowledged |", "| CL | feedline/node-1 direct | acknowledged |",
                "ratio via HAProxy to node 1 direct", "| group commit, node 3 (server metrics) |", "| HAProxy CPU |", "(routed) | p50", "(local) | p50", "| node 3 | exit status 143;");
        assertThat(table).contains("| acknowledged and lost | 0 |").containsPattern("\\| acknowledged / stored \\| [1-9][0-9,]* / [1-9]");
    }
}
