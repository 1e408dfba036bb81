package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Adafruit IO triggers are evaluated (docs/ADAFRUIT.md, Triggers): created through /api/v2/{user}/triggers in the
 * AIO shape, each becomes a Feedline rule that the one rules engine evaluates; a value posted through the AIO API
 * fires it, its webhook reaches a real HTTP receiver and its feed action writes the other feed. Unsupported
 * shapes and loops are refused with the AIO error shape, and nothing is stored.
 */
class AioTriggerApiTest extends ApiTestSupport {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterAll
    void stopReceiver() { receiver.close(); }

    private String webhookUrl() { return receiver.url(); }

    private Seed.Member member;

    private AioClient user() {
        member = Seed.member(admin, server.anonymous(), Seed.org(admin), "member");
        String key = ok(member.api().post("/api/v1/auth/keys/", Map.of("name", "aio")), 201).json().get("key").asText();
        return new AioClient(server.anonymous().base(), member.username(), key);
    }

    private static long feed(AioClient io, String name) { return ok(io.form("/feeds", Map.of("name", name)), 201).json().get("id").asLong(); }

    private static void assertAioError(Api.Response r, int status, String says) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).as(r.toString()).contains(says);
    }

    /**
     * A token in a webhook trigger's action_url is a credential (docs/ACTIONS.md): the user reads it whole while they
     * may edit their personal org's rules (as its owner), masked once they may not (another owner made them a member),
     * and saving the masked form back keeps it, in the trigger and in its rule.
     */
    @Test
    void aWebhookTriggersTokenIsMaskedForAUserWhoMayNotEditAndSavingTheMaskBackKeepsIt() {
        AioClient io = user();
        long a = feed(io, "a");
        String url = "https://hooks.example.com/x?token=abc123";
        String masked = "https://hooks.example.com/x?token=********";
        long id = ok(io.post("/triggers", "{\"trigger\": {\"name\": \"hot\", \"feed_id\": " + a + ", \"operator\": \"gt\", \"value\": 10,"
                + " \"action\": \"webhook\", \"action_url\": \"" + url + "\"}}"), 201).json().get("id").asLong();
        assertThat(ok(io.get("/triggers/" + id), 200).json().get("action_url").asText()).isEqualTo(url);
        ok(io.json("PUT", "/triggers/" + id, "{\"trigger\": {\"action_url\": \"" + masked + "\", \"value\": 11}}"), 200);
        assertThat(ok(io.get("/triggers/" + id), 200).json().get("action_url").asText()).isEqualTo(url);
        assertThat(ok(io.get("/triggers/" + id), 200).json().get("value").asInt()).isEqualTo(11);

        String personal = demoteInPersonalOrg();
        assertThat(ok(io.get("/triggers/" + id), 200).json().get("action_url").asText()).isEqualTo(masked);
        assertThat(ok(io.get("/triggers"), 200).body()).doesNotContain("abc123");
        JsonNode rules = ok(admin.get("/api/v1/rule/?org=" + personal), 200).json().get("results");
        assertThat(rules.get(0).get("actions").get(0).get("url").asText()).isEqualTo(url);
    }

    /** Another owner joins the member's personal org and makes the member a plain member; returns the org's slug. */
    private String demoteInPersonalOrg() {
        String personal = null;
        for (JsonNode o : ok(member.api().get("/api/v1/org/"), 200).json().get("results")) {
            if (o.get("name").asText().equals(member.username())) personal = o.get("slug").asText();
        }
        String token = ok(member.api().post("/api/v1/org/" + personal + "/invite/", Map.of("email", "admin@example.com", "role", "owner")), 201)
                .json().get("token").asText();
        ok(admin.post("/api/v1/invitation/accept/", Map.of("token", token)), 200);
        ok(admin.patch("/api/v1/org/" + personal + "/members/" + member.id() + "/", Map.of("role", "member")), 200);
        return personal;
    }

    /**
     * A trigger without a rule (stored before triggers were evaluated; here its rule was deleted through the rules API)
     * is changed and deleted only by those who may edit the org's rules, as one with a rule is: a demoted user gets 403
     * and the trigger stays, its token still masked to them.
     */
    @Test
    void aTriggerWithoutARuleIsChangedAndDeletedOnlyByThoseWhoMayEditRules() {
        AioClient io = user();
        long a = feed(io, "a");
        String url = "https://hooks.example.com/x?token=abc123";
        long id = ok(io.post("/triggers", "{\"trigger\": {\"name\": \"hot\", \"feed_id\": " + a + ", \"operator\": \"gt\", \"value\": 10,"
                + " \"action\": \"webhook\", \"action_url\": \"" + url + "\"}}"), 201).json().get("id").asLong();
        long rule = ok(member.api().get("/api/v1/rule/"), 200).json().get("results").get(0).get("id").asLong();
        ok(member.api().delete("/api/v1/rule/" + rule + "/"), 204);
        demoteInPersonalOrg();

        Api.Response put = io.json("PUT", "/triggers/" + id, "{\"trigger\": {\"value\": 11}}");
        assertThat(put.body()).doesNotContain("abc123");
        assertAioError(put, 403, "needs 'admin'");
        Api.Response deleted = io.delete("/triggers/" + id);
        assertThat(deleted.body()).doesNotContain("abc123");
        assertAioError(deleted, 403, "needs 'admin'");
        JsonNode kept = ok(io.get("/triggers/" + id), 200).json();
        assertThat(kept.get("action_url").asText()).isEqualTo("https://hooks.example.com/x?token=********");
        assertThat(kept.get("value").asInt()).isEqualTo(10);
    }

    @Test
    void aTriggerWithAWebhookFiresWhenItsFeedGoesOverTheValue() throws Exception {
        AioClient io = user();
        long a = feed(io, "a");
        String body = "{\"trigger\": {\"name\": \"hot\", \"trigger_type\": \"reactive\", \"feed_id\": " + a
                + ", \"operator\": \"gt\", \"value\": \"10\", \"action\": \"webhook\", \"action_url\": \"" + webhookUrl() + "\"}}";
        JsonNode created = ok(io.post("/triggers", body), 201).json();
        // the AIO shape as sent, plus id and times
        assertThat(created.get("name").asText()).isEqualTo("hot");
        assertThat(created.get("operator").asText()).isEqualTo("gt");
        assertThat(created.get("value").asText()).isEqualTo("10");
        assertThat(created.get("feed_id").asLong()).isEqualTo(a);
        assertThat(ok(io.get("/triggers/" + created.get("id").asLong()), 200).json()).isEqualTo(created);

        ok(io.post("/feeds/a/data", "{\"value\": 5}"), 200);
        ok(io.post("/feeds/a/data", "{\"value\": 12}"), 200);
        String hook = receiver.next(BOUND);
        assertThat(hook).isNotNull();
        JsonNode sent = dev.feedline.json.Json.read(hook);
        assertThat(sent.get("value").asDouble()).isEqualTo(12.0);
        assertThat(sent.get("transition").asText()).isEqualTo("fired");
        assertThat(sent.get("rule").asText()).isEqualTo("hot");

        // the rule the trigger became is an ordinary rule of the user's org, marked with where it came from
        JsonNode rules = ok(member.api().get("/api/v1/rule/"), 200).json().get("results");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).get("source").asText()).isEqualTo("adafruit-trigger");
        assertThat(rules.get(0).get("source_ref").asText()).isEqualTo(created.get("id").asText());
        assertThat(rules.get(0).get("condition").toString()).isEqualTo("{\"kind\":\"threshold\",\"op\":\"gt\",\"value\":10.0}");
        // deleting the trigger deletes its rule
        ok(io.delete("/triggers/" + created.get("id").asLong()), 200);
        assertThat(ok(io.get("/triggers"), 200).json()).isEmpty();
        assertThat(ok(member.api().get("/api/v1/rule/"), 200).json().get("count").asInt()).isZero();
    }

    @Test
    void rulesMadeElsewhereListAsReadOnlyTriggersWhereTheShapeFits() {
        AioClient io = user();
        long a = feed(io, "a");
        long stored = ok(io.post("/triggers", "{\"name\": \"stored\", \"feed_id\": " + a + ", \"operator\": \"gt\", \"value\": 10}"), 201).json().get("id").asLong();
        JsonNode ruleOfTrigger = ok(member.api().get("/api/v1/rule/"), 200).json().get("results").get(0);
        String org = ruleOfTrigger.get("org").asText();
        String stream = ruleOfTrigger.get("scope").get("target").asText();
        long fits = ok(member.api().post("/api/v1/rule/", Map.of("org", org, "name", "from the rules API", "scope", Map.of("kind", "stream", "target", stream),
                "condition", Map.of("kind", "threshold", "op", "ge", "value", 20), "alarm", false,
                "actions", java.util.List.of(Map.of("kind", "webhook", "url", webhookUrl(), "on", java.util.List.of("fired", "cleared"))))), 201).json().get("id").asLong();
        // a window has no Adafruit IO trigger shape: not listed
        ok(member.api().post("/api/v1/rule/", Map.of("org", org, "name", "window", "scope", Map.of("kind", "stream", "target", stream),
                "condition", Map.of("kind", "window", "function", "avg", "minutes", 5, "op", "gt", "value", 3))), 201);

        JsonNode triggers = ok(io.get("/triggers"), 200).json();
        assertThat(triggers).hasSize(2);
        assertThat(triggers.get(0).get("id").asLong()).isEqualTo(stored);
        JsonNode view = triggers.get(1);
        assertThat(view.get("name").asText()).isEqualTo("from the rules API");
        assertThat(view.get("trigger_type").asText()).isEqualTo("reactive");
        assertThat(view.get("feed_id").asLong()).isEqualTo(a);
        assertThat(view.get("operator").asText()).isEqualTo("gte");
        assertThat(view.get("value").asDouble()).isEqualTo(20.0);
        assertThat(view.get("action").asText()).isEqualTo("webhook");
        assertThat(view.get("action_url").asText()).isEqualTo(webhookUrl());
        assertThat(view.get("notify_on_reset").asBoolean()).isTrue();
        assertThat(view.get("read_only").asBoolean()).isTrue();
        assertThat(view.get("rule").asLong()).isEqualTo(fits);
        long viewId = view.get("id").asLong();
        assertThat(ok(io.get("/triggers/" + viewId), 200).json()).isEqualTo(view);
        assertThat(ok(io.get("/actions"), 200).json()).hasSize(2);
        // changed and deleted through the rules API only
        assertAioError(io.json("PUT", "/triggers/" + viewId, "{\"value\": 30}"), 400, "/api/v1/rule/" + fits + "/");
        assertAioError(io.delete("/triggers/" + viewId), 400, "read_only");
        assertThat(ok(member.api().get("/api/v1/rule/" + fits + "/"), 200).json().get("condition").get("value").asDouble()).isEqualTo(20.0);
        ok(member.api().delete("/api/v1/rule/" + fits + "/"), 204);
        assertThat(ok(io.get("/triggers"), 200).json()).hasSize(1);
        assertThat(io.get("/triggers/" + viewId).status()).isEqualTo(404);
    }

    @Test
    void aTriggerWithAFeedActionPublishesTheValueToTheOtherFeedAndLoopsAreRefused() {
        AioClient io = user();
        long a = feed(io, "a");
        long b = feed(io, "b");
        long trigger = ok(io.post("/triggers", "{\"trigger\": {\"name\": \"copy\", \"feed_id\": " + a + ", \"operator\": \"gt\", \"value\": 10,"
                + " \"action\": \"feed\", \"action_feed_id\": " + b + "}}"), 201).json().get("id").asLong();
        ok(io.post("/feeds/a/data", "{\"value\": 11}"), 200);
        await().atMost(BOUND).until(() -> ok(io.get("/feeds/b/data"), 200).json().size() == 1);
        assertThat(ok(io.get("/feeds/b/data"), 200).json().get(0).get("value").asText()).isEqualTo("11");

        // b > 0 → write a would make the two triggers fire each other; a > 0 → write a fires itself
        assertAioError(io.post("/triggers", "{\"trigger\": {\"feed_id\": " + b + ", \"operator\": \"gt\", \"value\": 0, \"action\": \"feed\", \"action_feed_id\": " + a + "}}"),
                400, "trigger each other");
        assertAioError(io.post("/triggers", "{\"trigger\": {\"feed_id\": " + a + ", \"operator\": \"gt\", \"value\": 0, \"action\": \"feed\", \"action_feed_id\": " + a + "}}"),
                400, "trigger itself");
        assertThat(ok(io.get("/triggers"), 200).json()).hasSize(1);

        // a change is translated again: now it writes 7 rather than the value
        ok(io.json("PATCH", "/triggers/" + trigger, "{\"action_value\": \"7\", \"value\": 20}"), 200);
        ok(io.post("/feeds/a/data", "{\"value\": 1}"), 200);
        ok(io.post("/feeds/a/data", "{\"value\": 21}"), 200);
        await().atMost(BOUND).until(() -> ok(io.get("/feeds/b/data"), 200).json().size() == 2);
        assertThat(ok(io.get("/feeds/b/data/last"), 200).json().get("value").asText()).isEqualTo("7");
    }

    @Test
    void unsupportedTriggersAreRefusedAndNothingIsStored() {
        AioClient io = user();
        long a = feed(io, "a");
        assertAioError(io.post("/triggers", "{\"trigger\": {\"trigger_type\": \"timer\", \"feed_id\": " + a + ", \"operator\": \"gt\", \"value\": 1}}"), 400, "timer");
        assertAioError(io.post("/triggers", "{\"trigger\": {\"feed_id\": " + a + ", \"operator\": \"gt\", \"value\": 1, \"action\": \"sms\"}}"), 400, "sms");
        assertAioError(io.post("/triggers", "{\"trigger\": {\"feed_id\": " + a + ", \"operator\": \"between\", \"value\": 1}}"), 400, "between");
        assertAioError(io.post("/triggers", "{\"trigger\": {\"feed_id\": 999999, \"operator\": \"gt\", \"value\": 1}}"), 400, "feed_id");
        assertAioError(io.post("/triggers", "{\"trigger\": {\"name\": \"no feed\", \"operator\": \"gt\", \"value\": 1}}"), 400, "feed_id");
        assertAioError(io.post("/triggers", "{\"trigger\": {\"feed_id\": " + a + ", \"operator\": \"gt\", \"value\": \"warm\"}}"), 400, "value");
        assertThat(ok(io.get("/triggers"), 200).json()).isEmpty();
    }
}
