package dev.feedline.server.api;

import static dev.feedline.server.api.ApiTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * files.store=postgresql: two servers (two nodes, each with its own data directory) on one PostgreSQL database.
 * An event attachment uploaded through one is served by both, byte for byte, and neither keeps it on disk.
 */
class SharedFilesApiPostgresTest {

    @Test
    void anAttachmentUploadedThroughOneNodeIsServedByTheOther(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
        Map<String, String> shared = Map.of("db.url", EmbeddedPostgresServer.newDatabase(), "files.store", "postgresql");
        try (TestServer nodeA = TestServer.start(dirA, shared); TestServer nodeB = TestServer.start(dirB, shared)) {
            Api adminA = nodeA.admin();
            String org = Seed.org(adminA);
            String project = Seed.project(adminA, org).get("slug").asText();
            Seed.variable(adminA, project, "wave", "5001");
            String device = Seed.deviceIn(adminA, project).get("slug").asText();
            String stream = Seed.stream(project, device, "5001");

            // Over two chunks of the database store (256 KB each), so the download is streamed chunk by chunk.
            byte[] file = new byte[600_000];
            for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 31 + (i >>> 9));
            Multipart upload = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T10:03:00Z").file("file", "wave.bin", file);
            JsonNode event = ok(adminA.sendBytes("POST", "/api/v1/event/upload/", upload.bytes(), upload.contentType()), 201).json();
            assertThat(event.get("has_raw_data").asBoolean()).isTrue();
            long id = event.get("id").asLong();

            assertThat(nodeA.download(adminA, id)).isEqualTo(file);
            Api adminB = nodeB.admin();
            assertThat(nodeB.download(adminB, id)).isEqualTo(file);
            assertThat(ok(adminB.get("/api/v1/event/" + id + "/"), 200).json().get("has_raw_data").asBoolean()).isTrue();

            // Nothing went to either node's data directory: the database is the one copy.
            assertThat(dirA.resolve("files")).doesNotExist();
            assertThat(dirB.resolve("files")).doesNotExist();
        }
    }
}
