package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.api.Multipart;
import dev.feedline.server.api.Seed;
import dev.feedline.server.cli.Cli;
import dev.feedline.server.cli.CliRun;
import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * feedline migrate-store from a SQLite data directory filled through a running server into an embedded PostgreSQL:
 * a server started on the copy serves the same accounts, points, events with their files and rules; an interrupted
 * run resumes to a verified copy; a non-empty target and a wrong URL are refused with the reason.
 */
class MigrateStoreTest {
    private static final int POINTS_PER_STREAM = 250;
    private static final String RANGE = "&start=2024-05-01T00:00:00Z&end=2024-06-02T00:00:00Z";
    @TempDir Path tmp;

    private static Map<String, String> env() {
        return Map.of("FEEDLINE_CONFIG", "/nonexistent/feedline.properties", "FEEDLINE_BCRYPT_COST", "4");
    }

    /** What the source holds, to be found again on PostgreSQL. */
    private record Source(Path dir, String org, List<String> streams, long eventId, byte[] attachment, long ruleId, String apiKey, String jwt) {}

    private Source filledSource() throws Exception {
        Path dir = tmp.resolve("sqlite");
        byte[] attachment = "an event's attachment\twith\ttabs\nand \\ backslashes".getBytes();
        try (TestServer s = TestServer.start(dir, Map.of())) {
            Api admin = s.admin();
            String org = Seed.org(admin);
            String project = Seed.project(admin, org).get("slug").asText();
            String device = Seed.deviceIn(admin, project).get("slug").asText();
            List<String> streams = new ArrayList<>();
            for (String lid : List.of("5001", "5002", "5003")) {
                Seed.variable(admin, project, "v" + lid, lid);
                String stream = Seed.stream(project, device, lid);
                streams.add(stream);
                List<Map<String, Object>> points = new ArrayList<>();
                // Two months, so the points land in two of PostgreSQL's monthly partitions.
                for (int i = 0; i < POINTS_PER_STREAM; i++) {
                    points.add(Seed.point(stream, java.time.Instant.parse("2024-05-01T00:00:00Z").plusSeconds(i * 10_000L).toString(), i + 0.5));
                }
                assertThat(admin.post("/api/v1/data/", points).status()).isEqualTo(201);
            }
            Multipart mp = new Multipart().field("stream", streams.get(0)).field("timestamp", "2024-05-01T12:00:00Z").file("file", "x.bin", attachment);
            long eventId = admin.sendBytes("POST", "/api/v1/event/upload/", mp.bytes(), mp.contentType()).json().get("id").asLong();
            Map<String, Object> rule = new HashMap<>();
            rule.put("org", org);
            rule.put("name", "too hot");
            rule.put("scope", Map.of("kind", "stream", "target", streams.get(1)));
            rule.put("condition", Map.of("kind", "threshold", "op", "gt", "value", 1e9));
            Api.Response created = admin.post("/api/v1/rule/", rule);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String key = admin.post("/api/v1/auth/keys/", Map.of("name", "app")).json().get("key").asText();
            return new Source(dir, org, streams, eventId, attachment, created.json().get("id").asLong(), "Token " + key, admin.authorization());
        }
    }

    private static CliRun migrate(Source source, String url, String... more) {
        List<String> args = new ArrayList<>(List.of("migrate-store", "--from", source.dir().toString(), "--to", url));
        args.addAll(List.of(more));
        return CliRun.run(env(), args.toArray(String[]::new));
    }

