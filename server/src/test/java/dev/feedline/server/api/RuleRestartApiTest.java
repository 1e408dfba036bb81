package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.MovableClock;
import dev.feedline.server.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rule held for a duration survives a restart in the middle of it: the server stops while the condition has held
 * for part of the duration, starts again on the same data, and when its clock passes the end the alarm opens,
 * exactly once (also after one more restart).
 */
class RuleRestartApiTest extends ApiTestSupport {
    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @Override
    protected Clock clock() { return clock; }

    @Test
    void aDurationUnderWayCompletesAfterARestartAndTheAlarmOpensOnce() throws Exception {
        try (TestServer t = startServer(newDataDir(), Map.of())) {
            Api api = t.admin();
            String org = Seed.org(api);
            String project = Seed.project(api, org).get("slug").asText();
            Seed.variable(api, project, "temp", "5001");
            String device = Seed.deviceIn(api, project).get("slug").asText();
            String stream = Seed.stream(project, device, "5001");
            long id = ok(api.post("/api/v1/rule/", Map.of("org", org, "name", "hot for a minute", "scope", Map.of("kind", "stream", "target", stream),
                    "condition", Map.of("kind", "threshold", "op", "gt", "value", 30), "hold", Map.of("seconds", 60))), 201).json().get("id").asLong();
            ok(api.post("/api/v1/data/", Seed.point(stream, clock.instant().toString(), 31.0)), 201);
            await().atMost(Duration.ofSeconds(20)).until(() -> states(api, id).get("count").asInt() == 1
                    && !states(api, id).get("results").get(0).get("since").isNull());
            clock.advance(Duration.ofSeconds(30));

            t.restart();
            Api again = new Api(t.baseUrl(), api.authorization());
            assertThat(alarms(again, id).get("count").asInt()).isZero();
            clock.advance(Duration.ofSeconds(31));
            await().atMost(Duration.ofSeconds(20)).until(() -> alarms(again, id).get("count").asInt() == 1);
            // the clock keeps ticking: nothing more
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> alarms(again, id).get("count").asInt() == 1);
            t.restart();
            Api third = new Api(t.baseUrl(), api.authorization());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> alarms(third, id).get("count").asInt() == 1);
            JsonNode alarm = alarms(third, id).get("results").get(0);
            assertThat(alarm.get("status").asText()).isEqualTo("active");
            assertThat(alarm.get("value").asDouble()).isEqualTo(31.0);
            assertThat(ok(third.get("/api/v1/alarm/" + alarm.get("id").asLong() + "/history/"), 200).json().get("results").findValuesAsText("what"))
                    .containsExactly("created");
        }
    }

    private static JsonNode states(Api api, long id) { return ok(api.get("/api/v1/rule/" + id + "/state/"), 200).json(); }

    private static JsonNode alarms(Api api, long id) { return ok(api.get("/api/v1/alarm/?rule=" + id), 200).json(); }
}
