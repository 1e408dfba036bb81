package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.live.LiveClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules and alarms through the REST API, end to end: a rule created over HTTP, points ingested through the normal
 * data API, the alarm raised by the engine (from the durable delivery), acknowledged, cleared, raised again, its
 * history, counts, live events, roles and validation.
 */
class RuleApiTest extends ApiTestSupport {
    private static final Duration BOUND = Duration.ofSeconds(20);

    private record Fixture(String org, String project, String device, String stream, String variable) {}

    private Fixture fixture() {
        String org = Seed.org(admin);
        String project = Seed.project(admin, org).get("slug").asText();
        String variable = Seed.variable(admin, project, "temp", "5001").get("slug").asText();
        String device = Seed.deviceIn(admin, project).get("slug").asText();
        return new Fixture(org, project, device, Seed.stream(project, device, "5001"), variable);
    }

    private static Map<String, Object> rule(String org, String kind, String target, Map<String, Object> condition) {
        Map<String, Object> m = new HashMap<>();
        m.put("org", org);
        m.put("name", "too hot");
        m.put("scope", Map.of("kind", kind, "target", target));
        m.put("condition", condition);
        return m;
    }

    private void post(String stream, String timestamp, double value) { ok(admin.post("/api/v1/data/", Seed.point(stream, timestamp, value)), 201); }

    private JsonNode alarms(String query) { return ok(admin.get("/api/v1/alarm/?" + query), 200).json(); }

    @Test
    void aRuleRaisesAnAlarmThatIsAcknowledgedClearedAndRaisedAgain() throws Exception {
        Fixture f = fixture();
        Map<String, Object> body = rule(f.org(), "stream", f.stream(), Map.of("kind", "threshold", "op", "gt", "value", 30));
        body.put("clear", Map.of("kind", "threshold", "op", "lt", "value", 25));
        body.put("severity", "critical");
        JsonNode created = ok(admin.post("/api/v1/rule/", body), 201).json();
        long id = created.get("id").asLong();
        assertThat(created.get("org").asText()).isEqualTo(f.org());
        assertThat(created.get("project").asText()).isEqualTo(f.project());
        assertThat(created.get("scope").get("target").asText()).isEqualTo(f.stream());
        assertThat(created.get("condition").toString()).isEqualTo("{\"kind\":\"threshold\",\"op\":\"gt\",\"value\":30.0}");
        assertThat(created.get("enabled").asBoolean()).isTrue();
        assertThat(created.get("alarm").asBoolean()).isTrue();
        assertThat(created.get("actions").toString()).isEqualTo("[]");
        assertThat(ok(admin.get("/api/v1/rule/" + id + "/"), 200).json()).isEqualTo(created);
        assertThat(ok(admin.get("/api/v1/rule/?org=" + f.org()), 200).json().get("count").asInt()).isEqualTo(1);

        try (LiveClient live = LiveClient.connect(server.baseUrl(), admin.authorization().substring("JWT ".length()))) {
            live.send("{\"type\":\"subscribe\",\"id\":\"d\",\"device\":\"" + f.device() + "\"}");
            live.next(LiveClient.type("subscribed"));
            post(f.stream(), "2026-01-01T00:00:00Z", 20);
            post(f.stream(), "2026-01-01T00:00:01Z", 31);
            post(f.stream(), "2026-01-01T00:00:02Z", 35);
            await().atMost(BOUND).until(() -> alarms("rule=" + id).get("count").asInt() == 1);
            JsonNode event = live.next(LiveClient.type("alarm"));
            assertThat(event.get("change").asText()).isEqualTo("created");
            assertThat(event.get("alarm").get("severity").asText()).isEqualTo("critical");
            assertThat(event.get("alarm").get("value").asDouble()).isEqualTo(31.0);
        }
        JsonNode alarm = alarms("rule=" + id).get("results").get(0);
        long alarmId = alarm.get("id").asLong();
        assertThat(alarm.get("status").asText()).isEqualTo("active");
        assertThat(alarm.get("originator").asText()).isEqualTo(f.stream());
        assertThat(alarm.get("device").asText()).isEqualTo(f.device());
        assertThat(alarm.get("project").asText()).isEqualTo(f.project());

        JsonNode acked = ok(admin.post("/api/v1/alarm/" + alarmId + "/ack/", Map.of()), 200).json();
        assertThat(acked.get("status").asText()).isEqualTo("acknowledged");
        assertThat(acked.get("acked_by").asText()).isEqualTo(ok(admin.get("/api/v1/auth/user-info/"), 200).json().get("username").asText());
        assertThat(acked.get("acked_on").isNull()).isFalse();

        post(f.stream(), "2026-01-01T00:00:03Z", 28); // hysteresis: not below 25, stays open
        post(f.stream(), "2026-01-01T00:00:04Z", 24);
        await().atMost(BOUND).until(() -> ok(admin.get("/api/v1/alarm/" + alarmId + "/"), 200).json().get("status").asText().equals("cleared"));
        JsonNode cleared = ok(admin.get("/api/v1/alarm/" + alarmId + "/"), 200).json();
        assertThat(cleared.get("cleared_by").isNull()).isTrue(); // the rule cleared it
        assertThat(ok(admin.get("/api/v1/alarm/" + alarmId + "/history/"), 200).json().get("results").findValuesAsText("what"))
                .containsExactly("created", "acknowledged", "cleared");

        post(f.stream(), "2026-01-01T00:00:05Z", 40);
        await().atMost(BOUND).until(() -> alarms("rule=" + id + "&status=open").get("count").asInt() == 1);
        assertThat(alarms("rule=" + id).get("count").asInt()).isEqualTo(2);
        long second = alarms("rule=" + id + "&status=open").get("results").get(0).get("id").asLong();
        assertThat(second).isNotEqualTo(alarmId);
        JsonNode counts = ok(admin.get("/api/v1/alarm/count/?org=" + f.org() + "&by=device"), 200).json();
        assertThat(counts.get("results").get(0).get("device").asText()).isEqualTo(f.device());
        assertThat(counts.get("results").get(0).get("open").asInt()).isEqualTo(1);
        assertThat(ok(admin.get("/api/v1/alarm/count/?org=" + f.org()), 200).json().get("results").get(0).get("project").asText()).isEqualTo(f.project());

        JsonNode byHand = ok(admin.post("/api/v1/alarm/" + second + "/clear/", Map.of()), 200).json();
        assertThat(byHand.get("status").asText()).isEqualTo("cleared");
        assertThat(byHand.get("cleared_by").isNull()).isFalse();
        assertThat(ok(admin.get("/api/v1/alarm/count/?org=" + f.org()), 200).json().get("count").asInt()).isZero();
        assertError(admin.post("/api/v1/alarm/" + second + "/ack/", Map.of()), 409);
        assertThat(alarms("org=" + f.org() + "&status=cleared&severity=critical&project=" + f.project() + "&device=" + f.device())
                .get("count").asInt()).isEqualTo(2);
    }