    /** A server on the PostgreSQL copy reads everything the SQLite server had, and writes new rows without id clashes. */
    private void assertServedFromPostgres(Source source, String url) throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("pg-node"), Map.of("db.url", url, "files.store", "postgresql"))) {
            Api admin = s.admin(); // the account and its password hash came along
            // So did the API key's hash and the JWT secret: a key and a JWT issued on SQLite still work.
            assertThat(new Api(s.baseUrl(), source.apiKey()).get("/api/v1/org/" + source.org() + "/").status()).isEqualTo(200);
            assertThat(new Api(s.baseUrl(), source.jwt()).get("/api/v1/org/" + source.org() + "/").status()).isEqualTo(200);
            assertThat(admin.get("/api/v1/org/" + source.org() + "/").status()).isEqualTo(200);
            for (String stream : source.streams()) {
                assertThat(Seed.count(admin, stream)).isEqualTo(POINTS_PER_STREAM);
                JsonNode sum = admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=1w&fn=sum" + RANGE).json().get("results");
                double total = 0;
                for (JsonNode bucket : sum) total += bucket.get("value").asDouble();
                assertThat(total).isEqualTo(POINTS_PER_STREAM * (POINTS_PER_STREAM - 1) / 2.0 + POINTS_PER_STREAM * 0.5);
            }
            assertThat(s.download(admin, source.eventId())).isEqualTo(source.attachment());
            // The search index is PostgreSQL's own, filled by its triggers as the rows came in: each stream once.
            JsonNode found = admin.get("/api/v1/search/?kind=stream&q=" + source.streams().get(0)).json();
            assertThat(found.get("count").asInt()).isEqualTo(1);
            JsonNode rule = admin.get("/api/v1/rule/" + source.ruleId() + "/").json();
            assertThat(rule.get("name").asText()).isEqualTo("too hot");
            // Sequences were moved past the copied ids: new rows get fresh ids.
            String project = Seed.project(admin, source.org()).get("slug").asText();
            assertThat(Seed.deviceIn(admin, project).get("slug").asText()).isNotBlank();
            assertThat(admin.post("/api/v1/data/", Seed.point(source.streams().get(0), "2024-06-01T00:00:00Z", 1.0)).status()).isEqualTo(201);
        }
    }

    @Test
    void everythingIsCopiedVerifiedAndServedFromPostgresqlAndASecondRunIsRefused() throws Exception {
        Source source = filledSource();
        String url = EmbeddedPostgresServer.newDatabase();
        CliRun r = migrate(source, url, "--files-store", "postgresql");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Migrating ", "data ", "verified: ", "3 streams with equal point counts and sums (750 points)",
                "Migration done", "FEEDLINE_FILES_STORE=postgresql");
        assertServedFromPostgres(source, url);

        CliRun again = migrate(source, url);
        assertThat(again.code()).as(again.toString()).isEqualTo(Cli.FAILED);
        assertThat(again.err()).contains("is a Feedline database already", "account(s)", "only into an empty database");
    }

    @Test
    void anInterruptedMigrationResumesToAVerifiedCopy() throws Exception {
        Source source = filledSource();
        String url = EmbeddedPostgresServer.newDatabase();
        // Stopped inside the data table (after the account's and the API key's batches), then once more in a later table.
        CliRun stopped = migrate(source, url, "--files-store", "postgresql", "--batch-size", "100", "--stop-after-batches", "5");
        assertThat(stopped.code()).as(stopped.toString()).isEqualTo(Cli.FAILED);
        assertThat(stopped.err()).contains("stopped after the batch limit, in table data at 300 rows", "run the same command again to resume");
        CliRun stoppedAgain = migrate(source, url, "--files-store", "postgresql", "--batch-size", "100", "--stop-after-batches", "6");
        assertThat(stoppedAgain.code()).as(stoppedAgain.toString()).isEqualTo(Cli.FAILED);
        assertThat(stoppedAgain.out()).contains("Resuming the migration of ", "data                     [####################] 750 rows");
        assertThat(stoppedAgain.err()).contains("stopped after the batch limit, in table ").doesNotContain("in table data");

        CliRun resumed = migrate(source, url, "--files-store", "postgresql", "--batch-size", "100");
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("Resuming the migration of ", "(750 points)");
        long copiedNow = Long.parseLong(resumed.out().replaceAll("(?s).*done in [0-9.]+ s: ([0-9,]+) rows copied.*", "$1").replace(",", ""));
        CliRun whole = migrate(source, EmbeddedPostgresServer.newDatabase());
        long all = Long.parseLong(whole.out().replaceAll("(?s).*done in [0-9.]+ s: ([0-9,]+) rows copied.*", "$1").replace(",", ""));
        assertThat(copiedNow).as("the resumed run copied only what was left").isLessThan(all);
        assertServedFromPostgres(source, url);
    }


    @Test
    void aWrongUrlAnUnreachableServerAndANonEmptyTargetAreRefused() throws Exception {
        Source source = filledSource();
        CliRun mysql = migrate(source, "jdbc:mysql://localhost/feedline");
        assertThat(mysql.code()).isEqualTo(Cli.FAILED);
        assertThat(mysql.err()).contains("--to must be a PostgreSQL JDBC URL");

        CliRun unreachable = migrate(source, "jdbc:postgresql://127.0.0.1:9/feedline?connectTimeout=2");
        assertThat(unreachable.code()).isEqualTo(Cli.FAILED);
        assertThat(unreachable.err()).contains("Cannot open the Feedline database at jdbc:postgresql://127.0.0.1:9/feedline")
                .doesNotContain("\tat ");

        CliRun noSource = migrate(new Source(tmp.resolve("nothing"), null, List.of(), 0, null, 0, null, null), EmbeddedPostgresServer.newDatabase());
        assertThat(noSource.err()).contains("there is no SQLite database at");

        String used = EmbeddedPostgresServer.newDatabase();
        TestServer.start(tmp.resolve("used"), Map.of("db.url", used)).close();
        CliRun nonEmpty = migrate(source, used);
        assertThat(nonEmpty.code()).isEqualTo(Cli.FAILED);
        assertThat(nonEmpty.err()).contains("is a Feedline database already");

        // A SQLite file of another schema version (here: its newest migration undone in the history) is refused.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + source.dir().resolve("feedline.db"));
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM flyway_schema_history WHERE installed_rank = (SELECT max(installed_rank) FROM flyway_schema_history)");
        }
        CliRun older = migrate(source, EmbeddedPostgresServer.newDatabase());
        assertThat(older.code()).isEqualTo(Cli.FAILED);
        assertThat(older.err()).contains("the SQLite database is at schema version", "start this Feedline once on the SQLite data directory");
    }
}
