package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.server.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staged rollout of deployment requests (issue 17, point 5): at most N devices a minute, pause / resume / cancel, and
 * an automatic stop when the failed share passes the threshold. The server's clock is moved by the test; the rollout
 * round runs every second on the server's scheduler.
 */
class OtaRolloutApiTest extends ApiTestSupport {
    private static final MovableClock CLOCK = new MovableClock(Instant.now());
    private OrgTeam t;

    @Override
    protected Clock clock() { return CLOCK; }

    @BeforeEach
    void world() { t = OrgTeam.of(admin, server.anonymous()); }

    private static Map<String, Object> map(Object... kv) { return OrgTeam.map(kv); }

    /** A fleet of n new devices; returns the fleet slug followed by the device slugs, in id order. */
    private List<String> fleet(int n) {
        String fleet = ok(t.admin().api().post("/api/v1/fleet/", map("org", t.org(), "name", Seed.unique("wave"))), 201).json().get("slug").asText();
        List<String> out = new ArrayList<>(List.of(fleet));
        for (int i = 0; i < n; i++) {
            String d = Seed.device(admin, t.org()).get("slug").asText();
            ok(t.admin().api().post("/api/v1/fleet/" + fleet + "/register/", map("device", d)), 201);
            out.add(d);
        }
        return out;
    }

    private long request(String fleet, Object... rollout) {
        String script = ok(t.admin().api().post("/api/v1/ota/script/", map("org", t.org(), "name", Seed.unique("fw"), "major_version", 3)), 201)
                .json().get("slug").asText();
        Map<String, Object> body = map(rollout);
        body.putAll(map("script", script, "fleet", fleet, "released", true));
        return ok(t.admin().api().post("/api/v1/ota/request/", body), 201).json().get("id").asLong();
    }

    private JsonNode view(long id) { return ok(t.member().api().get("/api/v1/ota/request/" + id + "/"), 200).json(); }

    private int waiting(long id) { return view(id).get("progress").get("waiting").asInt(); }

    private boolean offeredTo(String device, long id) {
        JsonNode deployments = ok(t.member().api().get("/api/v1/ota/device/" + device + "/"), 200).json().get("deployments");
        for (JsonNode d : deployments) if (d.get("id").asLong() == id) return true;
        return false;
    }

