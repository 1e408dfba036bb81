package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.feedline.core.action.Firing;
import dev.feedline.core.action.RuleActions;
import dev.feedline.core.action.WebhookSender;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rule actions end to end on a running server (docs/ACTIONS.md): each test calls RuleActions.fire inside a store
 * transaction, as the rules engine does, and watches the real target: a GreenMail SMTP server, a JDK HTTP server
 * checking the webhook's signature, an MQTT client subscribed on the embedded broker, the written point through
 * the API, the command on the device, the notification through the API; the action log shows every attempt.
 */
class RuleActionsApiTest extends ApiTestSupport {
    private static final AtomicLong IDS = new AtomicLong(1000);
    private final int smtpPort = FreePorts.next();
    private final int mqttPort = FreePorts.next();
    private GreenMail mail;
    private HttpServer receiver;
    private final BlockingQueue<Received> webhooks = new LinkedBlockingQueue<>();
    /** The statuses the webhook receiver answers, in turn; 200 once they are used. */
    private final BlockingQueue<Integer> webhookStatuses = new LinkedBlockingQueue<>();

    private record Received(Map<String, List<String>> headers, String body) {
        String header(String name) { return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null); }
    }

    @Override
    protected Map<String, String> serverConfig() {
        mail = startMail();
        return Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(smtpPort), "smtp.tls", "none", "smtp.from", "alerts@feedline.test",
                "smtp.user", "feedline", "smtp.password", "smtp-secret-pw", "public.url", "https://feedline.example.com/",
                "mqtt.port", Integer.toString(mqttPort), "mqtt.host", "127.0.0.1", "mqtt.anonymous", "true");
    }

    private GreenMail startMail() {
        GreenMail m = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        m.setUser("alerts@feedline.test", "feedline", "smtp-secret-pw");
        m.start();
        return m;
    }

    @AfterAll
    void stopTargets() {
        if (mail != null) mail.stop();
        if (receiver != null) receiver.stop(0);
    }

    private String webhookUrl() throws IOException {
        if (receiver == null) {
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                webhooks.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
                Integer status = webhookStatuses.poll();
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
                exchange.close();
            });
            receiver.start();
        }
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private RuleActions actions() { return server.server().ruleActions(); }

    private long orgId(String slug) {
        var services = server.server().services();
        var caller = new Caller.User(services.accounts().byEmail(TestServer.ADMIN_EMAIL).orElseThrow());
        return services.orgs().get(caller, slug).id();
    }

    /** Validates the actions for the org and fires them as the engine does: inside a store transaction. */
    private void fire(Firing firing, String actionsJson) {
        String stored = actions().validate(firing.orgId(), actionsJson);
        server.server().services().lookup().store().inTransaction(() -> {
            actions().fire(firing, stored);
            return null;
        });
    }

    private static Firing firing(long orgId, long ruleId, String originator, String stream, Double value, long position) {
        return new Firing(orgId, ruleId, "Too hot", Firing.FIRED, null, "MAJOR", originator, stream, value, null,
                Instant.parse("2026-03-01T10:15:30Z"), position);
    }

    private JsonNode log(String org, long ruleId) {
        return ok(admin.get("/api/v1/action/log/?org=" + org + "&rule=" + ruleId), 200).json();
    }

    private JsonNode awaitLog(String org, long ruleId, java.util.function.Predicate<JsonNode> until) {
        await().atMost(Duration.ofSeconds(30)).until(() -> until.test(log(org, ruleId)));
        return log(org, ruleId);
    }

    private static long okCount(JsonNode log) {
        long n = 0;
        for (JsonNode a : log.get("results")) if (a.get("ok").asBoolean()) n++;
        return n;
    }

    private static long failedCount(JsonNode log) { return log.get("count").asLong() - okCount(log); }

    private JsonNode notifications(Api api, String org) { return ok(api.get("/api/v1/notification/?org=" + org), 200).json(); }

    // --- email -----------------------------------------------------------------------------------------------

    @Test
    void anEmailIsSentOverSmtpWithTheTemplatesFilledIn() throws Exception {
        String org = Seed.org(admin);
        long rule = IDS.incrementAndGet();
        String device = Seed.device(admin, org).get("slug").asText();
        fire(firing(orgId(org), rule, device, null, 31.5, 1), """
                [{"kind": "email", "to": ["ops@example.com", "oncall@example.com"], "subject": "{{rule}}: {{ value }} on {{device}}",
                  "body": "Severity {{severity}} ({{transition}}) at {{at}}. See {{link}}"}]""");

        // GreenMail keeps one copy per recipient.
        await().atMost(Duration.ofSeconds(30)).until(() -> sent(device).size() == 2);
        MimeMessage message = sent(device).get(0);
        assertThat(java.util.Arrays.stream(message.getAllRecipients()).map(Object::toString)).containsExactly("ops@example.com", "oncall@example.com");
        assertThat(message.getSubject()).isEqualTo("Too hot: 31.5 on " + device);
        assertThat(GreenMailUtil.getBody(message)).contains("Severity MAJOR (fired) at 2026-03-01T10:15:30Z. See https://feedline.example.com/#/device/" + device);
        assertThat(message.getFrom()[0].toString()).isEqualTo("alerts@feedline.test");

        JsonNode log = awaitLog(org, rule, l -> okCount(l) == 1);
        JsonNode attempt = log.get("results").get(0);
        assertThat(attempt.get("kind").asText()).isEqualTo("email");
        assertThat(attempt.get("target").asText()).isEqualTo("ops@example.com, oncall@example.com");
        assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
        assertThat(attempt.get("rule").asLong()).isEqualTo(rule);
        assertThat(attempt.get("duration_ms").asLong()).isNotNegative();
        assertThat(log.toString()).doesNotContain("smtp-secret-pw");
    }

    @Test
    void aValueWithLineBreaksCannotAddHeadersToAnEmail() throws Exception {
        String org = Seed.org(admin);
        long rule = IDS.incrementAndGet();
        fire(new Firing(orgId(org), rule, "inject-" + rule, Firing.FIRED, null, null, "d--0000-0000-0000-000b", null, null,
                        "open\r\nBcc: evil@example.org\r\nX-Evil: 1", Instant.parse("2026-03-01T10:15:30Z"), 1),
                "[{\"kind\": \"email\", \"to\": \"ops@example.com\", \"subject\": \"{{rule}} {{text}}\", \"body\": \"{{text}}\"}]");
        await().atMost(Duration.ofSeconds(30)).until(() -> sent("inject-" + rule).size() == 1);
        MimeMessage message = sent("inject-" + rule).get(0);
        assertThat(message.getSubject()).isEqualTo("inject-" + rule + " open Bcc: evil@example.org X-Evil: 1");
        assertThat(message.getHeader("X-Evil")).isNull();
        assertThat(java.util.Arrays.stream(message.getAllRecipients()).map(Object::toString)).containsExactly("ops@example.com");
    }

    @Test
    void aFailingSmtpServerIsRetriedAndEveryAttemptIsLogged() {
        String org = Seed.org(admin);
        long rule = IDS.incrementAndGet();
        mail.stop();
        try {
            fire(firing(orgId(org), rule, "d--0000-0000-0000-0001", null, 5.0, 1),
                    "[{\"kind\": \"email\", \"to\": \"ops@example.com\", \"subject\": \"down-" + rule + "\", \"body\": \"{{value}}\"}]");
            // The firing's transaction returned at once: nothing waited for the SMTP server.
            awaitLog(org, rule, l -> failedCount(l) >= 2);
        } finally {
            mail = startMail();
        }
        JsonNode log = awaitLog(org, rule, l -> okCount(l) == 1);
        JsonNode results = log.get("results");
        assertThat(results.get(0).get("ok").asBoolean()).isTrue();
        assertThat(results.get(0).get("attempt").asInt()).isGreaterThanOrEqualTo(3);
        JsonNode failed = results.get(results.size() - 1);
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("attempt").asInt()).isEqualTo(1);
        assertThat(failed.get("error").asText()).isNotBlank().doesNotContain("smtp-secret-pw");
        assertThat(results.get(0).get("pid").asText()).isEqualTo(failed.get("pid").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> sent("down-" + rule).size() == 1);
    }

    /** The messages GreenMail received whose subject contains text (other tests send mail too). */
    private List<MimeMessage> sent(String text) throws jakarta.mail.MessagingException {
        List<MimeMessage> out = new java.util.ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) if (m.getSubject().contains(text)) out.add(m);
        return out;
    }

    // --- webhook ---------------------------------------------------------------------------------------------

    @Test
    void aWebhookIsSignedAndRetriedUntilItAnswers2xx() throws Exception {
        String org = Seed.org(admin);
        long rule = IDS.incrementAndGet();
        webhookStatuses.add(500);
        fire(firing(orgId(org), rule, "d--0000-0000-0000-0002", null, 7.0, 1), """
                [{"kind": "webhook", "url": "%s?token=abc", "secret": "hook-secret", "timeout": 5}]""".formatted(webhookUrl()));

        Received first = webhooks.poll(30, TimeUnit.SECONDS);
        Received second = webhooks.poll(30, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        for (Received r : List.of(first, second)) {
            String timestamp = r.header(WebhookSender.TIMESTAMP);
            assertThat(r.header(WebhookSender.SIGNATURE)).isEqualTo("sha256=" + hmac("hook-secret", timestamp + "." + r.body()));
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
        }
        assertThat(second.header(WebhookSender.DELIVERY)).isEqualTo(first.header(WebhookSender.DELIVERY));
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(second.body());
        assertThat(body.get("rule").asText()).isEqualTo("Too hot");
        assertThat(body.get("rule_id").asLong()).isEqualTo(rule);
        assertThat(body.get("value").asDouble()).isEqualTo(7.0);
        assertThat(body.get("device").asText()).isEqualTo("d--0000-0000-0000-0002");

        JsonNode log = awaitLog(org, rule, l -> okCount(l) == 1);
        assertThat(log.get("count").asInt()).isEqualTo(2);
        JsonNode failed = log.get("results").get(1);
        assertThat(failed.get("error").asText()).contains("HTTP 500");
        // The log shows where it went without the URL's query (which may hold a token).
        assertThat(failed.get("target").asText()).isEqualTo(webhookUrl());
    }

    /** A receiver's check of the signature, written independently of WebhookSender. */
    private static String hmac(String secret, String text) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(text.getBytes(StandardCharsets.UTF_8))) hex.append(String.format("%02x", b));
        return hex.toString();
    }

    // --- write, command, publish, notify ---------------------------------------------------------------------

    @Test
    void aWriteActionStoresThePointThroughIngest() {
        String org = Seed.org(admin);
        JsonNode project = Seed.project(admin, org);
        String target = Seed.stream(project.get("slug").asText(), null, "5001");
        ok(admin.post("/api/v1/data/", List.of(Seed.point(target, "2026-03-01T09:00:00Z", 1.0))), 201);
        long rule = IDS.incrementAndGet();
        String actionsJson = "[{\"kind\": \"write\", \"stream\": \"" + target + "\", \"value\": \"{{value}}\"}]";
        long streamId = server.server().services().lookup().store().streams().bySlug(target).orElseThrow().id();
        assertThat(actions().writtenStreams(orgId(org), actions().validate(orgId(org), actionsJson))).containsExactly(streamId);

        fire(firing(orgId(org), rule, "d--0000-0000-0000-0003", null, 42.0, 1), actionsJson);

        await().atMost(Duration.ofSeconds(30)).until(() -> Seed.count(admin, target) == 2);
        JsonNode points = ok(admin.get("/api/v1/data/?filter=" + target + "&start=2026-03-01T10:00:00Z"), 200).json();
        assertThat(points.get("results").get(0).get("value").asDouble()).isEqualTo(42.0);
        assertThat(points.get("results").get(0).get("timestamp").asText()).startsWith("2026-03-01T10:15:30");
        assertThat(awaitLog(org, rule, l -> okCount(l) == 1).get("results").get(0).get("target").asText()).isEqualTo(target);
    }

    @Test
    void aWriteActionChangesAnAdafruitIoFeed() {
        Seed.Member m = Seed.member(admin, server.anonymous(), Seed.org(admin), "member");
        String key = ok(m.api().post("/api/v1/auth/keys/", Map.of("name", "aio")), 201).json().get("key").asText();
        AioClient io = new AioClient(server.anonymous().base(), m.username(), key);
        ok(io.form("/feeds", Map.of("name", "heater")), 201);
        long personal = server.server().services().lookup().store().orgs().personalOrg(m.id()).orElseThrow().orgId();
        long rule = IDS.incrementAndGet();
        String actionsJson = "[{\"kind\": \"write\", \"feed\": \"heater\", \"value\": \"ON\"}]";
        assertThat(actions().writtenStreams(personal, actions().validate(personal, actionsJson))).hasSize(1);

        fire(firing(personal, rule, "d--0000-0000-0000-000a", null, 3.0, 1), actionsJson);

        await().atMost(Duration.ofSeconds(30)).until(() -> ok(io.get("/feeds/heater/data"), 200).json().size() == 1);
        assertThat(io.get("/feeds/heater/data").json().get(0).get("value").asText()).isEqualTo("ON");
    }

    @Test
    void aDeliveryWhoseTargetIsGoneIsLoggedOnceAndNotRetried() {
        String org = Seed.org(admin);
        String device = Seed.device(admin, org).get("slug").asText();
        long rule = IDS.incrementAndGet();
        String stored = actions().validate(orgId(org), "[{\"kind\": \"command\", \"device\": \"" + device + "\", \"method\": \"m\"}]");
        ok(admin.delete("/api/v1/device/" + device + "/"), 204);
        server.server().services().lookup().store().inTransaction(() -> {
            actions().fire(firing(orgId(org), rule, device, null, 1.0, 1), stored);
            return null;
        });
        JsonNode log = awaitLog(org, rule, l -> l.get("count").asInt() == 1);
        assertThat(log.get("results").get(0).get("ok").asBoolean()).isFalse();
        assertThat(log.get("results").get(0).get("error").asText()).contains("device not found");
        String pid = log.get("results").get(0).get("pid").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/pid/?pid=" + pid).json().get("status").asText().equals("done"));
        assertThat(log(org, rule).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aCommandActionReachesTheDeviceOverMqtt() throws Exception {
        String org = Seed.org(admin);
        JsonNode created = Seed.device(admin, org);
        String device = created.get("slug").asText();
        long rule = IDS.incrementAndGet();
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("dev-" + rule).serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
        client.connectWith().simpleAuth().username(created.get("token").asText()).applySimpleAuth().send();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            fire(firing(orgId(org), rule, device, null, 1.0, 1),
                    "[{\"kind\": \"command\", \"device\": \"" + device + "\", \"method\": \"fan\", \"params\": {\"speed\": 3}}]");
            Optional<Mqtt5Publish> request = publishes.receive(30, TimeUnit.SECONDS);
            assertThat(request).isPresent();
            assertThat(new String(request.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).contains("\"method\":\"fan\"").contains("\"speed\":3");
        } finally {
            client.disconnect();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> ok(admin.get("/api/v1/device/" + device + "/rpc/"), 200).json().get("count").asInt() == 1);
        JsonNode command = admin.get("/api/v1/device/" + device + "/rpc/").json().get("results").get(0);
        assertThat(command.get("method").asText()).isEqualTo("fan");
        assertThat(command.toString()).contains("\"speed\":3");
        assertThat(awaitLog(org, rule, l -> okCount(l) == 1).get("results").get(0).get("target").asText()).isEqualTo(device + " fan");
    }

    @Test
    void aPublishActionReachesAnMqttSubscriber() throws Exception {
        String org = Seed.org(admin);
        long rule = IDS.incrementAndGet();
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("sub-" + rule).serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
        client.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("plant/alerts/#").qos(MqttQos.AT_LEAST_ONCE).send();
            fire(firing(orgId(org), rule, "d--0000-0000-0000-0004", null, 12.0, 1),
                    "[{\"kind\": \"publish\", \"topic\": \"plant/alerts/heat\", \"payload\": \"{\\\"v\\\": {{value}}}\", \"qos\": 1}]");
            Optional<Mqtt5Publish> message = publishes.receive(30, TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(message.get().getTopic().toString()).isEqualTo("plant/alerts/heat");
            assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"v\": 12}");
        } finally {
            client.disconnect();
        }
        awaitLog(org, rule, l -> okCount(l) == 1);
    }

    @Test
    void aNotificationIsForEveryMemberWhoMarkItReadEachForThemselves() {
        String org = Seed.org(admin);
        Seed.Member viewer = Seed.member(admin, server.anonymous(), org, "viewer");
        long rule = IDS.incrementAndGet();
        fire(new Firing(orgId(org), rule, "Door", Firing.FIRED, 77L, "CRITICAL", "d--0000-0000-0000-0005", null, null, "open",
                        Instant.parse("2026-03-01T10:15:30Z"), 1),
                "[{\"kind\": \"notify\", \"title\": \"{{rule}} is {{value}}\", \"body\": \"alarm {{alarm}}\"}]");

        await().atMost(Duration.ofSeconds(30)).until(() -> notifications(admin, org).get("count").asInt() == 1);
        JsonNode n = notifications(admin, org).get("results").get(0);
        assertThat(n.get("title").asText()).isEqualTo("Door is open");
        assertThat(n.get("body").asText()).isEqualTo("alarm 77");
        assertThat(n.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(n.get("link").asText()).isEqualTo("https://feedline.example.com/#/alarm/77");
        assertThat(n.get("read").asBoolean()).isFalse();

        JsonNode read = ok(admin.post("/api/v1/notification/" + n.get("id").asLong() + "/read/", Map.of()), 200).json();
        assertThat(read.get("read").asBoolean()).isTrue();
        assertThat(ok(admin.get("/api/v1/notification/?unread=true&org=" + org), 200).json().get("count").asInt()).isZero();
        assertThat(notifications(viewer.api(), org).get("results").get(0).get("read").asBoolean()).isFalse();
        assertThat(ok(viewer.api().post("/api/v1/notification/read/", Map.of("org", org)), 200).json().get("marked").asInt()).isEqualTo(1);
        assertThat(notifications(viewer.api(), org).get("results").get(0).get("read").asBoolean()).isTrue();

        // Someone outside the org sees neither the notification nor the org's log.
        Api stranger = Seed.member(admin, server.anonymous(), Seed.org(admin), "owner").api();
        assertThat(stranger.get("/api/v1/notification/").json().get("count").asInt()).isZero();
        assertError(stranger.post("/api/v1/notification/" + n.get("id").asLong() + "/read/", Map.of()), 404);
        assertError(stranger.get("/api/v1/notification/?org=" + org), 404);
        assertError(stranger.get("/api/v1/action/log/?org=" + org), 404);
        assertError(server.anonymous().get("/api/v1/action/log/"), 401);
        assertError(server.anonymous().get("/api/v1/notification/"), 401);
    }

    // --- cooldown, duplicates, transitions -------------------------------------------------------------------

    @Test
    void aCooldownSkipsFiringsOfTheSameOriginatorUntilItHasPassed() {
        String org = Seed.org(admin);
        long rule = IDS.incrementAndGet();
        String notify = "[{\"kind\": \"notify\", \"title\": \"{{originator}}\", \"cooldown\": \"PT1H\"}]";
        fire(firing(orgId(org), rule, "d--0000-0000-0000-0006", null, 1.0, 1), notify);
        fire(firing(orgId(org), rule, "d--0000-0000-0000-0006", null, 2.0, 2), notify);
        fire(firing(orgId(org), rule, "d--0000-0000-0000-0007", null, 3.0, 3), notify);

        await().atMost(Duration.ofSeconds(30)).until(() -> okCount(log(org, rule)) == 2);
        JsonNode list = notifications(admin, org);
        assertThat(list.get("count").asInt()).isEqualTo(2);
        assertThat(list.toString()).contains("d--0000-0000-0000-0006", "d--0000-0000-0000-0007");
    }

    @Test
    void aFiringHandledTwiceQueuesItsActionsOnceAndClearingRunsOnlyActionsThatAskForIt() {
        String org = Seed.org(admin);
        long rule = IDS.incrementAndGet();
        String json = "[{\"kind\": \"notify\", \"title\": \"fired {{transition}}\"},"
                + " {\"kind\": \"notify\", \"title\": \"both {{transition}}\", \"on\": [\"fired\", \"cleared\"]}]";
        Firing fired = firing(orgId(org), rule, "d--0000-0000-0000-0008", null, 1.0, 10);
        fire(fired, json);
        fire(fired, json);
        fire(new Firing(fired.orgId(), rule, "Too hot", Firing.CLEARED, null, null, fired.originator(), null, null, null, fired.at(), 11), json);

        await().atMost(Duration.ofSeconds(30)).until(() -> okCount(log(org, rule)) == 3);
        JsonNode list = notifications(admin, org);
        assertThat(list.get("count").asInt()).isEqualTo(3);
        assertThat(list.toString()).contains("fired fired", "both fired", "both cleared").doesNotContain("fired cleared");
    }

    @Test
    void aFiringRolledBackWithTheEnginesTransactionQueuesNothing() {
        String org = Seed.org(admin);
        long rule = IDS.incrementAndGet();
        String stored = actions().validate(orgId(org), "[{\"kind\": \"notify\", \"title\": \"never\"}]");
        assertThatThrownBy(() -> server.server().services().lookup().store().inTransaction(() -> {
            actions().fire(firing(orgId(org), rule, "d--0000-0000-0000-0009", null, 1.0, 1), stored);
            throw new IllegalStateException("the rule's state could not be stored");
        })).isInstanceOf(IllegalStateException.class);
        // Fired again after the failure (same position), it is queued: the rolled-back attempt left no trace.
        fire(firing(orgId(org), rule, "d--0000-0000-0000-0009", null, 1.0, 1), "[{\"kind\": \"notify\", \"title\": \"once\"}]");
        await().atMost(Duration.ofSeconds(30)).until(() -> okCount(log(org, rule)) == 1);
        assertThat(notifications(admin, org).toString()).contains("once").doesNotContain("never");
    }

    // --- validation ------------------------------------------------------------------------------------------

    private String refusal(String org, String json) {
        try {
            actions().validate(orgId(org), json);
        } catch (FeedlineException e) {
            assertThat(e.kind()).isEqualTo(dev.feedline.core.error.ErrorKind.INVALID);
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void validationNamesTheActionAndFieldAndChecksTargetsBelongToTheOrg() {
        String org = Seed.org(admin);
        String other = Seed.org(admin);
        JsonNode project = Seed.project(admin, other);
        String foreignStream = Seed.stream(project.get("slug").asText(), null, "5002");
        ok(admin.post("/api/v1/data/", List.of(Seed.point(foreignStream, "2026-03-01T09:00:00Z", 1.0))), 201);
        String foreignDevice = Seed.device(admin, other).get("slug").asText();

        assertThat(refusal(org, "{}")).contains("actions").contains("array");
        assertThat(refusal(org, "[{\"kind\": \"sms\"}]")).startsWith("actions[0].kind: unknown kind 'sms'");
        assertThat(refusal(org, "[{\"kind\": \"notify\", \"title\": \"x\"}, {\"kind\": \"webhook\", \"url\": \"ftp://example.com/\"}]"))
                .startsWith("actions[1].url: must be an http or https URL");
        assertThat(refusal(org, "[{\"kind\": \"email\", \"to\": [\"nobody\"], \"subject\": \"s\", \"body\": \"b\"}]")).startsWith("actions[0].to[0]:");
        assertThat(refusal(org, "[{\"kind\": \"notify\", \"title\": \"{{temperature}}\"}]"))
                .startsWith("actions[0].title: unknown placeholder {{temperature}}");
        assertThat(refusal(org, "[{\"kind\": \"notify\", \"title\": \"x\", \"colour\": \"red\"}]")).startsWith("actions[0].colour:");
        assertThat(refusal(org, "[{\"kind\": \"notify\", \"title\": \"x\", \"cooldown\": \"5 minutes\"}]")).startsWith("actions[0].cooldown:");
        assertThat(refusal(org, "[{\"kind\": \"write\", \"stream\": \"" + foreignStream + "\", \"value\": 1}]"))
                .startsWith("actions[0].stream: no such stream in this org");
        assertThat(refusal(org, "[{\"kind\": \"write\", \"feed\": \"nope\", \"value\": 1}]")).startsWith("actions[0].feed: no such feed");
        assertThat(refusal(org, "[{\"kind\": \"command\", \"device\": \"" + foreignDevice + "\", \"method\": \"m\"}]"))
                .startsWith("actions[0].device: no such device in this org");
        assertThat(refusal(org, "[{\"kind\": \"publish\", \"topic\": \"v1/devices/me/telemetry\", \"payload\": \"{}\"}]")).startsWith("actions[0].topic:");
        assertThat(refusal(org, "[{\"kind\": \"publish\", \"topic\": \"bob/feeds/temp\", \"payload\": \"1\"}]")).startsWith("actions[0].topic:");
        assertThat(refusal(org, "[{\"kind\": \"publish\", \"topic\": \"$SYS/x\", \"payload\": \"1\"}]")).startsWith("actions[0].topic:");
        String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, "{\"kind\": \"notify\", \"title\": \"x\"}")) + "]";
        assertThat(refusal(org, eleven)).contains("at most 10 actions");

        String normalised = actions().validate(orgId(org), "[{\"kind\": \"notify\", \"title\": \"t\", \"cooldown\": \"PT5M\"}]");
        assertThat(normalised).isEqualTo("[{\"kind\":\"notify\",\"title\":\"t\",\"body\":\"\",\"cooldown\":300,\"on\":[\"fired\"]}]");
    }
}
