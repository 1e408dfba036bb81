package dev.feedline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.Config;
import dev.feedline.server.FeedlineServer;
import dev.feedline.server.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs every scenario for a second or two at toy sizes, to prove the harness works end to end. No timing
 * is asserted: numbers taken inside a test run mean nothing. S1–S5 drive a server started in this JVM;
 * S6 must time a start, so it launches the server's main class as a child process.
 */
class BenchSmokeTest {
    private static final String EMAIL = "bench@example.com";
    private static final String PASSWORD = "bench-password-1";
    private static final List<String> TINY = List.of("--devices", "3", "--ramp", "1", "--duration", "1", "--connections", "20",
            "--points", "3000", "--queries", "2", "--total-rate", "30", "--rate", "10", "--http-clients", "2", "--admin-email", EMAIL,
            "--admin-password", PASSWORD);

    @Test
    void everyScenarioRunsAndReports(@TempDir Path dir) throws Exception {
        int mqttPort = FreePort.next();
        FeedlineServer server = FeedlineServer.start(Settings.from(Config.of(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "data.dir", dir.resolve("server").toString(), "admin.email", EMAIL, "admin.password", PASSWORD, "bcrypt.cost", "4",
                "mqtt.host", "127.0.0.1", "mqtt.port", Integer.toString(mqttPort), "mqtt.websocket.port", "off",
                // S5 waits for the rollups after its load: at once rather than a minute later.
                "rollup.interval.seconds", "1"))), Clock.systemUTC());
        Path inProcess = dir.resolve("in-process.md");
        try {
            assertThat(run("S1", "S2", "S3", "S4", "S5", "R1", "--report-readings", "300", "--report-runs", "2", "--concurrent-reports", "8",
                    "--concurrent-readings", "40", "--url", "http://127.0.0.1:" + server.httpPort(), "--mqtt-port", Integer.toString(mqttPort),
                    "--pid", Long.toString(ProcessHandle.current().pid()), "--work-dir", dir.toString(), "--report", inProcess.toString())).isZero();
        } finally {
            server.close();
        }
        Path child = dir.resolve("child.md");
        assertThat(run("S6", "--server-classpath", System.getProperty("java.class.path"), "--work-dir", dir.toString(), "--report", child.toString())).isZero();

        String report = Files.readString(inProcess) + Files.readString(child);
        for (String scenario : List.of("S1", "S2", "S3", "S4", "S5", "S6", "R1")) assertThat(report).contains("| " + scenario + " |");
        assertThat(report).contains("publish→PUBACK", "committed, ", "still connected", "publish→delivery MQTT", "publish→delivery WebSocket",
                "last 1,000 raw points", "start to healthy", "upload→pid done");
        // R1 counts what was stored against what was sent (out-of-order processing may skip readings: PERFORMANCE.md R1).
        assertThat(report).containsPattern("\\| readings lost / stored twice \\| \\d+ / 0 of 220 \\|");
        // The WebSocket subscribers connected, subscribed (open() throws otherwise) and received points: a count, not a timing.
        assertThat(report).containsPattern("\\| WebSocket subscribers \\| \\d+ sessions, 3 streams [^|]*, [1-9]\\d* deliveries");
    }

    private static int run(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(TINY);
        System.out.println("feedline-bench " + all.stream().collect(Collectors.joining(" ")));
        return new CommandLine(new Bench()).execute(all.toArray(String[]::new));
    }
}
