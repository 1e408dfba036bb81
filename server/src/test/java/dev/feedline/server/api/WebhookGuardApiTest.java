package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.feedline.core.action.Firing;
import dev.feedline.core.auth.Caller;
import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks may not reach the server's own network unless actions.webhook.allow.private says so (docs/ACTIONS.md):
 * a literal private, loopback, link-local, multicast or unspecified address is refused when the rule is saved; a
 * name is resolved and refused at delivery, logged as a failed attempt, and the receiver gets nothing.
 */
class WebhookGuardApiTest extends ApiTestSupport {
    private HttpServer receiver;
    private final AtomicInteger received = new AtomicInteger();

    @Override
    protected Map<String, String> serverConfig() { return Map.of("actions.webhook.allow.private", "false"); }

    @AfterAll
    void stopReceiver() {
        if (receiver != null) receiver.stop(0);
    }

    private int receiverPort() throws IOException {
        if (receiver == null) {
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/hook", exchange -> {
                received.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            receiver.start();
        }
        return receiver.getAddress().getPort();
    }

    private record OrgStream(String org, String stream) {}

    /** A new org with a project, a variable 5001 and a device's stream of it: where a rule with a webhook goes. */
    private OrgStream orgStream() {
        String org = Seed.org(admin);
        String project = Seed.project(admin, org).get("slug").asText();
        Seed.variable(admin, project, "temp", "5001");
        return new OrgStream(org, Seed.stream(project, Seed.deviceIn(admin, project).get("slug").asText(), "5001"));
    }

    /** A new rule of the org on its stream with these actions; its id. */
    private long rule(OrgStream at, List<Map<String, Object>> actions) {
        Map<String, Object> body = ruleWithWebhook(at.org(), at.stream(), "https://hooks.example.com/hook");
        body.put("actions", actions);
        return ok(admin.post("/api/v1/rule/", body), 201).json().get("id").asLong();
    }

    private Map<String, Object> ruleWithWebhook(String org, String stream, String url) {
        Map<String, Object> m = new HashMap<>();
        m.put("org", org);
        m.put("name", "hook");
        m.put("scope", Map.of("kind", "stream", "target", stream));
        m.put("condition", Map.of("kind", "threshold", "op", "gt", "value", 30));
        m.put("actions", List.of(Map.of("kind", "webhook", "url", url)));
        return m;
    }