    @Test
    void aFiringRunsTheRulesActionsAndRulesThatWouldTriggerThemselvesAreRefused() {
        Fixture f = fixture();
        Seed.variable(admin, f.project(), "echo", "5002");
        String out = Seed.stream(f.project(), f.device(), "5002");
        Map<String, Object> body = rule(f.org(), "stream", f.stream(), Map.of("kind", "threshold", "op", "gt", "value", 30));
        body.put("actions", List.of(Map.of("kind", "notify", "title", "{{rule}}", "body", "reads {{value}}"),
                Map.of("kind", "write", "stream", out, "value", "{{value}}")));
        long id = ok(admin.post("/api/v1/rule/", body), 201).json().get("id").asLong();
        post(f.stream(), "2026-01-01T00:00:00Z", 31);
        await().atMost(BOUND).until(() -> Seed.count(admin, out) == 1);
        JsonNode notes = ok(admin.get("/api/v1/notification/?org=" + f.org()), 200).json();
        assertThat(notes.get("count").asInt()).isEqualTo(1);
        assertThat(notes.get("results").get(0).get("body").asText()).contains("31");
        assertThat(notes.get("results").get(0).get("rule").asLong()).isEqualTo(id);

        // out is written by the first rule: a rule on it writing back to the first rule's stream closes a loop
        Map<String, Object> back = rule(f.org(), "stream", out, Map.of("kind", "threshold", "op", "gt", "value", 0));
        back.put("actions", List.of(Map.of("kind", "write", "stream", f.stream(), "value", "1")));
        Api.Response loop = admin.post("/api/v1/rule/", back);
        assertError(loop, 400);
        assertThat(loop.json().toString()).contains("trigger each other");
        Map<String, Object> self = rule(f.org(), "stream", f.stream(), Map.of("kind", "threshold", "op", "lt", "value", 0));
        self.put("actions", List.of(Map.of("kind", "write", "stream", f.stream(), "value", "1")));
        Api.Response selfLoop = admin.post("/api/v1/rule/", self);
        assertError(selfLoop, 400);
        assertThat(selfLoop.json().toString()).contains("trigger itself");
        assertThat(ok(admin.get("/api/v1/rule/?org=" + f.org()), 200).json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void oneOpenAlarmPerOriginatorOfAVariableRule() {
        Fixture f = fixture();
        String other = Seed.deviceIn(admin, f.project()).get("slug").asText();
        String otherStream = Seed.stream(f.project(), other, "5001");
        long id = ok(admin.post("/api/v1/rule/", rule(f.org(), "variable", f.variable(), Map.of("kind", "threshold", "op", "ge", "value", 10))), 201)
                .json().get("id").asLong();
        ok(admin.post("/api/v1/data/", List.of(Seed.point(f.stream(), "2026-01-01T00:00:00Z", 10.0), Seed.point(otherStream, "2026-01-01T00:00:00Z", 11.0),
                Seed.point(f.stream(), "2026-01-01T00:00:01Z", 12.0), Seed.point(otherStream, "2026-01-01T00:00:02Z", 1.0))), 201);
        await().atMost(BOUND).until(() -> alarms("rule=" + id).get("count").asInt() == 2);
        assertThat(alarms("rule=" + id + "&status=open").get("results").findValuesAsText("originator")).containsExactly(f.stream());
        assertThat(alarms("rule=" + id + "&device=" + other).get("results").get(0).get("status").asText()).isEqualTo("cleared");
        JsonNode states = ok(admin.get("/api/v1/rule/" + id + "/state/"), 200).json();
        assertThat(states.get("results").findValuesAsText("originator")).containsExactlyInAnyOrder(f.stream(), otherStream);
    }

    @Test
    void badRulesAreRefusedWithTheFieldNamedAndNothingStored() {
        Fixture f = fixture();
        Map<String, Object> noCondition = rule(f.org(), "stream", f.stream(), null);
        noCondition.remove("condition");
        assertThat(refused(noCondition)).contains("condition");
        assertThat(refused(rule(f.org(), "stream", f.stream(), Map.of("kind", "hot")))).contains("condition.kind");
        assertThat(refused(rule(f.org(), "stream", f.stream(), Map.of("kind", "threshold", "op", "gt")))).contains("condition.value");
        assertThat(refused(rule(f.org(), "stream", f.stream(), Map.of("kind", "window", "function", "avg", "minutes", 100_000, "op", "gt", "value", 1))))
                .contains("condition.minutes");
        assertThat(refused(rule(f.org(), "stream", f.stream(), Map.of("kind", "offline", "minutes", 5)))).contains("presence");
        assertThat(refused(rule(f.org(), "device", f.device(), Map.of("kind", "window", "function", "avg", "minutes", 5, "op", "gt", "value", 1))))
                .contains("device scope");
        assertThat(refused(rule(f.org(), "stream", f.stream(), Map.of("kind", "range", "min", 5, "max", 1)))).contains("condition.max");
        Map<String, Object> withActions = rule(f.org(), "stream", f.stream(), Map.of("kind", "threshold", "op", "gt", "value", 1));
        withActions.put("actions", List.of(Map.of("kind", "email")));
        assertThat(refused(withActions)).contains("actions");
        Map<String, Object> badHold = rule(f.org(), "stream", f.stream(), Map.of("kind", "threshold", "op", "gt", "value", 1));
        badHold.put("hold", Map.of("seconds", 5, "points", 2));
        assertThat(refused(badHold)).contains("hold");
        String otherOrg = Seed.org(admin);
        assertError(admin.post("/api/v1/rule/", rule(otherOrg, "stream", f.stream(), Map.of("kind", "threshold", "op", "gt", "value", 1))), 400);
        assertThat(ok(admin.get("/api/v1/rule/?org=" + f.org()), 200).json().get("count").asInt()).isZero();
    }

    private String refused(Map<String, Object> body) {
        Api.Response r = admin.post("/api/v1/rule/", body);
        assertError(r, 400);
        return r.json().toString();
    }

    @Test
    void aComparedStreamIsTheOneItsSlugNamesNeverAnIdFromTheClient() {
        Fixture f = fixture();
        Fixture other = fixture();
        String reference = Seed.stream(f.project(), Seed.deviceIn(admin, f.project()).get("slug").asText(), "5001");
        post(reference, "2026-01-01T00:00:00Z", 100);
        post(other.stream(), "2026-01-01T00:00:00Z", 0);
        long foreignId = ok(admin.get("/api/v1/stream/" + other.stream() + "/"), 200).json().get("id").asLong();
        Map<String, Object> condition = Map.of("kind", "compare", "op", "gt", "stream", reference, "stream_id", foreignId);
        long id = ok(admin.post("/api/v1/rule/", rule(f.org(), "stream", f.stream(), condition)), 201).json().get("id").asLong();

        post(f.stream(), "2026-01-01T00:01:00Z", 50);  // above the other org's 0, below the named stream's 100
        post(f.stream(), "2026-01-01T00:02:00Z", 150);
        await().atMost(BOUND).until(() -> alarms("rule=" + id).get("count").asInt() == 1);
        long alarm = alarms("rule=" + id).get("results").get(0).get("id").asLong();
        assertThat(ok(admin.get("/api/v1/alarm/" + alarm + "/history/"), 200).json().get("results").get(0).get("value").asDouble()).isEqualTo(150);
    }

    @Test
    void viewersReadMembersHandleAlarmsAdminsChangeRules() {
        Fixture f = fixture();
        Seed.Member viewer = Seed.member(admin, server.anonymous(), f.org(), "viewer");
        Seed.Member member = Seed.member(admin, server.anonymous(), f.org(), "member");
        Map<String, Object> body = rule(f.org(), "stream", f.stream(), Map.of("kind", "threshold", "op", "gt", "value", 0));
        assertError(member.api().post("/api/v1/rule/", body), 403);
        long id = ok(admin.post("/api/v1/rule/", body), 201).json().get("id").asLong();
        ok(viewer.api().get("/api/v1/rule/" + id + "/"), 200);
        assertError(member.api().patch("/api/v1/rule/" + id + "/", Map.of("enabled", false)), 403);
        post(f.stream(), "2026-01-01T00:00:00Z", 1);
        await().atMost(BOUND).until(() -> alarms("rule=" + id).get("count").asInt() == 1);
        long alarm = alarms("rule=" + id).get("results").get(0).get("id").asLong();
        ok(viewer.api().get("/api/v1/alarm/" + alarm + "/"), 200);
        assertError(viewer.api().post("/api/v1/alarm/" + alarm + "/ack/", Map.of()), 403);
        assertThat(ok(member.api().post("/api/v1/alarm/" + alarm + "/ack/", Map.of()), 200).json().get("acked_by").asText()).isEqualTo(member.username());
        // another org's caller sees nothing
        Api stranger = server.anonymous();
        Seed.Member outsider = Seed.member(admin, stranger, Seed.org(admin), "admin");
        assertError(outsider.api().get("/api/v1/alarm/" + alarm + "/"), 404);
        assertError(outsider.api().get("/api/v1/rule/" + id + "/"), 404);
        JsonNode changed = ok(admin.patch("/api/v1/rule/" + id + "/", Map.of("enabled", false, "name", "renamed")), 200).json();
        assertThat(changed.get("name").asText()).isEqualTo("renamed");
        assertThat(changed.get("condition").get("value").asDouble()).isZero();
        ok(admin.delete("/api/v1/rule/" + id + "/"), 204);
        assertError(admin.get("/api/v1/rule/" + id + "/"), 404);
        assertError(admin.get("/api/v1/alarm/" + alarm + "/"), 404);
    }

    @Test
    void theOrgsRuleLimitIsConfiguration() throws Exception {
        try (dev.feedline.server.TestServer small = startServer(newDataDir(), Map.of("rules.max.per.org", "1", "rules.window.max.minutes", "5"))) {
            Api api = small.admin();
            String org = Seed.org(api);
            String project = Seed.project(api, org).get("slug").asText();
            Seed.variable(api, project, "temp", "5001");
            String stream = Seed.stream(project, Seed.deviceIn(api, project).get("slug").asText(), "5001");
            Map<String, Object> window = rule(org, "stream", stream, Map.of("kind", "window", "function", "max", "minutes", 6, "op", "gt", "value", 1));
            Api.Response tooLong = api.post("/api/v1/rule/", window);
            assertError(tooLong, 400);
            assertThat(tooLong.json().toString()).contains("must be 1 to 5");
            ok(api.post("/api/v1/rule/", rule(org, "stream", stream, Map.of("kind", "threshold", "op", "gt", "value", 1))), 201);
            Api.Response second = api.post("/api/v1/rule/", rule(org, "stream", stream, Map.of("kind", "threshold", "op", "gt", "value", 2)));
            assertError(second, 400);
            assertThat(second.json().get("detail").asText()).contains("at most 1 rules");
        }
    }

    @Test
    void aDeadmanRuleWatchesItsStreamFromTheStart() {
        Fixture f = fixture();
        Map<String, Object> body = rule(f.org(), "stream", f.stream(), Map.of("kind", "no_data", "minutes", 1));
        long id = ok(admin.post("/api/v1/rule/", body), 201).json().get("id").asLong();
        // the engine starts watching within a tick; the clock of this server is the real one, so the minute is checked by state
        await().atMost(BOUND).until(() -> ok(admin.get("/api/v1/rule/" + id + "/state/"), 200).json().get("count").asInt() == 1);
        JsonNode state = ok(admin.get("/api/v1/rule/" + id + "/state/"), 200).json().get("results").get(0);
        assertThat(state.get("originator").asText()).isEqualTo(f.stream());
        assertThat(Instant.parse(state.get("seen").asText())).isBefore(Instant.now().plusSeconds(1));
    }
}
