package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.feedline.server.Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 10: the data directory and every file under it (SQLite database, -wal, -shm, event files, the
 * broker's stores) are owner-only after a server started and took writes, whatever the umask; and a data
 * directory left readable by an earlier release is tightened on start.
 */
class DataDirectoryPermissionsTest {
    @TempDir
    Path tmp;

    @Test
    void everythingUnderTheDataDirectoryIsOwnerOnlyAndAnExistingOneIsTightenedOnStart() throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class), "the temporary directory's file system has no POSIX permissions");
        Path data = tmp.resolve("data");
        try (MqttFixture f = MqttFixture.start(data)) {
            takeWrites(f);
            assertThat(data.resolve("feedline.db-wal")).exists();
            assertThat(data.resolve("feedline.db-shm")).exists();
            assertThat(data.resolve("files")).isDirectory();
            assertThat(data.resolve("mqtt")).isDirectory();
            assertOwnerOnly(data);
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("feedline.db"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("feedline.db-wal"))).isEqualTo("rw-------");

            // An earlier release (or another umask) left the directory readable by everyone.
            f.server.server().close();
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            f.server.restart();
            takeWrites(f);
            assertOwnerOnly(data);
        }
    }

    private static void takeWrites(MqttFixture f) {
        Mqtt5BlockingClient device = f.device("perm-" + System.nanoTime(), false);
        MqttFixture.publish(device, "v1/devices/me/telemetry", "{\"temperature\": 21.5}");
        device.disconnect();
        Api admin = f.server.admin();
        String stream = await().atMost(Duration.ofSeconds(10)).until(
                () -> admin.get("/api/v1/stream/").json().path("results").path(0).path("slug").asText(""), s -> !s.isEmpty());
        String boundary = "permissions-test";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"stream\"\r\n\r\n" + stream + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"timestamp\"\r\n\r\n2024-05-01T10:00:00Z\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"log.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nsecret bytes\r\n--" + boundary + "--\r\n";
        Api.Response upload = admin.sendBytes("POST", "/api/v1/event/upload/", body.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary);
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
    }

    /** No path under dir (dir included) grants anything to group or others. */
    private static void assertOwnerOnly(Path dir) throws IOException {
        List<String> open = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (Files.isSymbolicLink(p)) continue;
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) files++;
                String mode = mode(p);
                if (!mode.endsWith("------")) open.add(dir.relativize(p) + " " + mode);
            }
        }
        assertThat(open).as("paths readable by group or others").isEmpty();
        assertThat(files).as("files checked").isGreaterThan(5);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