    @Test
    void aLiteralInternalAddressIsRefusedWhenTheRuleIsSaved() throws IOException {
        OrgStream at = orgStream();
        String org = at.org();
        String stream = at.stream();
        for (String url : List.of("http://127.0.0.1:" + receiverPort() + "/hook", "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/x",
                "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fd12::1]/", "http://[fe80::1]/", "http://224.0.0.1/",
                "http://0.0.0.0:8080/", "https://[::ffff:127.0.0.1]/")) {
            Api.Response r = admin.post("/api/v1/rule/", ruleWithWebhook(org, stream, url));
            assertError(r, 400);
            assertThat(r.json().get("fields").get("actions[0].url").asText()).as(url).contains("must not target").contains("actions.webhook.allow.private");
        }
        assertThat(ok(admin.get("/api/v1/rule/?org=" + org), 200).json().get("count").asInt()).isZero();
        // A public address, and a name (checked when delivering), are accepted.
        ok(admin.post("/api/v1/rule/", ruleWithWebhook(org, stream, "http://93.184.216.34/hook")), 201);
        ok(admin.post("/api/v1/rule/", ruleWithWebhook(org, stream, "https://hooks.example.com/hook")), 201);
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedAtDeliveryAndLoggedAsAFailedAttempt() throws IOException {
        String org = Seed.org(admin);
        var services = server.server().services();
        long orgId = services.orgs().get(new Caller.User(services.accounts().byEmail(TestServer.ADMIN_EMAIL).orElseThrow()), org).id();
        long rule = 4242;
        String stored = server.server().ruleActions().validate(orgId, "[{\"kind\": \"webhook\", \"url\": \"http://localhost:" + receiverPort() + "/hook\"}]");
        services.lookup().store().inTransaction(() -> {
            server.server().ruleActions().fire(new Firing(orgId, rule, "hook", Firing.FIRED, null, "MAJOR", "d--0000-0000-0000-0002", null, 31.0, null,
                    Instant.parse("2026-03-01T10:15:30Z"), 1), stored);
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> log(org, rule).get("count").asInt() >= 1);
        JsonNode attempt = log(org, rule).get("results").get(0);
        assertThat(attempt.get("ok").asBoolean()).isFalse();
        assertThat(attempt.get("error").asText()).contains("localhost resolves to a loopback address").contains("actions.webhook.allow.private");
        assertThat(received).hasValue(0);
    }

    @Test
    void aWebhookSecretIsShownOnlyToThoseWhoMayEditTheRule() {
        OrgStream at = orgStream();
        String org = at.org();
        long id = rule(at, List.of(Map.of("kind", "webhook", "url", "https://hooks.example.com/hook", "secret", "s3cret-signing-key")));
        Api anonymous = server.anonymous();
        Seed.Member viewer = Seed.member(admin, anonymous, org, "viewer");
        Seed.Member member = Seed.member(admin, anonymous, org, "member");
        Seed.Member orgAdmin = Seed.member(admin, anonymous, org, "admin");
        for (Seed.Member reader : List.of(viewer, member)) {
            JsonNode one = ok(reader.api().get("/api/v1/rule/" + id + "/"), 200).json();
            assertThat(one.get("actions").get(0).get("secret").asText()).isEqualTo("********");
            assertThat(one.get("actions").get(0).get("url").asText()).isEqualTo("https://hooks.example.com/hook");
            assertThat(ok(reader.api().get("/api/v1/rule/?org=" + org), 200).body()).doesNotContain("s3cret-signing-key").contains("********");
        }
        for (Api editor : List.of(admin, orgAdmin.api())) {
            assertThat(ok(editor.get("/api/v1/rule/" + id + "/"), 200).json().get("actions").get(0).get("secret").asText()).isEqualTo("s3cret-signing-key");
            assertThat(ok(editor.get("/api/v1/rule/?org=" + org), 200).body()).contains("s3cret-signing-key");
        }
    }

    /**
     * A token in a webhook URL's query string is a credential like the secret: viewers and members read its values
     * masked wherever actions are shown (the rules API, IOTile filters made with that URL), editors read them whole,
     * and an editor saving the masked form back (through either) keeps the real URL.
     */
    @Test
    void aWebhookUrlsQueryValuesAreShownOnlyToEditorsAndSavingTheMaskBackKeepsThem() {
        String org = Seed.org(admin);
        String project = Seed.project(admin, org).get("slug").asText();
        String variable = Seed.variable(admin, project, "temp", "5001").get("slug").asText();
        String device = Seed.deviceIn(admin, project).get("slug").asText();
        String url = "https://hooks.example.com/x?token=abc123&team=ops";
        String masked = "https://hooks.example.com/x?token=********&team=********";
        String slack = "https://hooks.slack.com/services/T1/B2/xyz789";
        Map<String, Object> filter = new HashMap<>();
        filter.put("name", "heat");
        filter.put("project", project);
        filter.put("variable", variable);
        filter.put("device", device);
        filter.put("states", List.of(Map.of("label", "Normal"), Map.of("label", "High", "actions", List.of(
                Map.of("type", "cus", "on", "entry", "extra_payload", Map.of("url", url)),
                Map.of("type", "slk", "on", "entry", "extra_payload", Map.of("slack_webhook", slack))))));
        filter.put("transitions", List.of(Map.of("src", "Normal", "dst", "High", "triggers", List.of(Map.of("operator", "gt", "user_threshold", 30)))));
        JsonNode created = ok(admin.post("/api/v1/filter/", filter), 201).json();
        String slug = created.get("slug").asText();
        long id = created.get("rule").asLong();
        Seed.Member viewer = Seed.member(admin, server.anonymous(), org, "viewer");
        JsonNode actions = ok(viewer.api().get("/api/v1/rule/" + id + "/"), 200).json().get("actions");
        assertThat(actions.get(0).get("url").asText()).isEqualTo(masked);
        assertThat(actions.get(1).get("url").asText()).isEqualTo("https://hooks.slack.com/********");
        JsonNode high = ok(viewer.api().get("/api/v1/filter/" + slug + "/"), 200).json().get("states").get(1).get("actions");
        assertThat(high.get(0).get("extra_payload").get("url").asText()).isEqualTo(masked);
        assertThat(high.get(1).get("extra_payload").get("slack_webhook").asText()).isEqualTo("https://hooks.slack.com/********");
        assertThat(ok(viewer.api().get("/api/v1/filter/?project=" + project), 200).body()).doesNotContain("abc123").doesNotContain("xyz789");
        assertThat(ok(viewer.api().get("/api/v1/rule/?org=" + org), 200).body()).doesNotContain("abc123").doesNotContain("xyz789");
        assertThat(ok(admin.get("/api/v1/filter/" + slug + "/"), 200).json().get("states").get(1).get("actions").get(0)
                .get("extra_payload").get("url").asText()).isEqualTo(url);

        // The editor saves back what a viewer read: through the rules API, then as the filter.
        ok(admin.patch("/api/v1/rule/" + id + "/", Map.of("name", "renamed", "actions", actions)), 200);
        JsonNode real = ok(admin.get("/api/v1/rule/" + id + "/"), 200).json().get("actions");
        assertThat(real.get(0).get("url").asText()).isEqualTo(url);
        assertThat(real.get(1).get("url").asText()).isEqualTo(slack);
        filter.put("states", List.of(Map.of("label", "Normal"), Map.of("label", "High", "actions", List.of(
                Map.of("type", "cus", "on", "entry", "extra_payload", Map.of("url", masked)),
                Map.of("type", "slk", "on", "entry", "extra_payload", Map.of("slack_webhook", "https://hooks.slack.com/********"))))));
        ok(admin.put("/api/v1/filter/" + slug + "/", filter), 200);
        real = ok(admin.get("/api/v1/rule/" + id + "/"), 200).json().get("actions");
        assertThat(real.get(0).get("url").asText()).isEqualTo(url);
        assertThat(real.get(1).get("url").asText()).isEqualTo(slack);
        // A URL really changed is stored as given.
        ok(admin.patch("/api/v1/rule/" + id + "/", Map.of("actions", List.of(Map.of("kind", "webhook", "url", "https://hooks.example.com/x?token=new")))), 200);
        assertThat(ok(admin.get("/api/v1/rule/" + id + "/"), 200).json().get("actions").get(0).get("url").asText())
                .isEqualTo("https://hooks.example.com/x?token=new");
    }

    /**
     * Two webhooks whose URLs read alike masked (one endpoint, two tokens): an editor removing one while sending the
     * other masked is refused with 400 naming the field, and the rule keeps both (before, the remaining mask took the
     * first one's token, dropping the second's).
     */
    @Test
    void aMaskThatStandsForSeveralWebhooksIsRefusedOnceTheyMoveAndTheRuleIsUnchanged() {
        OrgStream at = orgStream();
        String org = at.org();
        long id = rule(at, List.of(Map.of("kind", "webhook", "url", "https://hooks.example.com/x?token=first"),
                Map.of("kind", "webhook", "url", "https://hooks.example.com/x?token=second")));
        JsonNode before = ok(admin.get("/api/v1/rule/" + id + "/"), 200).json().get("actions");
        JsonNode masked = ok(Seed.member(admin, server.anonymous(), org, "viewer").api().get("/api/v1/rule/" + id + "/"), 200).json().get("actions");

        Api.Response r = admin.patch("/api/v1/rule/" + id + "/", Map.of("actions", List.of(masked.get(1))));
        assertError(r, 400);
        assertThat(r.json().get("fields").get("actions[0].url").asText()).contains("send the full URL");
        assertThat(ok(admin.get("/api/v1/rule/" + id + "/"), 200).json().get("actions")).isEqualTo(before);
        // Saved back in place, each keeps its own token.
        ok(admin.patch("/api/v1/rule/" + id + "/", Map.of("name", "renamed", "actions", masked)), 200);
        assertThat(ok(admin.get("/api/v1/rule/" + id + "/"), 200).json().get("actions")).isEqualTo(before);
    }

    /** A token in a webhook URL's path (Discord's /api/webhooks/ID/TOKEN) reads masked to a viewer, and saved back it is kept. */
    @Test
    void aTokenInAWebhookUrlsPathIsMaskedForViewersAndSavingTheMaskBackKeepsIt() {
        OrgStream at = orgStream();
        String org = at.org();
        String url = "https://discord.com/api/webhooks/123456789012345678/AbC-dEf_123456789xyzXYZ0123456789";
        long id = rule(at, List.of(Map.of("kind", "webhook", "url", url)));
        JsonNode masked = ok(Seed.member(admin, server.anonymous(), org, "viewer").api().get("/api/v1/rule/" + id + "/"), 200).json().get("actions");
        assertThat(masked.get(0).get("url").asText()).isEqualTo("https://discord.com/api/webhooks/123456789012345678/********");
        ok(admin.patch("/api/v1/rule/" + id + "/", Map.of("actions", masked)), 200);
        assertThat(ok(admin.get("/api/v1/rule/" + id + "/"), 200).json().get("actions").get(0).get("url").asText()).isEqualTo(url);
    }

    private JsonNode log(String org, long rule) { return ok(admin.get("/api/v1/action/log/?org=" + org + "&rule=" + rule), 200).json(); }
}
