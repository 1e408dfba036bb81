package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.json.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * IOTile stream filters (/api/v1/filter/, docs/RULES.md Other dialects): a two-state filter created in the
 * reference server's shape is a Feedline rule; points posted through the data API fire it, its custom (webhook)
 * action reaches a real HTTP receiver and shows in the action log, its derived-stream action writes; GET answers in
 * the reference's shape; shapes that do not fit are refused with 400 and nothing is stored.
 */
class FilterApiTest extends ApiTestSupport {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private final WebhookReceiver receiver = new WebhookReceiver();

    private record Fixture(String org, String project, String device, String stream, String variable, String out) {}

    private Fixture fixture() {
        String org = Seed.org(admin);
        String project = Seed.project(admin, org).get("slug").asText();
        String variable = Seed.variable(admin, project, "temp", "5001").get("slug").asText();
        Seed.variable(admin, project, "derived", "5002");
        String device = Seed.deviceIn(admin, project).get("slug").asText();
        return new Fixture(org, project, device, Seed.stream(project, device, "5001"), variable, Seed.stream(project, device, "5002"));
    }

    @AfterAll
    void stopReceiver() { receiver.close(); }

    private String webhookUrl() { return receiver.url(); }

    /** normal → high when > 30, high → normal when < 20; a custom action on entry of high, a derived stream on entry of normal. */
    private Map<String, Object> twoStates(Fixture f, String url) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "heat");
        body.put("project", f.project());
        body.put("variable", f.variable());
        body.put("device", f.device());
        body.put("states", List.of(
                Map.of("label", "Normal", "actions", List.of(Map.of("type", "drv", "on", "entry", "extra_payload", Map.of("output_stream", f.out())))),
                Map.of("label", "High", "actions", List.of(Map.of("type", "cus", "on", "entry", "extra_payload", Map.of("url", url))))));
        body.put("transitions", List.of(
                Map.of("src", "Normal", "dst", "High", "triggers", List.of(Map.of("operator", "gt", "user_threshold", 30))),
                Map.of("src", "High", "dst", "Normal", "triggers", List.of(Map.of("operator", "lt", "user_threshold", 20)))));
        return body;
    }

    private void post(String stream, String timestamp, double value) { ok(admin.post("/api/v1/data/", Seed.point(stream, timestamp, value)), 201); }

    @Test
    void aTwoStateFilterFiresItsActionsAndReadsBackInTheReferenceShape() throws Exception {
        Fixture f = fixture();
        JsonNode created = ok(admin.post("/api/v1/filter/", twoStates(f, webhookUrl())), 201).json();
        String slug = created.get("slug").asText();
        assertThat(slug).isEqualTo("f--" + f.stream().substring(3));
        assertThat(created.get("input_stream").asText()).isEqualTo(f.stream());
        assertThat(created.get("project").asText()).isEqualTo(f.project());
        assertThat(created.get("variable").asText()).isEqualTo(f.variable());
        assertThat(created.get("device").asText()).isEqualTo(f.device());
        assertThat(created.get("read_only").asBoolean()).isFalse();

        JsonNode got = ok(admin.get("/api/v1/filter/" + slug + "/"), 200).json();
        assertThat(got).isEqualTo(created);
        JsonNode states = got.get("states");
        assertThat(states.get(0).get("label").asText()).isEqualTo("Normal");
        assertThat(states.get(1).get("slug").asText()).isEqualTo("high");
        JsonNode high = states.get(1).get("actions").get(0);
        assertThat(high.get("type").asText()).isEqualTo("cus");
        assertThat(high.get("on").asText()).isEqualTo("entry");
        assertThat(high.get("extra_payload").get("url").asText()).isEqualTo(webhookUrl());
        assertThat(states.get(0).get("actions").get(0).get("type").asText()).isEqualTo("drv");
        JsonNode transitions = got.get("transitions");
        assertThat(transitions).hasSize(2);
        assertThat(transitions.get(0).get("src").asInt()).isEqualTo(1);
        assertThat(transitions.get(0).get("dst").asInt()).isEqualTo(2);
        assertThat(transitions.get(0).get("triggers").get(0).get("operator").asText()).isEqualTo("gt");
        assertThat(transitions.get(0).get("triggers").get(0).get("user_threshold").asDouble()).isEqualTo(30.0);
        assertThat(transitions.get(1).get("triggers").get(0).get("operator").asText()).isEqualTo("lt");
        assertThat(ok(admin.get("/api/v1/filter/?project=" + f.project()), 200).json().get("count").asInt()).isEqualTo(1);

        // the filter is an ordinary rule, marked with where it came from
        JsonNode rule = ok(admin.get("/api/v1/rule/" + created.get("rule").asLong() + "/"), 200).json();
        assertThat(rule.get("source").asText()).isEqualTo("iotile-filter");
        assertThat(rule.get("source_ref").asText()).isEqualTo(slug);
        assertThat(rule.get("clear").toString()).isEqualTo("{\"kind\":\"threshold\",\"op\":\"lt\",\"value\":20.0}");

        post(f.stream(), "2026-01-01T00:00:00Z", 31);
        JsonNode hook = Json.read(receiver.next(BOUND));
        assertThat(hook.get("transition").asText()).isEqualTo("fired");
        assertThat(hook.get("value").asDouble()).isEqualTo(31.0);
        assertThat(ok(admin.get("/api/v1/alarm/count/?org=" + f.org()), 200).json().get("count").asInt()).isEqualTo(1);
        await().atMost(BOUND).until(() -> ok(admin.get("/api/v1/action/log/?org=" + f.org()), 200).json().get("count").asInt() >= 1);
        JsonNode log = ok(admin.get("/api/v1/action/log/?org=" + f.org()), 200).json().get("results").get(0);
        assertThat(log.get("kind").asText()).isEqualTo("webhook");
        assertThat(log.get("ok").asBoolean()).isTrue();

        // back below 20: the filter re-enters Normal, whose derived-stream action writes the value
        post(f.stream(), "2026-01-01T00:01:00Z", 19);
        await().atMost(BOUND).until(() -> Seed.count(admin, f.out()) == 1);

        ok(admin.delete("/api/v1/filter/" + slug + "/"), 204);
        assertError(admin.get("/api/v1/filter/" + slug + "/"), 404);
        assertError(admin.get("/api/v1/rule/" + created.get("rule").asLong() + "/"), 404);
    }

    @Test
    void aSlackActionPostsSlacksTextShapeAndReadsBackAsSlk() throws Exception {
        Fixture f = fixture();
        Map<String, Object> body = twoStates(f, webhookUrl());
        body.put("states", List.of(Map.of("label", "Normal"), Map.of("label", "High", "actions", List.of(Map.of("type", "slk", "on", "entry",
                "extra_payload", Map.of("slack_webhook", webhookUrl(), "custom_note", "check the boiler"))))));
        JsonNode created = ok(admin.post("/api/v1/filter/", body), 201).json();
        JsonNode slk = created.get("states").get(1).get("actions").get(0);
        assertThat(slk.get("type").asText()).isEqualTo("slk");
        assertThat(slk.get("extra_payload").get("slack_webhook").asText()).isEqualTo(webhookUrl());
        JsonNode action = ok(admin.get("/api/v1/rule/" + created.get("rule").asLong() + "/"), 200).json().get("actions").get(0);
        assertThat(action.get("kind").asText()).isEqualTo("slack");

        post(f.stream(), "2026-01-01T00:00:00Z", 31);
        // Slack's incoming webhooks take {"text": ...}: the message alone, rendered from the template.
        JsonNode message = Json.read(receiver.next(BOUND));
        assertThat(message.size()).as(message.toString()).isEqualTo(1);
        assertThat(message.get("text").asText()).startsWith("heat fired: 31").contains(f.stream()).endsWith("check the boiler");
        await().atMost(BOUND).until(() -> ok(admin.get("/api/v1/action/log/?org=" + f.org()), 200).json().get("count").asInt() >= 1);
        JsonNode log = ok(admin.get("/api/v1/action/log/?org=" + f.org()), 200).json().get("results").get(0);
        assertThat(log.get("kind").asText()).isEqualTo("slack");
        assertThat(log.get("ok").asBoolean()).isTrue();
        // The URL's path is the credential of a Slack webhook: the log names the host only.
        assertThat(log.get("target").asText()).isEqualTo(webhookUrl().substring(0, webhookUrl().indexOf("/hook")));
    }

    @Test
    void shapesThatDoNotFitOneRuleAreRefusedAndNothingIsStored() throws Exception {
        Fixture f = fixture();
        Map<String, Object> three = twoStates(f, webhookUrl());
        three.put("states", List.of(Map.of("label", "a"), Map.of("label", "b"), Map.of("label", "c")));
        Map<String, Object> sms = twoStates(f, webhookUrl());
        sms.put("states", List.of(Map.of("label", "Normal"), Map.of("label", "High", "actions", List.of(Map.of("type", "sms", "extra_payload", Map.of())))));
        Map<String, Object> buffer = twoStates(f, webhookUrl());
        buffer.put("transitions", List.of(Map.of("src", "Normal", "dst", "High", "triggers", List.of(Map.of("operator", "bu", "user_threshold", 0)))));
        Map<String, Object> bare = new HashMap<>(Map.of("project", f.project(), "variable", f.variable(), "name", "empty"));
        Map<String, Object> loop = twoStates(f, webhookUrl());
        loop.put("states", List.of(Map.of("label", "Normal"), Map.of("label", "High", "actions",
                List.of(Map.of("type", "drv", "extra_payload", Map.of("output_stream", f.stream()))))));
        for (Map<String, Object> body : List.of(three, sms, buffer, bare, loop)) {
            var r = admin.post("/api/v1/filter/", body);
            assertError(r, 400);
        }
        assertThat(admin.post("/api/v1/filter/", sms).json().toString()).contains("sms actions are not supported");
        assertThat(admin.post("/api/v1/filter/", loop).json().toString()).contains("trigger itself");
        assertThat(ok(admin.get("/api/v1/filter/?project=" + f.project()), 200).json().get("count").asInt()).isZero();
        assertThat(ok(admin.get("/api/v1/rule/?org=" + f.org()), 200).json().get("count").asInt()).isZero();
        // one filter per stream, as the reference
        ok(admin.post("/api/v1/filter/", twoStates(f, webhookUrl())), 201);
        assertError(admin.post("/api/v1/filter/", twoStates(f, webhookUrl())), 400);
    }

    @Test
    void aFilterIsReplacedWholeByPutAndABadOneChangesNothing() throws Exception {
        Fixture f = fixture();
        String slug = ok(admin.post("/api/v1/filter/", twoStates(f, webhookUrl())), 201).json().get("slug").asText();
        Map<String, Object> changed = new HashMap<>();
        changed.put("name", "cold");
        changed.put("states", List.of(Map.of("label", "Warm"), Map.of("label", "Cold")));
        changed.put("transitions", List.of(Map.of("src", "Warm", "dst", "Cold", "triggers", List.of(Map.of("operator", "le", "user_threshold", 2)))));
        JsonNode put = ok(admin.put("/api/v1/filter/" + slug + "/", changed), 200).json();
        assertThat(put.get("name").asText()).isEqualTo("cold");
        assertThat(put.get("states").get(0).get("label").asText()).isEqualTo("Warm");
        assertThat(put.get("states").get(1).get("actions")).isEmpty();
        assertThat(put.get("transitions")).hasSize(1);
        JsonNode rule = ok(admin.get("/api/v1/rule/" + put.get("rule").asLong() + "/"), 200).json();
        assertThat(rule.get("condition").toString()).isEqualTo("{\"kind\":\"threshold\",\"op\":\"le\",\"value\":2.0}");
        assertThat(rule.get("clear").isNull()).isTrue();
        assertThat(rule.get("actions")).isEmpty();

        changed.put("states", List.of(Map.of("label", "a"), Map.of("label", "b"), Map.of("label", "c")));
        assertError(admin.put("/api/v1/filter/" + slug + "/", changed), 400);
        Map<String, Object> moved = twoStates(f, webhookUrl());
        moved.put("variable", "v--0000-0fff--5001");
        assertError(admin.put("/api/v1/filter/" + slug + "/", moved), 400);
        assertThat(ok(admin.get("/api/v1/filter/" + slug + "/"), 200).json()).isEqualTo(put);
    }

    @Test
    void viewersReadFiltersAdminsChangeThemAndOtherOrgsDoNotSeeThem() {
        Fixture f = fixture();
        String slug = ok(admin.post("/api/v1/filter/", twoStates(f, webhookUrl())), 201).json().get("slug").asText();
        var viewer = Seed.member(admin, server.anonymous(), f.org(), "viewer").api();
        ok(viewer.get("/api/v1/filter/" + slug + "/"), 200);
        assertError(viewer.delete("/api/v1/filter/" + slug + "/"), 403);
        assertError(viewer.put("/api/v1/filter/" + slug + "/", twoStates(f, webhookUrl())), 403);
        var stranger = Seed.member(admin, server.anonymous(), Seed.org(admin), "admin").api();
        assertError(stranger.get("/api/v1/filter/" + slug + "/"), 404);
        assertThat(ok(stranger.get("/api/v1/filter/"), 200).json().get("count").asInt()).isZero();
        assertError(stranger.post("/api/v1/filter/", twoStates(f, webhookUrl())), 404);
        ok(admin.get("/api/v1/filter/" + slug + "/"), 200);
    }

    @Test
    void aFeedlineRuleOfTheSameShapeListsAsAReadOnlyFilter() {
        Fixture f = fixture();
        Map<String, Object> body = new HashMap<>();
        body.put("org", f.org());
        body.put("name", "too hot");
        body.put("scope", Map.of("kind", "variable", "target", f.variable()));
        body.put("condition", Map.of("kind", "threshold", "op", "ge", "value", 40));
        ok(admin.post("/api/v1/rule/", body), 201);
        JsonNode list = ok(admin.get("/api/v1/filter/?project=" + f.project()), 200).json();
        assertThat(list.get("count").asInt()).isEqualTo(1);
        JsonNode filter = list.get("results").get(0);
        assertThat(filter.get("read_only").asBoolean()).isTrue();
        assertThat(filter.get("input_stream").isNull()).isTrue();
        assertThat(filter.get("variable").asText()).isEqualTo(f.variable());
        assertThat(filter.get("transitions").get(0).get("triggers").get(0).get("operator").asText()).isEqualTo("ge");
        String slug = filter.get("slug").asText();
        assertThat(ok(admin.get("/api/v1/filter/" + slug + "/"), 200).json()).isEqualTo(filter);
        assertError(admin.delete("/api/v1/filter/" + slug + "/"), 400);
        assertError(admin.put("/api/v1/filter/" + slug + "/", Map.of("states", List.of())), 400);
    }
}
