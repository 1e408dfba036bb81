package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.server.api.Multipart;
import dev.feedline.server.api.Seed;
import dev.feedline.server.cli.Cli;
import dev.feedline.server.cli.CliRun;
import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * feedline export / import (issue 19 point 5): an org with a representative set of objects, data and files is exported
 * from a running server and imported into fresh servers on SQLite and PostgreSQL, where every object is present under
 * mapped slugs, every stream has the same points, files are byte-identical, rules and dashboards name the new slugs and
 * the moved device's token works; conflicts, tampered archives, newer schemas and dry runs write nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrgMoveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path tmp;
    private TestServer source;
    private Path archive;
    private String org;
    private String project;
    private String device;
    private String deviceLabel;
    private String token;
    private String stream;
    private String text;
    private String memberEmail;
    private Api member;
    private final byte[] eventFile = "event attachment \u0000\u00ff bytes".getBytes(StandardCharsets.ISO_8859_1);
    private final String scriptFile = "firmware image v1\n";
    private final Map<String, double[]> totals = new HashMap<>();

    private static Map<String, String> env(Path dataDir, String dbUrl) {
        Map<String, String> env = new HashMap<>(Map.of("FEEDLINE_CONFIG", "/nonexistent/feedline.properties", "FEEDLINE_DATA_DIR",
                dataDir.toString(), "FEEDLINE_BCRYPT_COST", "4"));
        if (dbUrl != null) env.put("FEEDLINE_DB_URL", dbUrl);
        return env;
    }

    private static JsonNode ok(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r.json();
    }

    @BeforeAll
    void seedAndExportWhileTheSourceRuns() throws Exception {
        source = TestServer.start(tmp.resolve("source"), Map.of());
        Api admin = source.admin();
        org = Seed.org(admin);
        Seed.Member m = Seed.member(admin, source.anonymous(), org, "member");
        memberEmail = m.email();
        member = m.api();
        project = Seed.project(admin, org).get("slug").asText();
        String variable = Seed.variable(admin, project, "temp", "5001").get("slug").asText();
        Seed.variable(admin, project, "label", "5002");
        JsonNode d = Seed.deviceIn(admin, project);
        device = d.get("slug").asText();
        deviceLabel = d.get("label").asText();
        token = d.get("token").asText();
        stream = Seed.stream(project, device, "5001");
        text = Seed.stream(project, device, "5002");
        for (int i = 0; i < 40; i++) ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:" + String.format("%02d", i) + "Z", i * 1.25)), 201);
        ok(admin.post("/api/v1/data/", Map.of("stream", text, "timestamp", "2024-05-01T10:00:00Z", "value", "a \"quoted\", text\nline")), 201);
        Multipart mp = new Multipart().field("stream", stream).field("timestamp", "2024-05-01T12:00:00Z").file("file", "x.bin", eventFile);
        ok(admin.sendBytes("POST", "/api/v1/event/upload/", mp.bytes(), mp.contentType()), 201);
        ok(admin.post("/api/v1/property/", Map.of("target", device, "name", "model", "str_value", "X1")), 201);
        ok(admin.post("/api/v1/config/attr/", Map.of("target", device, "name", ":a", "data", 1)), 201);
        ok(admin.post("/api/v1/note/", Map.of("target", stream, "note", "calibrated")), 201);
        ok(admin.post("/api/v1/location/", Map.of("target", device, "timestamp", "2024-05-01T10:00:00Z", "lat", 46.5, "lon", 6.6)), 201);
        ok(admin.post("/api/v1/dashboard/", Map.of("org", org, "name", "main", "layout",
                Map.of("widgets", List.of(Map.of("stream", stream, "device", device))))), 201);
        ok(admin.post("/api/v1/rule/", Map.of("org", org, "name", "hot", "scope", Map.of("kind", "stream", "target", stream),
                "condition", Map.of("kind", "threshold", "op", "gt", "value", 1000))), 201);
        String alias = ok(admin.post("/api/v1/alias/", Map.of("org", org, "name", "outside")), 201).get("slug").asText();
        ok(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:00:00Z", "stream", stream)), 201);
        String fleet = ok(admin.post("/api/v1/fleet/", Map.of("org", org, "name", "field")), 201).get("slug").asText();
        ok(admin.post("/api/v1/fleet/" + fleet + "/register/", Map.of("device", device)), 201);
        String script = ok(admin.post("/api/v1/ota/script/", Map.of("org", org, "name", "fw")), 201).get("slug").asText();
        Multipart fw = new Multipart().file("file", "fw.bin", scriptFile.getBytes(StandardCharsets.UTF_8));
        ok(admin.sendBytes("POST", "/api/v1/ota/script/" + script + "/file/", fw.bytes(), fw.contentType()), 201);
        // A filter whose action writes to another stream: its slug and that stream's are rewritten too.
        ok(admin.post("/api/v1/filter/", Map.of("name", "heat", "project", project, "variable", variable, "device", device,
                "states", List.of(Map.of("label", "Normal", "actions", List.of(Map.of("type", "drv", "on", "entry", "extra_payload",
                        Map.of("output_stream", text)))), Map.of("label", "High")),
                "transitions", List.of(Map.of("src", "Normal", "dst", "High", "triggers", List.of(Map.of("operator", "gt", "user_threshold", 500)))))), 201);
        ok(admin.post("/api/v1/report/", Map.of("org", org, "label", "daily", "sources", List.of(stream, device), "columns", List.of("avg"),
                "period", "day", "bucket", "1h", "formats", List.of("csv"))), 201);
        // A second device whose data went into a data block.
        String archived = Seed.deviceIn(admin, project).get("slug").asText();
        for (int i = 0; i < 5; i++) ok(admin.post("/api/v1/data/", Seed.point(Seed.stream(project, archived, "5001"), "2024-04-01T00:00:0" + i + "Z", i)), 201);
        String pid = ok(admin.post("/api/v1/datablock/", Map.of("device", archived, "title", "trip 1")), 201).get("pid").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> ok(admin.get("/api/v1/pid/?pid=" + pid), 200).get("status").asText().equals("done"));
        totals.put(stream, sums(sourceUrl(), stream));

        archive = tmp.resolve("exports/acme.zip");
        CliRun r = CliRun.run(env(tmp.resolve("source"), null), "export", "--org", org, "--to", archive.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Org " + org + " exported to " + archive, "46 points", "1 events", "2 files", "2 members");
    }

    @AfterAll
    void stop() {
        if (source != null) source.close();
    }

    private static String sourceUrl() { return "jdbc:sqlite:" + tmp.resolve("source/feedline.db"); }

    @Test
    void theArchiveHoldsAManifestMetadataDataAndFilesButNoSecrets() throws Exception {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            JsonNode m = JSON.readTree(zip.getInputStream(zip.getEntry("manifest.json")));
            assertThat(m.get("kind").asText()).isEqualTo("feedline-org-export");
            assertThat(m.get("org").asText()).isEqualTo(org);
            assertThat(m.get("schema_version").asText()).isEqualTo(dev.feedline.store.jdbc.DatabaseInspection.newestKnown());
            assertThat(m.get("source").get("server_id").asText()).hasSize(36);
            assertThat(m.get("counts").get("device").asLong()).isEqualTo(2);
            assertThat(m.get("counts").get("datablock").asLong()).isEqualTo(1);
            assertThat(m.get("streams").get(stream).get("count").asLong()).isEqualTo(40);
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("metadata/org.json", "metadata/device.json", "metadata/people.json", "metadata/dashboard.json",
                    "data/event.csv", "data/points/" + stream + ".csv").anyMatch(n -> n.startsWith("files/events/"))
                    .anyMatch(n -> n.startsWith("files/ota/"));
            m.get("members").forEach(x -> assertThat(x.get("sha256").asText()).hasSize(64));
            String people = new String(zip.getInputStream(zip.getEntry("metadata/people.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(people).contains(memberEmail, TestServer.ADMIN_EMAIL).doesNotContain("password", "$2");
            assertThat(names).noneMatch(n -> n.contains("api_key") || n.contains("invitation") || n.contains("setting"));
        }
    }

    @Test
    void aRoundTripIntoAFreshSqliteServer() throws Exception {
        Path target = tmp.resolve("sqlite-target");
        prefill(TestServer.start(target, Map.of())); // a server of its own, with its own admin (the same email: linked)
        // Imported while the target runs: it serves the org at once (nothing of it was cached before).
        try (TestServer running = TestServer.start(target, Map.of())) {
            Api admin = running.admin();
            ok(admin.get("/api/v1/org/" + org + "/"), 404);
            Api.Response tokenBefore = running.anonymous().post("/api/v1/" + token + "/telemetry", Map.of("temp", 1.0));
            assertThat(tokenBefore.status()).as("the device is not on the target yet").isIn(401, 404);
            runImport(env(target, null));
            verify(running, "jdbc:sqlite:" + target.resolve("feedline.db"));
        }
    }

    @Test
    void aRoundTripIntoPostgresql() throws Exception {
        String url = EmbeddedPostgresServer.newDatabase();
        Path target = tmp.resolve("pg-target");
        prefill(TestServer.start(target, Map.of("db.url", url)));
        runImport(env(target, url));
        try (TestServer b = TestServer.start(target, Map.of("db.url", url))) {
            verify(b, url);
        }

        // And out of PostgreSQL again: the same org, the same points.
        Path again = tmp.resolve("exports/from-pg.zip");
        CliRun r = CliRun.run(env(target, url), "export", "--org", org, "--to", again.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        try (ZipFile zip = new ZipFile(again.toFile())) {
            JsonNode m = JSON.readTree(zip.getInputStream(zip.getEntry("manifest.json")));
            assertThat(m.get("counts").get("device").asLong()).isEqualTo(2);
            assertThat(m.get("counts").get("data").asLong()).isEqualTo(47); // and the device's telemetry after the move
            try (ZipFile first = new ZipFile(archive.toFile())) {
                assertThat(m.get("streams").size()).isEqualTo(JSON.readTree(first.getInputStream(first.getEntry("manifest.json"))).get("streams").size());
            }
        }
    }

    /** Objects of another org, so the imported ones get other ids (and slugs) than on the source; then stops the server. */
    private static void prefill(TestServer server) {
        try (server) {
            Api admin = server.admin();
            String p = Seed.project(admin, Seed.org(admin)).get("slug").asText();
            Seed.project(admin, Seed.org(admin));
            Seed.deviceIn(admin, p);
            Seed.deviceIn(admin, p);
        }
    }

    private void runImport(Map<String, String> env) {
        CliRun r = CliRun.run(env, "import", "--from", archive.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Imported org " + org, "Linked to existing accounts: " + TestServer.ADMIN_EMAIL,
                "Accounts created without a password", memberEmail);
    }

    /** Every object of the org through b's API, under its new slugs; the points and sums in the database. */
    private void verify(TestServer b, String targetUrl) throws Exception {
        Api admin = b.admin();
        ok(admin.get("/api/v1/org/" + org + "/"), 200);
        JsonNode projects = ok(admin.get("/api/v1/project/?org=" + org), 200);
        assertThat(projects.get("count").asInt()).isEqualTo(1);
        String p = projects.get("results").get(0).get("slug").asText();
        JsonNode devices = ok(admin.get("/api/v1/device/?project=" + p), 200);
        assertThat(devices.get("count").asInt()).as(devices.toString()).isEqualTo(2);
        String d = null;
        for (JsonNode x : devices.get("results")) if (x.get("label").asText().equals(deviceLabel)) d = x.get("slug").asText();
        assertThat(d).isNotNull().isNotEqualTo(device);
        String s = Seed.stream(p, d, "5001");
        String t = Seed.stream(p, d, "5002");
        assertThat(Seed.count(admin, s)).isEqualTo(40);
        assertThat(sums(targetUrl, s)).containsExactly(totals.get(stream));
        assertThat(ok(admin.get("/api/v1/stream/" + t + "/data/"), 200).toString()).contains("a \\\"quoted\\\", text\\nline");

        String filter = ok(admin.get("/api/v1/filter/f--" + s.substring(3) + "/"), 200).toString();
        assertThat(filter).contains("\"output_stream\":\"" + t + "\"").doesNotContain(text);
        JsonNode blocks = ok(admin.get("/api/v1/datablock/?org=" + org), 200);
        assertThat(blocks.get("count").asInt()).isEqualTo(1);
        String block = blocks.get("results").get(0).get("slug").asText();
        assertThat(block).startsWith("b--0001-");
        assertThat(Seed.count(admin, Seed.stream(p, block, "5001"))).isEqualTo(5);

        JsonNode events = ok(admin.get("/api/v1/event/?filter=" + s), 200);
        assertThat(events.get("count").asInt()).isEqualTo(1);
        assertThat(b.download(admin, events.get("results").get(0).get("id").asLong())).isEqualTo(eventFile);
        assertThat(ok(admin.get("/api/v1/device/" + d + "/properties/"), 200).toString()).contains("X1");
        assertThat(ok(admin.get("/api/v1/note/?target=" + s), 200).toString()).contains("calibrated");
        String dashboards = ok(admin.get("/api/v1/dashboard/?org=" + org), 200).toString();
        assertThat(dashboards).contains(s, d).doesNotContain(stream);
        String reports = ok(admin.get("/api/v1/report/?org=" + org), 200).toString();
        assertThat(reports).contains("daily", s, d).doesNotContain(stream);
        String rules = ok(admin.get("/api/v1/rule/?org=" + org), 200).toString();
        assertThat(rules).contains(s).doesNotContain(stream);
        JsonNode fleets = ok(admin.get("/api/v1/fleet/?org=" + org), 200);
        String fleet = fleets.get("results").get(0).get("slug").asText();
        assertThat(ok(admin.get("/api/v1/fleet/" + fleet + "/devices/"), 200).toString()).contains(d);
        JsonNode scripts = ok(admin.get("/api/v1/ota/script/?org=" + org), 200);
        String z = scripts.get("results").get(0).get("slug").asText();
        Api.Response download = admin.get("/api/v1/ota/script/" + z + "/download/");
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(scriptFile);

        // The moved device needs no reconfiguration: its token works on the new server.
        Api moved = b.anonymous();
        Api.Response posted = moved.post("/api/v1/" + token + "/telemetry", Map.of("temp", 99.5));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Seed.count(admin, s) == 41);
    }

    @Test
    void theApiDownloadsTheSameArchiveForOwnersAndAdminsOnly() throws Exception {
        assertThat(source.anonymous().get("/api/v1/org/" + org + "/export/").status()).isEqualTo(401);
        assertThat(member.get("/api/v1/org/" + org + "/export/").status()).isEqualTo(403);
        String other = Seed.org(member);
        assertThat(source.admin().get("/api/v1/org/" + other + "/export/").status()).as("another tenant's org").isIn(403, 404);
        assertThat(member.get("/api/v1/org/no-such-org/export/").status()).isEqualTo(404);

        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(source.baseUrl() + "/api/v1/org/" + org + "/export/")).header("Authorization", source.admin().authorization()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + org + ".zip\"");
        Path downloaded = tmp.resolve("downloaded.zip");
        Files.write(downloaded, r.body());
        Path target = tmp.resolve("download-target");
        TestServer.start(target, Map.of()).close();
        CliRun imported = CliRun.run(env(target, null), "import", "--from", downloaded.toString(), "--dry-run");
        assertThat(imported.code()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("would import org " + org, "2 devices", "46 points");
        try (var left = Files.list(tmp.resolve("source"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the download's work files are gone").noneMatch(n -> n.startsWith(".feedline-export"));
        }
    }

    /** One export at a time on a node, from writing to the end of its download: a second one is 503 with Retry-After. */
    @Test
    void aSecondExportWhileOneRunsIsAnswered503WithRetryAfter() throws Exception {
        var services = source.server().services();
        var admin = new dev.feedline.core.auth.Caller.User(services.accounts().byEmail(TestServer.ADMIN_EMAIL).orElseThrow());
        var running = services.orgExports().export(admin, org); // written, not yet downloaded: the export still runs
        try {
            Api.Response busy = source.admin().get("/api/v1/org/" + org + "/export/");
            assertThat(busy.status()).as("a second export while one runs").isEqualTo(503);
            assertThat(busy.header("Retry-After")).isEqualTo("30");
            assertThat(busy.json().path("code").asText()).isEqualTo("overloaded");
            assertThat(source.anonymous().get("/api/v1/org/" + org + "/export/").status()).as("authentication first").isEqualTo(401);
        } finally {
            running.content().close();
        }
        assertThat(source.admin().get("/api/v1/org/" + org + "/export/").status()).isEqualTo(200);
        assertThat(source.admin().get("/api/v1/org/" + org + "/export/").status()).as("the download's end ended the export").isEqualTo(200);
    }

    @Test
    void anOrgSlugOrDevicesThatExistAreRefusedWithAReportAndNothingWritten() throws Exception {
        long orgs = count(sourceUrl(), "org");
        CliRun r = CliRun.run(env(tmp.resolve("source"), null), "import", "--from", archive.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).contains("the import is refused, nothing was written", "an org with the slug '" + org + "' exists",
                "--org-slug", "device " + device, "is on this server already");
        CliRun renamed = CliRun.run(env(tmp.resolve("source"), null), "import", "--from", archive.toString(), "--org-slug", "copy-of-it");
        assertThat(renamed.code()).as(renamed.toString()).isEqualTo(Cli.FAILED);
        assertThat(renamed.err()).doesNotContain("an org with the slug").contains("device " + device);
        assertThat(count(sourceUrl(), "org")).isEqualTo(orgs);
        assertThat(r.err() + renamed.err()).doesNotContain("\tat ");
    }

    @Test
    void aTamperedArchiveIsRefused() throws Exception {
        Path target = tmp.resolve("tampered-target");
        TestServer.start(target, Map.of()).close();
        Path bad = rewrite(archive, "data/points/" + stream + ".csv", b -> new String(b, StandardCharsets.UTF_8).replace("1.25", "9.25")
                .getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.run(env(target, null), "import", "--from", bad.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).contains("checksum mismatch for data/points/" + stream + ".csv");
        assertThat(count("jdbc:sqlite:" + target.resolve("feedline.db"), "org")).isZero();
    }

    /**
     * The manifest's checksums are unsigned: an archive rewritten with checksums to match passes them. Its strings are
     * still never paths: a stream slug that would read a point file outside the archive is refused, nothing written.
     */
    @Test
    void aForgedStreamSlugThatLeavesTheArchiveIsRefused() throws Exception {
        Path outside = tmp.resolve("outside/points.csv");
        Files.createDirectories(outside.getParent());
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Files.write(outside, zip.getInputStream(zip.getEntry("data/points/" + stream + ".csv")).readAllBytes());
        }
        String evil = "../".repeat(30) + outside.toAbsolutePath().toString().substring(1).replaceAll("\\.csv$", "");
        Path forged = forge(archive, Map.of("metadata/stream.json", b -> renameStream(b, evil)), m -> {
            ObjectNode streams = (ObjectNode) m.get("streams");
            streams.set(evil, streams.remove(stream));
        });
        refusedIntoAFreshTarget(forged, "which is no stream slug");
    }

    /** A file key that is a path (absolute, or with "..") is refused before any file is read or stored. */
    @Test
    void aForgedFileKeyThatLeavesTheArchiveIsRefused() throws Exception {
        Path outside = tmp.resolve("outside/secret.bin");
        Files.createDirectories(outside.getParent());
        Files.writeString(outside, "not the archive's");
        Path forged = forge(archive, Map.of("metadata/ota_script.json", b -> {
            ArrayNode scripts = (ArrayNode) JSON.readTree(b);
            scripts.forEach(o -> ((ObjectNode) o).put("file_key", outside.toAbsolutePath().toString()));
            return JSON.writeValueAsBytes(scripts);
        }), m -> {});
        refusedIntoAFreshTarget(forged, "is no valid file key");
    }

    /** Imports the archive into a fresh server's data: refused with the problem among others, no org written. */
    private static void refusedIntoAFreshTarget(Path archive, String problem) throws Exception {
        Path target = tmp.resolve("target-of-" + archive.getFileName());
        TestServer.start(target, Map.of()).close();
        CliRun r = CliRun.run(env(target, null), "import", "--from", archive.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).contains("the import is refused, nothing was written", problem).doesNotContain("\tat ");
        assertThat(count("jdbc:sqlite:" + target.resolve("feedline.db"), "org")).isZero();
    }

    private byte[] renameStream(byte[] json, String slug) throws IOException {
        ArrayNode streams = (ArrayNode) JSON.readTree(json);
        streams.forEach(o -> {
            if (o.path("slug").asText().equals(stream)) ((ObjectNode) o).put("slug", slug);
        });
        return JSON.writeValueAsBytes(streams);
    }

    private interface Change {
        byte[] apply(byte[] member) throws IOException;
    }

    /**
     * A copy of the archive with members changed and the manifest's sizes and checksums made to match (what anyone
     * can do: they are not signed); manifest may change the manifest further.
     */
    private static Path forge(Path from, Map<String, Change> changes, java.util.function.Consumer<ObjectNode> manifest) throws IOException {
        Map<String, byte[]> members = new java.util.LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(from.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) members.put(e.getName(), zip.getInputStream(e).readAllBytes());
        }
        for (Map.Entry<String, Change> c : changes.entrySet()) members.put(c.getKey(), c.getValue().apply(members.get(c.getKey())));
        ObjectNode m = (ObjectNode) JSON.readTree(members.get("manifest.json"));
        for (JsonNode member : m.get("members")) {
            byte[] bytes = members.get(member.get("name").asText());
            try {
                ((ObjectNode) member).put("bytes", bytes.length).put("sha256",
                        java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        manifest.accept(m);
        members.put("manifest.json", JSON.writeValueAsBytes(m));
        Path to = tmp.resolve("forged-" + changes.keySet().iterator().next().replaceAll("[^a-z]", "") + ".zip");
        try (OutputStream out = Files.newOutputStream(to); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : members.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return to;
    }

    @Test
    void anArchiveOfANewerSchemaIsRefused() throws Exception {
        Path target = tmp.resolve("newer-target");
        TestServer.start(target, Map.of()).close();
        Path newer = rewrite(archive, "manifest.json", b -> {
            try {
                ObjectNode m = (ObjectNode) JSON.readTree(b);
                m.put("schema_version", "999");
                return JSON.writeValueAsBytes(m);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CliRun r = CliRun.run(env(target, null), "import", "--from", newer.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).contains("schema version 999 is newer than this Feedline's");
        assertThat(count("jdbc:sqlite:" + target.resolve("feedline.db"), "org")).isZero();
    }

    @Test
    void aDryRunChecksEverythingAndWritesNothing() throws Exception {
        Path target = tmp.resolve("dry-target");
        TestServer.start(target, Map.of()).close();
        String db = "jdbc:sqlite:" + target.resolve("feedline.db");
        long accounts = count(db, "account");
        CliRun r = CliRun.run(env(target, null), "import", "--from", archive.toString(), "--org-slug", "dry", "--dry-run");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Dry run, nothing written: would import org dry", "2 devices", "46 points");
        assertThat(count(db, "org")).isZero();
        assertThat(count(db, "account")).isEqualTo(accounts);
        assertThat(count(db, "data")).isZero();
        try (var files = Files.walk(target)) {
            assertThat(files.filter(f -> f.toString().contains("/files/events/") || f.toString().contains("/files/ota/"))).isEmpty();
        }
    }

    /** Count and sum of a stream's values, read from the database itself. */
    private static double[] sums(String url, String slug) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT count(*), sum(value) FROM data d JOIN stream s ON s.id = d.stream_id WHERE s.slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getLong(1), rs.getDouble(2)};
            }
        }
    }

    private static long count(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A copy of the archive with one member's bytes changed (the manifest left as it was, unless it is the member). */
    private static Path rewrite(Path from, String member, UnaryOperator<byte[]> change) throws IOException {
        Path to = tmp.resolve("altered-" + member.replaceAll("[^a-z]", "") + ".zip");
        try (ZipFile zip = new ZipFile(from.toFile()); OutputStream out = Files.newOutputStream(to); ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(e.getName().equals(member) ? change.apply(bytes) : bytes);
                z.closeEntry();
            }
        }
        return to;
    }
}
