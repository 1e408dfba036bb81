package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.Api;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-org retention: owners set retention_days, and the server's retention job applies it as of the server's clock. */
class RetentionApiTest extends ApiTestSupport {
    static final Instant NOW = Instant.parse("2024-07-01T00:00:00Z");

    @Override
    protected Clock clock() { return Clock.fixed(NOW, ZoneOffset.UTC); }

    @Test
    void pointsOlderThanTheOrgsRetentionGoAndOtherOrgsKeepTheirs() {
        String expiring = Seed.org(admin);
        String keeping = Seed.org(admin);
        String a = streamIn(expiring);
        String b = streamIn(keeping);
        for (String s : List.of(a, b)) {
            ok(admin.post("/api/v1/data/", List.of(Seed.point(s, "2024-04-01T00:00:00Z", 1), Seed.point(s, "2024-06-25T00:00:00Z", 2))), 201);
        }
        assertThat(ok(admin.patch("/api/v1/org/" + expiring + "/", Map.of("retention_days", 30)), 200).json().get("retention_days").asInt()).isEqualTo(30);
        assertThat(ok(admin.get("/api/v1/org/" + keeping + "/"), 200).json().get("retention_days").isNull()).isTrue();

        server.server().retention().run();

        assertThat(values(a)).containsExactly(2);
        assertThat(values(b)).containsExactly(1, 2);
    }

    @Test
    void onlyOwnersSetARetentionOf1To36500DaysOrNull() {
        String org = Seed.org(admin);
        String path = "/api/v1/org/" + org + "/";
        Seed.Member orgAdmin = Seed.member(admin, server.anonymous(), org, "admin");
        assertError(orgAdmin.api().patch(path, Map.of("retention_days", 30)), 403);
        assertError(orgAdmin.api().patch(path, Map.of("about", "x", "retention_days", 30)), 403);
        ok(orgAdmin.api().patch(path, Map.of("about", "admins still edit the rest")), 200);
        for (Object bad : List.of(0, -1, 36_501, "30", 1.5)) {
            Api.Response r = admin.patch(path, Map.of("retention_days", bad));
            assertError(r, 400);
            assertThat(r.json().get("fields").has("retention_days")).as(String.valueOf(bad)).isTrue();
        }
        assertThat(ok(admin.get(path), 200).json().get("about").asText()).isEqualTo("admins still edit the rest");

        ok(admin.patch(path, Map.of("retention_days", 36_500)), 200);
        assertThat(ok(admin.patch(path, Map.of("name", "Renamed")), 200).json().get("retention_days").asInt()).isEqualTo(36_500);
        assertThat(ok(admin.patch(path, Collections.singletonMap("retention_days", null)), 200).json().get("retention_days").isNull()).isTrue();
    }

    private String streamIn(String org) {
        String pslug = Seed.project(admin, org).get("slug").asText();
        Seed.variable(admin, pslug, "temp", "5001");
        return Seed.stream(pslug, Seed.deviceIn(admin, pslug).get("slug").asText(), "5001");
    }

    private List<Integer> values(String stream) {
        List<Integer> out = new ArrayList<>();
        ok(admin.get("/api/v1/data/?filter=" + stream), 200).json().get("results").forEach(p -> out.add(p.get("int_value").asInt()));
        return out;
    }
}
