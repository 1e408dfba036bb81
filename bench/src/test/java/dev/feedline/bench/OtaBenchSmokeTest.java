package dev.feedline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.Config;
import dev.feedline.server.FeedlineServer;
import dev.feedline.server.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs OT (firmware updates, issue 17 point 9) at toy sizes against a server started in this JVM: a release to 20
 * devices, ingest beside 3 devices downloading a 200 kB firmware over MQTT back to back, and beside one wave of them.
 * Asserts only that every phase ran and that every download was checked against the checksum, never a time.
 */
class OtaBenchSmokeTest {
    private static final String EMAIL = "bench@example.com";
    private static final String PASSWORD = "bench-password-1";

    @Test
    void bothPhasesRunAndReport(@TempDir Path dir) throws Exception {
        int mqttPort = FreePort.next();
        FeedlineServer server = FeedlineServer.start(Settings.from(Config.of(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "data.dir", dir.resolve("server").toString(), "admin.email", EMAIL, "admin.password", PASSWORD, "bcrypt.cost", "4",
                "mqtt.host", "127.0.0.1", "mqtt.port", Integer.toString(mqttPort), "mqtt.websocket.port", "off"))), Clock.systemUTC());
        Path report = dir.resolve("ot.md");
        try {
            int exit = new CommandLine(new Bench()).execute("OT", "--ota-devices", "20", "--repeat", "2", "--fw-devices", "3", "--firmware-bytes", "200000",
                    "--devices", "3", "--rate", "10", "--ramp", "1", "--duration", "2", "--admin-email", EMAIL, "--admin-password", PASSWORD,
                    "--url", "http://127.0.0.1:" + server.httpPort(), "--mqtt-port", Integer.toString(mqttPort),
                    "--pid", Long.toString(ProcessHandle.current().pid()), "--work-dir", dir.toString(), "--report", report.toString());
            assertThat(exit).isZero();
        } finally {
            server.close();
        }
        String md = Files.readString(report);
        assertThat(md).contains("release, median of 2", "20 targets planned", "ratio of medians, with / without downloads",
                "ingest while one wave runs, ratio of medians", "acknowledged over the wave's window");
        // One wave: each of the 3 devices downloaded once, all matching.
        assertThat(md).containsPattern("\\| firmware wave \\| 3 verified, 0 checksum mismatches");
        // Every download that finished matched fw_checksum, and at least one finished on each side that downloaded.
        assertThat(md).containsPattern("\\| firmware downloads \\| [1-9]\\d* verified, 0 checksum mismatches");
        assertThat(md).doesNotContain("devices failed");
    }
}
