package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/search/ end to end (issue 17): every kind found across the caller's orgs and never another org's,
 * results kept current as objects change, narrowed by kind and org, paged, and any query text answered cleanly.
 */
class SearchApiTest extends ApiTestSupport {
    String org;
    String word;
    Seed.Member viewer;
    Seed.Member stranger;

    @BeforeEach
    void world() {
        org = Seed.org(admin);
        viewer = Seed.member(admin, server.anonymous(), org, "viewer");
        stranger = Seed.member(admin, server.anonymous(), Seed.org(admin), "owner");
        word = "w" + Seed.unique("x").replace("-", ""); // one word no other test's objects hold
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static JsonNode search(Api api, String query) { return ok(api.get("/api/v1/search/?" + query), 200).json(); }

    private static List<String> found(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("results").forEach(n -> out.add(n.get("kind").asText() + ":" + n.get("slug").asText()));
        return out;
    }

    @Test
    void everyKindIsFoundWithItsLinkAndOnlyByMembersOfItsOrg() {
        JsonNode project = ok(admin.post("/api/v1/project/", Map.of("org", org, "name", word + " project")), 201).json();
        String p = project.get("slug").asText();
        JsonNode device = ok(admin.post("/api/v1/device/", Map.of("project", p, "label", word + " pump")), 201).json();
        String d = device.get("slug").asText();
        JsonNode variable = Seed.variable(admin, p, word + "_level", "5001");
        String fleet = ok(admin.post("/api/v1/fleet/", Map.of("org", org, "name", "fleet " + word)), 201).json().get("slug").asText();
        ok(admin.post("/api/v1/device/" + d + "/new_property/", Map.of("name", "serial", "str_value", "sn " + word)), 201);
        ok(admin.post("/api/v1/note/", Map.of("target", d, "note", "checked the " + word + " seals")), 201);

        JsonNode page = search(viewer.api(), "q=" + word);
        // The stream the variable made for the device carries the variable's name as its label.
        assertThat(found(page)).containsExactlyInAnyOrder("project:" + p, "device:" + d, "variable:" + variable.get("slug").asText(),
                "stream:" + Seed.stream(p, d, "5001"), "fleet:" + fleet, "property:" + d, "note:" + d);
        assertThat(page.get("count").asLong()).isEqualTo(page.get("results").size());
        JsonNode first = page.get("results").get(0);
        assertThat(first.get("org").asText()).isEqualTo(org);
        for (JsonNode r : page.get("results")) assertThat(r.get("link").asText()).startsWith("#/");
        JsonNode dev = search(viewer.api(), "q=" + word + "&kind=device").get("results");
        assertThat(dev).singleElement().satisfies(r -> {
            assertThat(r.get("title").asText()).isEqualTo(word + " pump");
            assertThat(r.get("link").asText()).isEqualTo("#/device/" + d);
        });
        assertThat(found(search(viewer.api(), "q=" + enc(d)))).contains("device:" + d);
        assertThat(found(search(viewer.api(), "q=" + word + "&kind=note,property"))).containsExactlyInAnyOrder("note:" + d, "property:" + d);
        assertThat(found(search(viewer.api(), "q=" + word + "&org=" + org))).hasSize(7);

        // Another org's member finds nothing, and cannot name the org either.
        assertThat(search(stranger.api(), "q=" + word).get("count").asLong()).isZero();
        assertError(stranger.api().get("/api/v1/search/?q=" + word + "&org=" + org), 404);
    }

    @Test
    void resultsFollowRenamesAndDeletes() {
        String d = ok(admin.post("/api/v1/device/", Map.of("org", org, "label", word + " old")), 201).json().get("slug").asText();
        assertThat(found(search(admin, "q=" + word))).containsExactly("device:" + d);

        ok(admin.patch("/api/v1/device/" + d + "/", Map.of("label", "renamed " + word + "x")), 200);
        assertThat(found(search(admin, "q=" + word + "+old"))).isEmpty();
        assertThat(found(search(admin, "q=renamed+" + word))).containsExactly("device:" + d);

        ok(admin.delete("/api/v1/device/" + d + "/"), 204);
        assertThat(search(admin, "q=" + word).get("count").asLong()).isZero();
    }

    @Test
    void theBetterMatchComesFirstAndPagesAreCapped() {
        for (int i = 0; i < 3; i++) ok(admin.post("/api/v1/fleet/", Map.of("org", org, "name", "other " + i, "description", "about " + word)), 201);
        String best = ok(admin.post("/api/v1/fleet/", Map.of("org", org, "name", word)), 201).json().get("slug").asText();

        JsonNode page = search(admin, "q=" + word + "&page_size=2");
        assertThat(page.get("count").asLong()).isEqualTo(4);
        assertThat(page.get("results").get(0).get("slug").asText()).isEqualTo(best);
        assertThat(page.get("next").asText()).contains("page=2");
        assertThat(search(admin, "q=" + word + "&page_size=1000").get("results")).hasSize(4); // capped at 100, not refused
        assertError(admin.get("/api/v1/search/?q=" + word + "&page=101&page_size=10"), 400);
    }

    @Test
    void badQueriesAreACleanErrorAndOddTextIsJustText() {
        assertError(admin.get("/api/v1/search/"), 400);
        assertError(admin.get("/api/v1/search/?q=+++"), 400);
        assertError(admin.get("/api/v1/search/?q=" + enc("\"*()")), 400);
        assertError(admin.get("/api/v1/search/?q=" + "a".repeat(201)), 400);
        assertError(admin.get("/api/v1/search/?q=pump&kind=spaceship"), 400);
        assertError(server.anonymous().get("/api/v1/search/?q=pump"), 401);

        String d = ok(admin.post("/api/v1/device/", Map.of("org", org, "label", word + " \"NEAR(x)\" OR * Zürich")), 201).json().get("slug").asText();
        for (String q : List.of("\"", "\"" + word, word + " OR", word + " NEAR(", word + " *", word + " zürich", "NEAR(" + word + ")",
                word + " AND NOT", word + " '", word + " \\", word + ":*", word + " !(a|b)", "日本語 " + word)) {
            JsonNode page = ok(admin.get("/api/v1/search/?q=" + enc(q)), q.equals("\"") ? 400 : 200).json();
            if (page.has("results")) assertThat(found(page)).as(q).allMatch(s -> s.equals("device:" + d));
        }
        assertThat(found(search(admin, "q=" + enc(word + " NEAR( or")))).containsExactly("device:" + d);
    }
}
