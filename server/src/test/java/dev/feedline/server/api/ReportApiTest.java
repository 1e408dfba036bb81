package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.MovableClock;
import dev.feedline.server.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Generated reports end to end (docs/REPORTS.md): templates through the API, generation on demand and on a schedule
 * driven by the server's injected clock, every format downloaded and parsed back (CSV with fastcsv, XLSX with
 * fastexcel-reader, HTML checked for the values and for any outside reference), share links with and without
 * login, before and after they expire, the email in a real SMTP server (GreenMail), status codes including the
 * error one, tenant isolation and validation.
 */
class ReportApiTest extends ApiTestSupport {
    private static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-03-02T05:00:00Z"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final int smtpPort = FreePorts.next();
    private GreenMail mail;

    @Override
    protected Clock clock() { return CLOCK; }

    @Override
    protected Map<String, String> serverConfig() {
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(smtpPort), "smtp.tls", "none", "smtp.from", "reports@feedline.test",
                "public.url", "https://feedline.example.com/", "reports.check.seconds", "1", "reports.link.days", "2");
    }

    @AfterAll
    void stopMail() {
        if (mail != null) mail.stop();
    }

    /** An org with one device whose stream has three points: 10 and 20 in one hour, 5 in the next, ending before {@code end}. */
    private record Fixture(String org, String project, String device, String stream, Instant hour) {}

    private Fixture fixture(Api api, Instant end) {
        String org = Seed.org(api);
        String project = Seed.project(api, org).get("slug").asText();
        String device = Seed.deviceIn(api, project).get("slug").asText();
        String stream = Seed.stream(project, device, "5001");
        Instant hour = end.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        ok(api.post("/api/v1/data/", List.of(Seed.point(stream, hour.toString(), 10.0), Seed.point(stream, hour.plusSeconds(1800).toString(), 20.0),
                Seed.point(stream, hour.plusSeconds(4500).toString(), 5.0))), 201);
        return new Fixture(org, project, device, stream, hour);
    }

    private static Map<String, Object> template(String org, String label, List<String> sources) {
        Map<String, Object> body = new HashMap<>();
        body.put("org", org);
        body.put("label", label);
        body.put("sources", sources);
        body.put("columns", List.of("avg", "max"));
        body.put("period", "day");
        body.put("bucket", "1h");
        body.put("formats", List.of("csv", "xlsx", "html"));
        return body;
    }

    private JsonNode awaitStatus(Api api, String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ok(api.get("/api/v1/report/generated/" + id + "/"), 200).json().get("status").asText(),
                s -> s.equals(status));
        return api.get("/api/v1/report/generated/" + id + "/").json();
    }

    private static HttpResponse<byte[]> fetch(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String url(String path) { return server.baseUrl() + path; }

    @Test
    void onDemandReportInEveryFormatMatchesTheData() throws Exception {
        Fixture f = fixture(admin, CLOCK.instant());
        JsonNode t = ok(admin.post("/api/v1/report/", template(f.org, "Daily water", List.of(f.device))), 201).json();
        assertThat(t.get("interval").asText()).isEqualTo("x");
        assertThat(t.get("next_run_at").isNull()).isTrue();
        assertThat(t.get("config").get("columns")).hasSize(2);

        JsonNode g = ok(admin.post("/api/v1/report/" + t.get("id").asLong() + "/generate/", Map.of()), 202).json();
        assertThat(g.get("status").asText()).isEqualTo("GS");
        assertThat(g.get("period_end").asText()).isEqualTo(CLOCK.instant().toString().replace(".000", ""));
        JsonNode done = awaitStatus(admin, g.get("id").asText(), "G1");
        assertThat(done.get("files")).extracting(n -> n.get("format").asText()).containsExactly("csv", "xlsx", "html");
        assertThat(done.get("index_file").get("format").asText()).isEqualTo("html");

        String download = "/api/v1/report/generated/" + g.get("id").asText() + "/download/";
        String header = f.stream + " (avg)";
        // CSV, parsed back.
        HttpResponse<byte[]> csv = fetch(url(download + "?format=csv"), admin.authorization());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(new String(csv.body(), StandardCharsets.UTF_8))) {
            reader.forEach(r -> rows.add(r.getFields()));
        }
        // Each column is a stream's label and slug, and an aggregate.
        assertThat(rows.get(0).get(0)).isEqualTo("time");
        assertThat(rows.get(0).get(1)).endsWith(header);
        assertThat(rows.get(0).get(2)).endsWith(f.stream + " (max)");
        assertThat(rows.subList(1, rows.size())).containsExactly(List.of(iso(f.hour), "15", "20"), List.of(iso(f.hour.plusSeconds(3600)), "5", "5"));
        // The same numbers as the data API's aggregate.
        JsonNode agg = ok(admin.get("/api/v1/stream/" + f.stream + "/aggregate/?fn=avg&bucket=1h&start=" + f.hour.minus(Duration.ofHours(1))
                + "&end=" + CLOCK.instant()), 200).json();
        assertThat(agg.toString()).contains("15");

        // XLSX, parsed back with a reader.
        HttpResponse<byte[]> xlsx = fetch(url(download + "?format=xlsx"), admin.authorization());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<Row> sheet = wb.getFirstSheet().read();
            assertThat(sheet.get(0).getCellAsString(0)).contains("Daily water");
            assertThat(sheet.get(1).getCellAsString(0).orElseThrow()).contains(iso(CLOCK.instant()));
            Row head = sheet.stream().filter(r -> r.getRowNum() == 4).findFirst().orElseThrow();
            assertThat(head.getCellAsString(1).orElseThrow()).endsWith(header);
            Row first = sheet.stream().filter(r -> r.getRowNum() == 5).findFirst().orElseThrow();
            assertThat(first.getCellAsDate(0)).contains(LocalDateTime.ofInstant(f.hour, ZoneOffset.UTC));
            assertThat(first.getCellAsNumber(1).map(BigDecimal::doubleValue)).contains(15.0);
            assertThat(first.getCellAsNumber(2).map(BigDecimal::doubleValue)).contains(20.0);
            Row second = sheet.stream().filter(r -> r.getRowNum() == 6).findFirst().orElseThrow();
            assertThat(second.getCellAsNumber(1).map(BigDecimal::doubleValue)).contains(5.0);
        }

        // HTML: the values, a chart drawn inline, nothing fetched from anywhere.
        HttpResponse<byte[]> html = fetch(url(download), admin.authorization());
        assertThat(html.statusCode()).isEqualTo(200);
        String page = new String(html.body(), StandardCharsets.UTF_8);
        assertThat(page).contains("<svg", "<polyline", "<td>15</td>", "<td>20</td>", "<td>5</td>", header)
                .doesNotContainPattern("(?i)https?:|//[a-z]|<script|<link|<img|<iframe|@import|url\\(");
    }

    @Test
    void scheduledReportIsGeneratedWhenTheClockReachesItsTimeAndEmailedWithALinkThatNeedsNoLogin() throws Exception {
        Instant now = CLOCK.instant();
        // The run is an hour away, at a whole minute, in a zone an hour ahead of UTC.
        Instant run = now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        String localTime = LocalDateTime.ofInstant(run, ZoneOffset.ofHours(1)).toLocalTime().toString();
        Fixture f = fixture(admin, now);
        Map<String, Object> body = template(f.org, "Scheduled " + Seed.unique("r"), List.of(f.project));
        body.put("interval", "d");
        body.put("time_of_day", localTime);
        body.put("timezone", "Etc/GMT-1");
        String recipient = Seed.unique("ops") + "@example.com";
        body.put("notification_recipients", List.of(recipient, "org:admin"));
        JsonNode t = ok(admin.post("/api/v1/report/", body), 201).json();
        long id = t.get("id").asLong();
        assertThat(Instant.parse(t.get("next_run_at").asText())).isEqualTo(run);
        assertThat(t.get("notification_recipients")).extracting(JsonNode::asText).containsExactly("email:" + recipient, "org:admin");

        // Not yet: nothing is generated before the run's time, however often the scheduler looks.
        CLOCK.advance(Duration.between(now, run).minusSeconds(1));
        assertThat(ok(admin.get("/api/v1/report/generated/?report=" + id), 200).json().get("count").asInt()).isZero();

        CLOCK.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/report/generated/?report=" + id).json().get("count").asInt() == 1);
        JsonNode g = admin.get("/api/v1/report/generated/?report=" + id).json().get("results").get(0);
        assertThat(Instant.parse(g.get("period_end").asText())).isEqualTo(run);
        assertThat(Instant.parse(g.get("period_start").asText())).isEqualTo(run.minus(Duration.ofDays(1)));
        awaitStatus(admin, g.get("id").asText(), "G1");
        assertThat(Instant.parse(admin.get("/api/v1/report/" + id + "/").json().get("next_run_at").asText())).isEqualTo(run.plus(Duration.ofDays(1)));

        // The email reaches the address and the org's admins, with links that work without a login.
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(t.get("label").asText()).size() == 1);
        MimeMessage m = messages(t.get("label").asText()).get(0);
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactlyInAnyOrder(recipient, TestServer.ADMIN_EMAIL);
        String text = GreenMailUtil.getBody(m);
        Matcher link = Pattern.compile("https://feedline\\.example\\.com(/api/v1/report/generated/[^\\s]+format=csv&key=[^\\s]+)").matcher(text);
        assertThat(link.find()).as(text).isTrue();
        HttpResponse<byte[]> shared = fetch(url(link.group(1)), null);
        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(new String(shared.body(), StandardCharsets.UTF_8)).contains(iso(f.hour) + ",15,20");

        // Two days later the link has expired: the one error shape, and no file.
        CLOCK.advance(Duration.ofDays(2));
        Api.Response expired = server.anonymous().get(link.group(1));
        assertError(expired, 404);
        assertThat(expired.body()).contains("expired");
    }

    private List<MimeMessage> messages(String subjectPart) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getSubject().contains(subjectPart) && out.stream().noneMatch(o -> sameMessage(o, m))) out.add(m);
        }
        return out;
    }

    /** GreenMail keeps one copy per recipient. */
    private static boolean sameMessage(MimeMessage a, MimeMessage b) {
        try {
            return a.getMessageID().equals(b.getMessageID());
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void shareLinksAndDownloadsFollowLoginOrgAndExpiry() throws Exception {
        Fixture f = fixture(admin, CLOCK.instant());
        long id = ok(admin.post("/api/v1/report/", template(f.org, "Share", List.of(f.stream))), 201).json().get("id").asLong();
        String uuid = ok(admin.post("/api/v1/report/" + id + "/generate/", Map.of()), 202).json().get("id").asText();
        awaitStatus(admin, uuid, "G1");
        String download = "/api/v1/report/generated/" + uuid + "/download/";

        // Without a key the route needs a login (401 before anything is looked up), then a viewer of the org.
        assertError(server.anonymous().get(download), 401);
        assertError(server.anonymous().as("JWT not.a.jwt").get(download), 401);
        assertError(server.anonymous().get("/api/v1/report/generated/00000000-0000-0000-0000-000000000000/download/"), 401);
        Seed.Member viewer = Seed.member(admin, server.anonymous(), f.org, "viewer");
        assertThat(fetch(url(download + "?format=csv"), viewer.api().authorization()).statusCode()).isEqualTo(200);
        Seed.Member stranger = Seed.member(admin, server.anonymous(), Seed.org(admin), "owner");
        assertError(stranger.api().get(download), 404);
        // A viewer may not make share links; a member of the org may not see another org's.
        assertError(viewer.api().post("/api/v1/report/generated/" + uuid + "/share/", Map.of()), 403);

        JsonNode share = ok(admin.post("/api/v1/report/generated/" + uuid + "/share/", Map.of()), 201).json();
        String shareUrl = share.get("share_url").asText();
        assertThat(share.get("public").asBoolean()).isTrue();
        assertThat(shareUrl).startsWith(server.baseUrl() + download + "?key=frs_");
        HttpResponse<byte[]> anon = fetch(shareUrl + "&format=csv", null);
        assertThat(anon.statusCode()).isEqualTo(200);
        assertThat(new String(anon.body(), StandardCharsets.UTF_8)).contains(iso(f.hour) + ",15,20");
        // A wrong key and a key of another report are the same 404.
        assertError(server.anonymous().get(download + "?key=frs_wrong"), 404);
        // Only the hash is kept: the report's JSON never shows the key again.
        assertThat(admin.get("/api/v1/report/generated/" + uuid + "/").body()).doesNotContain(share.get("share_key").asText());

        CLOCK.advance(Duration.ofDays(2).plusSeconds(1));
        Api.Response expired = server.anonymous().get(shareUrl.substring(server.baseUrl().length()));
        assertError(expired, 404);
        assertThat(expired.body()).contains("expired");
        // Logged-in members still download it.
        assertThat(fetch(url(download), admin.authorization()).statusCode()).isEqualTo(200);
    }

    @Test
    void aReportWhoseCreatorLeftTheOrgEndsInError() {
        Fixture f = fixture(admin, CLOCK.instant());
        Seed.Member member = Seed.member(admin, server.anonymous(), f.org, "member");
        long id = ok(member.api().post("/api/v1/report/", template(f.org, "Leaver", List.of(f.device))), 201).json().get("id").asLong();
        ok(admin.delete("/api/v1/org/" + f.org + "/members/" + member.id() + "/"), 204);
        JsonNode g = ok(admin.post("/api/v1/report/" + id + "/generate/", Map.of()), 202).json();
        JsonNode failed = awaitStatus(admin, g.get("id").asText(), "GE");
        assertThat(failed.get("error").asText()).contains("no longer a member");
        assertThat(failed.get("files")).isEmpty();
        assertError(admin.get("/api/v1/report/generated/" + g.get("id").asText() + "/download/"), 404);
    }

    @Test
    void templatesAndReportsOfAnotherOrgAreNotFound() {
        Fixture f = fixture(admin, CLOCK.instant());
        long id = ok(admin.post("/api/v1/report/", template(f.org, "Mine", List.of(f.device))), 201).json().get("id").asLong();
        String uuid = ok(admin.post("/api/v1/report/" + id + "/generate/", Map.of()), 202).json().get("id").asText();
        Seed.Member other = Seed.member(admin, server.anonymous(), Seed.org(admin), "owner");
        String otherOrg = other.api().get("/api/v1/org/").json().get("results").get(0).get("slug").asText();
        assertError(other.api().get("/api/v1/report/" + id + "/"), 404);
        assertError(other.api().patch("/api/v1/report/" + id + "/", Map.of("label", "x")), 404);
        assertError(other.api().post("/api/v1/report/" + id + "/generate/", Map.of()), 404);
        assertError(other.api().delete("/api/v1/report/" + id + "/"), 404);
        assertError(other.api().get("/api/v1/report/generated/" + uuid + "/"), 404);
        assertError(other.api().get("/api/v1/report/generated/?report=" + id), 404);
        assertThat(other.api().get("/api/v1/report/").json().get("count").asInt()).isZero();
        assertThat(other.api().get("/api/v1/report/generated/").json().get("count").asInt()).isZero();
        // A template of their own org may not read this org's device.
        Api.Response foreign = other.api().post("/api/v1/report/", template(otherOrg, "Theirs", List.of(f.device)));
        assertError(foreign, 400);
        assertThat(foreign.json().get("detail").asText()).contains("sources");
        assertThat(other.api().get("/api/v1/report/").json().get("count").asInt()).isZero();
    }

    @Test
    void badTemplatesAreRefusedNamingTheFieldAndCreateNothing() {
        Fixture f = fixture(admin, CLOCK.instant());
        Map<String, Object> good = template(f.org, "Valid", List.of(f.device));
        Map<String, Object> bad = new HashMap<>();
        bad.put("columns", List.of("median"));
        bad.put("period", "year");
        bad.put("bucket", "30s");
        bad.put("formats", List.of("pdf"));
        bad.put("notification_recipients", List.of("not an address"));
        bad.put("interval", "hourly");
        bad.put("time_of_day", "6 am");
        bad.put("timezone", "Mars/Olympus");
        bad.put("sources", List.of("x--1"));
        bad.put("label", "");
        for (Map.Entry<String, Object> e : bad.entrySet()) {
            Map<String, Object> body = new HashMap<>(good);
            body.put(e.getKey(), e.getValue());
            Api.Response r = admin.post("/api/v1/report/", body);
            assertError(r, 400);
            assertThat(r.json().get("fields").has(e.getKey())).as(r.toString()).isTrue();
        }
        // A month in minutes is more rows than a report may have.
        Map<String, Object> long_ = new HashMap<>(good);
        long_.put("period", "month");
        long_.put("bucket", "1m");
        Api.Response rows = admin.post("/api/v1/report/", long_);
        assertError(rows, 400);
        assertThat(rows.body()).contains("rows");
        Map<String, Object> many = new HashMap<>(good);
        many.put("notification_recipients", java.util.stream.IntStream.range(0, 21).mapToObj(i -> "u" + i + "@example.com").toList());
        assertError(admin.post("/api/v1/report/", many), 400);
        assertThat(admin.get("/api/v1/report/?org=" + f.org).json().get("count").asInt()).isZero();
        // A viewer reads but does not make templates.
        Seed.Member viewer = Seed.member(admin, server.anonymous(), f.org, "viewer");
        assertError(viewer.api().post("/api/v1/report/", good), 403);
        long id = ok(admin.post("/api/v1/report/", good), 201).json().get("id").asLong();
        assertThat(viewer.api().get("/api/v1/report/" + id + "/").status()).isEqualTo(200);
        assertError(admin.patch("/api/v1/report/" + id + "/", Map.of("bucket", "1s")), 400);
        assertThat(admin.get("/api/v1/report/" + id + "/").json().get("config").get("bucket").asText()).isEqualTo("1h");
        assertError(admin.get("/api/v1/report/not-a-number/"), 404);
        assertError(admin.get("/api/v1/report/generated/not-a-uuid/"), 404);
    }

    @Test
    void templatesArePatchedAndDeletedAndTheirReportsStay() {
        Fixture f = fixture(admin, CLOCK.instant());
        long id = ok(admin.post("/api/v1/report/", template(f.org, "Patch me", List.of(f.device))), 201).json().get("id").asLong();
        JsonNode patched = ok(admin.patch("/api/v1/report/" + id + "/", Map.of("interval", "w", "time_of_day", "08:30", "timezone", "UTC")), 200).json();
        Instant next = Instant.parse(patched.get("next_run_at").asText());
        assertThat(next.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(next.atZone(ZoneOffset.UTC).toLocalTime().toString()).isEqualTo("08:30");
        assertThat(ok(admin.patch("/api/v1/report/" + id + "/", Map.of("active", false)), 200).json().get("next_run_at").isNull()).isTrue();
        String uuid = ok(admin.post("/api/v1/report/" + id + "/generate/", Map.of()), 202).json().get("id").asText();
        awaitStatus(admin, uuid, "G1");
        ok(admin.delete("/api/v1/report/" + id + "/"), 204);
        assertError(admin.get("/api/v1/report/" + id + "/"), 404);
        JsonNode kept = ok(admin.get("/api/v1/report/generated/" + uuid + "/"), 200).json();
        assertThat(kept.get("report").isNull()).isTrue();
        ok(admin.delete("/api/v1/report/generated/" + uuid + "/"), 204);
        assertError(admin.get("/api/v1/report/generated/" + uuid + "/"), 404);
    }

    @Test
    void generatedReportsOlderThanTheRetentionAreDeletedWithTheirFiles() throws Exception {
        // A server of its own, with its own clock: a day of retention is passed without ending the shared server's logins.
        MovableClock own = new MovableClock(CLOCK.instant());
        java.nio.file.Path dir = newDataDir();
        Map<String, String> config = new HashMap<>(storeConfig(dir));
        config.put("reports.keep.days", "1");
        config.put("reports.check.seconds", "1");
        try (TestServer other = TestServer.start(dir, config, own)) {
            Api api = other.admin();
            Fixture f = fixture(api, own.instant());
            long id = ok(api.post("/api/v1/report/", template(f.org, "Kept a day", List.of(f.device))), 201).json().get("id").asLong();
            String uuid = ok(api.post("/api/v1/report/" + id + "/generate/", Map.of()), 202).json().get("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/report/generated/" + uuid + "/").json().get("status").asText().equals("G1"));
            java.nio.file.Path csv = dir.resolve("files/reports/" + uuid + ".csv");
            assertThat(csv).exists();

            own.advance(Duration.ofHours(23));
            String young = ok(api.post("/api/v1/report/" + id + "/generate/", Map.of()), 202).json().get("id").asText();
            own.advance(Duration.ofHours(1).plusMinutes(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/report/generated/" + uuid + "/").status() == 404);
            assertThat(csv).doesNotExist();
            // The younger one stays.
            assertThat(ok(api.get("/api/v1/report/generated/" + young + "/"), 200).json().get("id").asText()).isEqualTo(young);
        }
    }

    private static String iso(Instant t) { return t.truncatedTo(ChronoUnit.SECONDS).toString(); }
}
