package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream aliases end to end: /api/v1/alias/ and /api/v1/tap/, and data, aggregates and CSV read through an alias
 * across a tap boundary (each part of the range served by its tap's stream).
 */
class AliasApiTest extends ApiTestSupport {
    String org;
    String pslug;
    String first;
    String second;

    @BeforeEach
    void world() {
        org = Seed.org(admin);
        pslug = Seed.project(admin, org).get("slug").asText();
        Seed.variable(admin, pslug, "level", "5001");
        first = Seed.stream(pslug, Seed.deviceIn(admin, pslug).get("slug").asText(), "5001");
        second = Seed.stream(pslug, Seed.deviceIn(admin, pslug).get("slug").asText(), "5001");
        // Both devices measure every ten minutes from 10:00 to 10:30; the first reads 1..4, the second 10..40.
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String ts = "2024-05-01T10:" + i + "0:00Z";
            points.add(Seed.point(first, ts, i + 1));
            points.add(Seed.point(second, ts, (i + 1) * 10));
        }
        ok(admin.post("/api/v1/data/", points), 201);
    }

    private String alias() {
        JsonNode a = ok(admin.post("/api/v1/alias/", Map.of("org", org, "name", "level")), 201).json();
        assertThat(a.get("slug").asText()).matches("a--[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");
        assertThat(a.get("gid").asText()).isEqualTo(a.get("slug").asText().substring(3));
        assertThat(a.get("org").asText()).isEqualTo(org);
        assertThat(a.get("name").asText()).isEqualTo("level");
        return a.get("slug").asText();
    }

    /** An alias reading the first stream from 10:00 and the second from 10:15. */
    private String switchingAlias() {
        String alias = alias();
        ok(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:00:00Z", "stream", first)), 201);
        JsonNode tap = ok(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:15:00Z", "stream", second)), 201).json();
        assertThat(tap.get("alias").asText()).isEqualTo(alias);
        assertThat(tap.get("stream").asText()).isEqualTo(second);
        assertThat(tap.get("timestamp").asText()).isEqualTo("2024-05-01T10:15:00Z");
        return alias;
    }

    private static List<String> pointsOf(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("results").forEach(p -> out.add(p.get("timestamp").asText().substring(11, 16) + " " + p.get("value").asDouble() + " "
                + p.get("stream").asText()));
        return out;
    }

    @Test
    void dataThroughAnAliasFollowsItsTapsAcrossTheBoundary() {
        String alias = switchingAlias();
        JsonNode all = ok(admin.get("/api/v1/data/?filter=" + alias), 200).json();
        assertThat(all.get("count").asLong()).isEqualTo(4);
        assertThat(pointsOf(all)).containsExactly("10:00 1.0 " + first, "10:10 2.0 " + first, "10:20 30.0 " + second, "10:30 40.0 " + second);

        // paging runs across the boundary as over one stream
        JsonNode page = ok(admin.get("/api/v1/data/?filter=" + alias + "&page_size=1&page=3"), 200).json();
        assertThat(page.get("count").asLong()).isEqualTo(4);
        assertThat(pointsOf(page)).containsExactly("10:20 30.0 " + second);
        assertThat(pointsOf(ok(admin.get("/api/v1/data/?filter=" + alias + "&page_size=2&page=1"), 200).json()))
                .containsExactly("10:00 1.0 " + first, "10:10 2.0 " + first);

        // the newest n, and a start/end window that cuts both taps' parts
        assertThat(pointsOf(ok(admin.get("/api/v1/data/?filter=" + alias + "&lastn=3"), 200).json()))
                .containsExactly("10:10 2.0 " + first, "10:20 30.0 " + second, "10:30 40.0 " + second);
        assertThat(pointsOf(ok(admin.get("/api/v1/data/?filter=" + alias + "&start=2024-05-01T10:05:00Z&end=2024-05-01T10:25:00Z"), 200).json()))
                .containsExactly("10:10 2.0 " + first, "10:20 30.0 " + second);
        assertError(admin.get("/api/v1/data/?filter=" + alias + "&lastn=0"), 400);

        // the alias's newest point: the second stream's, not one per tapped stream
        JsonNode latest = ok(admin.get("/api/v1/data/latest/?filter=" + alias), 200).json();
        assertThat(latest.size()).isEqualTo(1);
        assertThat(latest.get(0).get("stream").asText()).isEqualTo(second);
        assertThat(latest.get(0).get("value").asDouble()).isEqualTo(40.0);
    }

    @Test
    void aggregatesMergeTheBucketATapBoundaryCuts() {
        String alias = switchingAlias();
        String range = "&bucket=1h&start=2024-05-01T10:00:00Z&end=2024-05-01T11:00:00Z";
        Map<String, Double> expected = Map.of("avg", (1 + 2 + 30 + 40) / 4.0, "sum", 73.0, "min", 1.0, "max", 40.0, "first", 1.0, "last", 40.0, "count", 4.0);
        expected.forEach((fn, value) -> {
            JsonNode agg = ok(admin.get("/api/v1/data/aggregate/?filter=" + alias + "&fn=" + fn + range), 200).json();
            assertThat(agg.get("stream").asText()).isEqualTo(alias);
            assertThat(agg.get("count").asInt()).as(fn).isEqualTo(1);
            assertThat(agg.get("results").get(0).get("count").asLong()).as(fn).isEqualTo(4);
            assertThat(agg.get("results").get(0).get("value").asDouble()).as(fn).isEqualTo(value);
        });
        // ten-minute buckets: one per point, each from its tap's stream; without a start it begins at the first point
        JsonNode tens = ok(admin.get("/api/v1/data/aggregate/?filter=" + alias + "&fn=max&bucket=10m&end=2024-05-01T11:00:00Z"), 200).json();
        List<Double> values = new ArrayList<>();
        tens.get("results").forEach(b -> values.add(b.get("value").asDouble()));
        assertThat(values).containsExactly(1.0, 2.0, 30.0, 40.0);
    }

    @Test
    void csvExportFollowsTheTaps() {
        String alias = switchingAlias();
        String csv = ok(admin.get("/api/v1/df/?filter=" + alias + "&format=csv"), 200).body();
        assertThat(csv.lines().toList()).containsExactly("timestamp,value,stream_slug",
                "2024-05-01T10:00:00Z,1," + first, "2024-05-01T10:10:00Z,2," + first,
                "2024-05-01T10:20:00Z,30," + second, "2024-05-01T10:30:00Z,40," + second);
    }

    @Test
    void anAliasWithoutTapsHasNoDataAndTapsCanBeMovedAndDeleted() {
        String alias = alias();
        assertThat(ok(admin.get("/api/v1/data/?filter=" + alias), 200).json().get("count").asLong()).isZero();
        long tap = ok(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:15:00Z", "stream", first)), 201).json().get("id").asLong();
        assertThat(pointsOf(ok(admin.get("/api/v1/data/?filter=" + alias), 200).json())).containsExactly("10:20 3.0 " + first, "10:30 4.0 " + first);

        JsonNode moved = ok(admin.patch("/api/v1/tap/" + tap + "/", Map.of("stream", second, "timestamp", "2024-05-01T10:25:00Z")), 200).json();
        assertThat(moved.get("stream").asText()).isEqualTo(second);
        assertThat(pointsOf(ok(admin.get("/api/v1/data/?filter=" + alias), 200).json())).containsExactly("10:30 40.0 " + second);
        assertThat(ok(admin.get("/api/v1/tap/?target=" + alias), 200).json().get("count").asLong()).isEqualTo(1);
        assertThat(ok(admin.get("/api/v1/tap/" + tap + "/"), 200).json().get("timestamp").asText()).isEqualTo("2024-05-01T10:25:00Z");

        ok(admin.delete("/api/v1/tap/" + tap + "/"), 204);
        assertError(admin.get("/api/v1/tap/" + tap + "/"), 404);
        assertThat(ok(admin.get("/api/v1/data/?filter=" + alias), 200).json().get("count").asLong()).isZero();

        JsonNode renamed = ok(admin.patch("/api/v1/alias/" + alias + "/", Map.of("name", "renamed")), 200).json();
        assertThat(renamed.get("name").asText()).isEqualTo("renamed");
        ok(admin.delete("/api/v1/alias/" + alias + "/"), 204);
        assertError(admin.get("/api/v1/alias/" + alias + "/"), 404);
        assertError(admin.get("/api/v1/data/?filter=" + alias), 404);
    }

    @Test
    void aTapMustReadAStreamOfTheAliasesOrgAndBadTapsChangeNothing() {
        String alias = alias();
        // another org of the same admin: the stream is visible, but not the alias's org's
        String otherOrg = Seed.org(admin);
        String otherProject = Seed.project(admin, otherOrg).get("slug").asText();
        Seed.variable(admin, otherProject, "level", "5001");
        String foreign = Seed.stream(otherProject, Seed.deviceIn(admin, otherProject).get("slug").asText(), "5001");
        ok(admin.post("/api/v1/data/", Seed.point(foreign, "2024-05-01T10:00:00Z", 7)), 201);
        assertError(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:00:00Z", "stream", foreign)), 400);

        // an admin of the alias's org only does not even learn that the other org's stream exists
        Seed.Member member = Seed.member(admin, server.anonymous(), org, "admin");
        assertError(member.api().post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:00:00Z", "stream", foreign)), 404);

        // timestamps as everywhere else: far in the future or before the accepted minimum is refused; missing fields too
        assertError(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2999-01-01T00:00:00Z", "stream", first)), 400);
        assertError(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "0001-01-01T00:00:00Z", "stream", first)), 400);
        assertError(admin.post("/api/v1/tap/", Map.of("alias", alias, "stream", first)), 400);
        assertError(admin.post("/api/v1/tap/", Map.of("alias", "a--ffff-ffff-ffff-ffff", "timestamp", "2024-05-01T10:00:00Z", "stream", first)), 404);
        assertThat(ok(admin.get("/api/v1/tap/?target=" + alias), 200).json().get("count").asLong()).isZero();

        // a tap cannot be moved onto a foreign stream either
        long tap = ok(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:00:00Z", "stream", first)), 201).json().get("id").asLong();
        assertError(admin.patch("/api/v1/tap/" + tap + "/", Map.of("stream", foreign)), 400);
        assertThat(ok(admin.get("/api/v1/tap/" + tap + "/"), 200).json().get("stream").asText()).isEqualTo(first);
    }

    @Test
    void aliasesAreScopedByOrgAndRoles() {
        String alias = alias();
        String otherOrg = Seed.org(admin);
        ok(admin.post("/api/v1/alias/", Map.of("org", otherOrg, "name", "elsewhere")), 201);

        Seed.Member viewer = Seed.member(admin, server.anonymous(), org, "viewer");
        JsonNode seen = ok(viewer.api().get("/api/v1/alias/"), 200).json();
        assertThat(seen.get("count").asLong()).isEqualTo(1);
        assertThat(seen.get("results").get(0).get("slug").asText()).isEqualTo(alias);
        ok(viewer.api().get("/api/v1/alias/" + alias + "/"), 200);
        assertError(viewer.api().post("/api/v1/alias/", Map.of("org", org, "name", "mine")), 403);
        assertError(viewer.api().post("/api/v1/alias/", Map.of("org", otherOrg, "name", "mine")), 404);
        assertError(viewer.api().post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:00:00Z", "stream", first)), 403);

        assertThat(ok(admin.get("/api/v1/alias/?org=" + org), 200).json().get("count").asLong()).isEqualTo(1);
        assertError(admin.post("/api/v1/alias/", Map.of("org", org)), 400);
        assertError(server.anonymous().get("/api/v1/alias/"), 401);
    }
}
