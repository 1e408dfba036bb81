package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dashboards: create, rename, share, save a layout, delete; who sees and who may change them. */
class DashboardApiTest extends ApiTestSupport {

    @Test
    void aDashboardIsPrivateUntilSharedAndItsLayoutIsSaved() {
        String org = Seed.org(admin);
        Seed.Member viewer = Seed.member(admin, server.anonymous(), org, "viewer");
        Seed.Member member = Seed.member(admin, server.anonymous(), org, "member");
        JsonNode created = ok(member.api().post("/api/v1/dashboard/", Map.of("org", org, "name", "Pumps")), 201).json();
        long id = created.get("id").asLong();
        assertThat(created.get("shared").asBoolean()).isFalse();
        assertThat(created.get("layout").get("widgets")).isEmpty();
        assertError(viewer.api().get("/api/v1/dashboard/" + id + "/"), 404);
        assertThat(viewer.api().get("/api/v1/dashboard/").json()).isEmpty();

        Map<String, Object> layout = Map.of("widgets", List.of(Map.of("id", "w1", "type", "line", "x", 0, "y", 0, "w", 6, "h", 4,
                "config", Map.of("streams", List.of("s--0000-0001--0000-0000-0000-0001--5001")))));
        JsonNode saved = ok(member.api().patch("/api/v1/dashboard/" + id + "/", Map.of("name", "Pump room", "shared", true, "layout", layout)), 200).json();
        assertThat(saved.get("name").asText()).isEqualTo("Pump room");
        assertThat(saved.get("layout").get("widgets").get(0).get("type").asText()).isEqualTo("line");

        JsonNode seen = ok(viewer.api().get("/api/v1/dashboard/" + id + "/"), 200).json();
        assertThat(seen.get("layout")).isEqualTo(saved.get("layout"));
        assertError(viewer.api().patch("/api/v1/dashboard/" + id + "/", Map.of("name", "mine")), 403);
        assertError(viewer.api().post("/api/v1/dashboard/", Map.of("org", org, "name", "x")), 403);
        ok(admin.patch("/api/v1/dashboard/" + id + "/", Map.of("name", "Renamed by the admin")), 200);
        ok(member.api().delete("/api/v1/dashboard/" + id + "/"), 204);
        assertError(member.api().get("/api/v1/dashboard/" + id + "/"), 404);
    }

    @Test
    void strangersNeverSeeAnotherOrgsDashboardsAndBadLayoutsAreRefused() {
        String org = Seed.org(admin);
        long id = ok(admin.post("/api/v1/dashboard/", Map.of("org", org, "name", "Shared", "shared", true)), 201).json().get("id").asLong();
        Seed.Member stranger = Seed.member(admin, server.anonymous(), Seed.org(admin), "owner");
        assertError(stranger.api().get("/api/v1/dashboard/" + id + "/"), 404);
        assertError(stranger.api().delete("/api/v1/dashboard/" + id + "/"), 404);
        assertThat(stranger.api().get("/api/v1/dashboard/").json()).extracting(d -> d.get("id").asLong()).doesNotContain(id);
        assertError(admin.patch("/api/v1/dashboard/" + id + "/", Map.of("layout", List.of(1, 2))), 400);
        assertError(admin.post("/api/v1/dashboard/", Map.of("org", org)), 400);
    }
}