    /** The request stays so for a few rounds of the rollout (which runs every second). */
    private void stays(long id, Predicate<JsonNode> p) {
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(6)).until(() -> p.test(view(id)));
    }

    private void becomes(long id, Predicate<JsonNode> p) { await().atMost(Duration.ofSeconds(10)).until(() -> p.test(view(id))); }

    private JsonNode post(Seed.Member who, long id, String what, int status) {
        return ok(who.api().post("/api/v1/ota/request/" + id + "/" + what + "/", map()), status).json();
    }

    @Test
    void atMostNDevicesAMinutePausedResumedAndCancelled() {
        List<DomainEvent.DeploymentChanged> steps = new CopyOnWriteArrayList<>();
        server.server().events().subscribe("test-" + Seed.unique("steps"), DomainEvent.DeploymentChanged.class, steps::add);
        List<String> f = fleet(5);
        long id = request(f.get(0), "max_devices_per_minute", 2);
        JsonNode r = view(id);
        assertThat(r.get("max_devices_per_minute").asInt()).isEqualTo(2);
        assertThat(r.get("rollout").asText()).isEqualTo("running");
        assertThat(r.get("progress").get("total").asInt()).isEqualTo(5);
        assertThat(r.get("progress").get("waiting").asInt()).isEqualTo(3);
        assertThat(offeredTo(f.get(1), id)).isTrue();
        assertThat(offeredTo(f.get(2), id)).isTrue();
        assertThat(offeredTo(f.get(3), id)).as("waits for its turn").isFalse();
        ok(t.member().api().post("/api/v1/ota/action/", map("deployment", id, "device", f.get(3), "attempt_successful", true)), 400);

        CLOCK.advance(Duration.ofSeconds(30)); // half a minute: no one more
        stays(id, v -> v.get("progress").get("waiting").asInt() == 3);
        CLOCK.advance(Duration.ofSeconds(31));
        becomes(id, v -> v.get("progress").get("waiting").asInt() == 1);
        assertThat(offeredTo(f.get(3), id)).isTrue();

        post(t.member(), id, "pause", 403);
        post(t.stranger(), id, "pause", 404);
        assertThat(post(t.admin(), id, "pause", 200).get("rollout").asText()).isEqualTo("paused");
        post(t.admin(), id, "pause", 400);
        CLOCK.advance(Duration.ofMinutes(2));
        stays(id, v -> v.get("progress").get("waiting").asInt() == 1 && v.get("rollout").asText().equals("paused"));
        assertThat(offeredTo(f.get(2), id)).as("a paused rollout's devices carry on").isTrue();

        assertThat(post(t.admin(), id, "resume", 200).get("rollout").asText()).isEqualTo("running");
        post(t.admin(), id, "resume", 400);
        assertThat(waiting(id)).isZero();

        JsonNode cancelled = post(t.admin(), id, "cancel", 200);
        assertThat(cancelled.get("rollout").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("completed_on").isNull()).isFalse();
        assertThat(offeredTo(f.get(1), id)).isFalse();
        post(t.admin(), id, "resume", 400);
        post(t.admin(), id, "cancel", 400);
        ok(t.admin().api().post("/api/v1/ota/request/99999999/pause/", map()), 404);

        // Every step was an event, in order.
        await().atMost(Duration.ofSeconds(5)).until(() -> steps.stream().filter(e -> e.requestId() == id).count() >= 7);
        List<String> names = steps.stream().filter(e -> e.requestId() == id).map(DomainEvent.DeploymentChanged::step).toList();
        assertThat(names).containsExactly("released", "dispatched", "dispatched", "paused", "resumed", "dispatched", "cancelled");
        assertThat(steps.stream().filter(e -> e.requestId() == id).toList().get(1).deviceIds()).hasSize(2);
    }

    @Test
    void cancellingStopsTheDevicesStillWaiting() {
        List<String> f = fleet(3);
        long id = request(f.get(0), "max_devices_per_minute", 1);
        post(t.admin(), id, "cancel", 200);
        CLOCK.advance(Duration.ofMinutes(5));
        stays(id, v -> v.get("progress").get("waiting").asInt() == 2);
        assertThat(offeredTo(f.get(2), id)).isFalse();
    }

    @Test
    void theRolloutStopsWhenFailuresPassTheThresholdAndResumesWithANewOne() {
        List<String> f = fleet(6);
        long id = request(f.get(0), "max_devices_per_minute", 3, "max_failure_percent", 40, "min_failure_sample", 2);
        for (String bad : new String[] {"max_failure_percent", "min_failure_sample", "max_devices_per_minute"}) {
            ok(t.admin().api().post("/api/v1/ota/request/", map("script", view(id).get("script").asText(), "fleet", f.get(0), bad, -1)), 400);
        }
        ok(t.member().api().post("/api/v1/ota/action/", map("deployment", id, "device", f.get(1), "attempt_successful", false)), 201);
        stays(id, v -> v.get("rollout").asText().equals("running")); // one finished device is below the sample
        ok(t.member().api().post("/api/v1/ota/action/", map("deployment", id, "device", f.get(2), "attempt_successful", true)), 201);
        stays(id, v -> v.get("rollout").asText().equals("running")); // an attempt is not finished: 1 of 1 failed, sample 2
        List<DomainEvent.DeploymentChanged> steps = new CopyOnWriteArrayList<>();
        server.server().events().subscribe("test-" + Seed.unique("steps"), DomainEvent.DeploymentChanged.class, steps::add);
        ok(t.member().api().post("/api/v1/ota/action/", map("deployment", id, "device", f.get(3), "attempt_successful", false)), 201);
        becomes(id, v -> v.get("rollout").asText().equals("stopped"));
        await().atMost(Duration.ofSeconds(5)).until(() -> steps.stream().anyMatch(e -> e.requestId() == id && e.step().equals("stopped")));
        assertThat(steps.stream().filter(e -> e.requestId() == id).map(DomainEvent.DeploymentChanged::step).toList()).containsExactly("failed", "stopped");
        assertThat(view(id).get("rollout_reason").asText()).contains("2 of 2");
        CLOCK.advance(Duration.ofMinutes(2));
        stays(id, v -> v.get("progress").get("waiting").asInt() == 3);

        ok(t.admin().api().post("/api/v1/ota/request/" + id + "/resume/", map("max_failure_percent", 101)), 400);
        JsonNode resumed = ok(t.admin().api().post("/api/v1/ota/request/" + id + "/resume/", map("max_failure_percent", 100)), 200).json();
        assertThat(resumed.get("rollout").asText()).isEqualTo("running");
        assertThat(resumed.get("max_failure_percent").asInt()).isEqualTo(100);
        assertThat(waiting(id)).isZero();
        stays(id, v -> v.get("rollout").asText().equals("running"));
    }

    /** Issue 17 point 1 (what remained): devices that come to match an open request become its targets, at its pace. */
    @Test
    void devicesThatJoinWhileARequestIsOpenBecomeTargetsAtItsPace() {
        List<DomainEvent.DeploymentChanged> steps = new CopyOnWriteArrayList<>();
        server.server().events().subscribe("test-" + Seed.unique("steps"), DomainEvent.DeploymentChanged.class, steps::add);
        List<String> f = fleet(2);
        long id = request(f.get(0), "max_devices_per_minute", 2);
        assertThat(waiting(id)).isZero();

        // Two devices join the fleet: targets at once, given the deployment when the pace allows (2 went this minute).
        List<String> late = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            late.add(Seed.device(admin, t.org()).get("slug").asText());
            ok(t.admin().api().post("/api/v1/fleet/" + f.get(0) + "/register/", map("device", late.get(i))), 201);
        }
        JsonNode v = view(id);
        assertThat(v.get("progress").get("total").asInt()).isEqualTo(4);
        assertThat(v.get("progress").get("waiting").asInt()).isEqualTo(2);
        assertThat(offeredTo(late.get(0), id)).as("waits for its turn").isFalse();
        CLOCK.advance(Duration.ofSeconds(61));
        becomes(id, r -> r.get("progress").get("waiting").asInt() == 0);
        assertThat(offeredTo(late.get(1), id)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> steps.stream().anyMatch(e -> e.requestId() == id && e.step().equals("targeted")
                && e.deviceIds().size() == 1));

        // An org-wide request takes a device created in the org later, by the rollout round within a minute.
        String script = ok(t.admin().api().post("/api/v1/ota/script/", map("org", t.org(), "name", Seed.unique("fw"))), 201).json().get("slug").asText();
        long orgWide = ok(t.admin().api().post("/api/v1/ota/request/", map("script", script, "org", t.org(), "released", true)), 201)
                .json().get("id").asLong();
        int before = view(orgWide).get("progress").get("total").asInt();
        assertThat(before).isEqualTo(4);
        String newcomer = Seed.device(admin, t.org()).get("slug").asText();
        CLOCK.advance(Duration.ofSeconds(61));
        becomes(orgWide, r -> r.get("progress").get("total").asInt() == before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> offeredTo(newcomer, orgWide));

        // A completed request takes no one any more.
        post(t.admin(), id, "complete", 200);
        String tooLate = Seed.device(admin, t.org()).get("slug").asText();
        ok(t.admin().api().post("/api/v1/fleet/" + f.get(0) + "/register/", map("device", tooLate)), 201);
        CLOCK.advance(Duration.ofSeconds(61));
        stays(id, r -> r.get("progress").get("total").asInt() == 4);
    }
}
