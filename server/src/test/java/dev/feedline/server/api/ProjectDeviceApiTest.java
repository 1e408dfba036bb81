package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectDeviceApiTest extends ApiTestSupport {

    @Test
    void projectCrudByUuidAndSlug() {
        String org = Seed.org(admin);
        JsonNode p = ok(admin.post("/api/v1/project/", Map.of("org", org, "name", "Greenhouse", "about", "plants")), 201).json();
        String uuid = p.get("id").asText();
        String slug = p.get("slug").asText();
        assertThat(slug).matches("p--[0-9a-f]{4}-[0-9a-f]{4}");
        assertThat(p.get("gid").asText()).isEqualTo(slug.substring(3));
        assertThat(p.get("org").asText()).isEqualTo(org);

        assertThat(ok(admin.get("/api/v1/project/" + uuid + "/"), 200).json().get("slug").asText()).isEqualTo(slug);
        assertThat(ok(admin.get("/api/v1/project/" + slug + "/"), 200).json().get("id").asText()).isEqualTo(uuid);
        assertError(admin.get("/api/v1/project/not-a-uuid/"), 400);
        assertError(admin.get("/api/v1/project/00000000-0000-0000-0000-000000000000/"), 404);

        JsonNode list = ok(admin.get("/api/v1/project/?org=" + org), 200).json();
        assertThat(list.get("count").asInt()).isEqualTo(1);
        assertThat(list.get("results").get(0).get("id").asText()).isEqualTo(uuid);

        assertThat(ok(admin.patch("/api/v1/project/" + uuid + "/", Map.of("name", "Glasshouse")), 200).json().get("name").asText()).isEqualTo("Glasshouse");
        assertThat(ok(admin.get("/api/v1/project/" + uuid + "/extra/"), 200).json().get("counts").get("devices").asInt()).isZero();

        JsonNode viaNew = ok(admin.post("/api/v1/project/new/", Map.of("org", org, "name", "Second")), 201).json();
        assertThat(viaNew.get("id").asText()).hasSize(36);
        assertThat(viaNew.size()).isEqualTo(1);
        ok(admin.get("/api/v1/project/" + viaNew.get("id").asText() + "/"), 200);

        assertThat(admin.delete("/api/v1/project/" + uuid + "/").status()).isEqualTo(204);
        assertError(admin.get("/api/v1/project/" + uuid + "/"), 404);
    }

    @Test
    void deviceTokenIsReturnedOnceAndRotationRevokesTheOldOne() {
        String org = Seed.org(admin);
        JsonNode project = Seed.project(admin, org);
        JsonNode d = ok(admin.post("/api/v1/device/", Map.of("org", org, "label", "sensor")), 201).json();
        String slug = d.get("slug").asText();
        String token = d.get("token").asText();
        assertThat(slug).matches("d--0000-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");
        assertThat(token).startsWith("fdt_");
        assertThat(d.get("project").isNull()).isTrue();

        Api.Response get = ok(admin.get("/api/v1/device/" + slug + "/"), 200);
        assertThat(get.json().has("token")).isFalse();
        assertThat(get.body()).doesNotContain(token);
        assertThat(ok(admin.get("/api/v1/device/?org=" + org), 200).body()).doesNotContain(token);

        // claim, then the device token ingests into its stream
        Seed.variable(admin, project.get("slug").asText(), "temp", "5001");
        JsonNode claimed = ok(admin.post("/api/v1/device/claim/", Map.of("device", slug, "project", project.get("slug").asText())), 202).json();
        assertThat(claimed.get("claimed").asBoolean()).isTrue();
        assertThat(claimed.get("project_id").asText()).isEqualTo(project.get("id").asText());
        String stream = Seed.stream(project.get("slug").asText(), slug, "5001");
        Api device = server.anonymous().as("Token " + token);
        ok(device.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:00Z", 1)), 201);

        JsonNode rotated = ok(admin.post("/api/v1/device/" + slug + "/token/", null), 200).json();
        String newToken = rotated.get("token").asText();
        assertThat(newToken).isNotEqualTo(token).startsWith("fdt_");
        assertError(device.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:01:00Z", 2)), 401);
        ok(server.anonymous().as("Token " + newToken).post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:02:00Z", 3)), 201);
        assertThat(Seed.count(admin, stream)).isEqualTo(2);
    }

    @Test
    void deviceCreateWithAnOrgAndAProjectOfAnotherOrgIsRefusedAndCreatesNothing() {
        String orgA = Seed.org(admin);
        String orgB = Seed.org(admin);
        JsonNode projectB = Seed.project(admin, orgB);
        for (String ref : List.of(projectB.get("slug").asText(), projectB.get("id").asText())) {
            Api.Response r = admin.post("/api/v1/device/", Map.of("org", orgA, "project", ref, "label", "misplaced"));
            assertError(r, 400);
            assertThat(r.json().get("fields").has("project")).as(r.toString()).isTrue();
        }
        assertThat(ok(admin.get("/api/v1/device/?org=" + orgA + "&all=1"), 200).json().get("count").asInt()).isZero();
        assertThat(ok(admin.get("/api/v1/device/?org=" + orgB + "&all=1"), 200).json().get("count").asInt()).isZero();

        // an org and a project that agree are fine
        JsonNode d = ok(admin.post("/api/v1/device/", Map.of("org", orgB, "project", projectB.get("slug").asText(), "label", "placed")), 201).json();
        assertThat(d.get("project").asText()).isEqualTo(projectB.get("id").asText());
    }

    @Test
    void claimClaimableUnclaimWithCleanStreams() {
        String org = Seed.org(admin);
        JsonNode project = Seed.project(admin, org);
        String pslug = project.get("slug").asText();
        Seed.variable(admin, pslug, "temp", "5001");
        String d1 = Seed.device(admin, org).get("slug").asText();
        String d2 = Seed.device(admin, org).get("slug").asText();

        JsonNode claimable = ok(admin.post("/api/v1/device/claimable/", Map.of("slugs", List.of(d1, "d--0000-0000-0fff-ffff"))), 202).json();
        assertThat(claimable.get("count").asInt()).isEqualTo(2);
        assertThat(claimable.get("results").get(0).get("claimable").asBoolean()).isTrue();
        assertThat(claimable.get("results").get(1).get("claimable").asBoolean()).isFalse();

        ok(admin.post("/api/v1/device/claim/", Map.of("device", d1, "project", project.get("id").asText())), 202);
        ok(admin.post("/api/v1/device/claim/", Map.of("device", d2, "project", pslug)), 202);
        assertError(admin.post("/api/v1/device/claim/", Map.of("device", d1, "project", pslug)), 400);
        assertError(admin.post("/api/v1/device/claim/", Map.of("device", "d--0000-0000-0fff-ffff", "project", pslug)), 404);
        assertThat(ok(admin.post("/api/v1/device/claimable/", Map.of("slugs", List.of(d1))), 202).json()
                .get("results").get(0).get("claimable").asBoolean()).isFalse();

        // claiming created one stream per project variable
        String s1 = Seed.stream(pslug, d1, "5001");
        String s2 = Seed.stream(pslug, d2, "5001");
        JsonNode streams = ok(admin.get("/api/v1/stream/?project=" + pslug), 200).json();
        assertThat(streams.get("count").asInt()).isEqualTo(2);
        ok(admin.post("/api/v1/data/", List.of(Seed.point(s1, "2024-05-01T10:00:00Z", 1), Seed.point(s2, "2024-05-01T10:00:00Z", 2))), 201);

        JsonNode un = ok(admin.post("/api/v1/device/" + d1 + "/unclaim/", Map.of("clean_streams", true)), 202).json();
        assertThat(un.get("unclaimed").asText()).isEqualTo(d1);
        assertThat(ok(admin.get("/api/v1/device/" + d1 + "/"), 200).json().get("project").isNull()).isTrue();
        assertError(admin.get("/api/v1/stream/" + s1 + "/"), 404);
        assertError(admin.post("/api/v1/data/", Seed.point(s1, "2024-05-01T11:00:00Z", 1)), 404);

        ok(admin.post("/api/v1/device/" + d2 + "/unclaim/", null), 202);
        ok(admin.get("/api/v1/stream/" + s2 + "/"), 200);
        assertThat(Seed.count(admin, s2)).isEqualTo(1);
        assertError(admin.post("/api/v1/device/" + d2 + "/unclaim/", null), 400);
    }

    @Test
    void patchDeviceFields() {
        String org = Seed.org(admin);
        String slug = Seed.device(admin, org).get("slug").asText();
        JsonNode patched = ok(admin.patch("/api/v1/device/" + slug + "/",
                Map.of("label", "Roof", "lat", 46.5, "lon", 6.6, "state", "N0", "external_id", "ext-1", "active", false)), 200).json();
        assertThat(patched.get("label").asText()).isEqualTo("Roof");
        assertThat(patched.get("lat").asDouble()).isEqualTo(46.5);
        assertThat(patched.get("lon").asDouble()).isEqualTo(6.6);
        assertThat(patched.get("state").asText()).isEqualTo("N0");
        assertThat(patched.get("external_id").asText()).isEqualTo("ext-1");
        assertThat(patched.get("active").asBoolean()).isFalse();
        JsonNode again = ok(admin.get("/api/v1/device/" + slug + "/"), 200).json();
        assertThat(again.get("label").asText()).isEqualTo("Roof");
        assertThat(again.get("external_id").asText()).isEqualTo("ext-1");
        assertError(admin.patch("/api/v1/device/" + slug + "/", Map.of("lat", 91.0)), 400);
        assertError(admin.patch("/api/v1/device/" + slug + "/", Map.of("label", 5)), 400);
        // inactive devices are hidden from lists unless all=1
        assertThat(ok(admin.get("/api/v1/device/?org=" + org), 200).json().get("count").asInt()).isZero();
        assertThat(ok(admin.get("/api/v1/device/?org=" + org + "&all=1"), 200).json().get("count").asInt()).isEqualTo(1);
        // PATCH project claims the device
        JsonNode project = Seed.project(admin, org);
        ok(admin.patch("/api/v1/device/" + slug + "/", Map.of("active", true)), 200);
        assertThat(ok(admin.patch("/api/v1/device/" + slug + "/", Map.of("project", project.get("id").asText())), 200).json()
                .get("project").asText()).isEqualTo(project.get("id").asText());
        assertThat(admin.delete("/api/v1/device/" + slug + "/").status()).isEqualTo(204);
        assertError(admin.get("/api/v1/device/" + slug + "/"), 404);
    }

    @Test
    void variablesAndStreams() {
        String org = Seed.org(admin);
        JsonNode project = Seed.project(admin, org);
        String pslug = project.get("slug").asText();
        JsonNode v1 = ok(admin.post("/api/v1/variable/", Map.of("project", pslug, "name", "temperature", "units", "C")), 201).json();
        assertThat(v1.get("lid").asInt()).isEqualTo(0x5001);
        assertThat(v1.get("slug").asText()).isEqualTo("v--" + pslug.substring(3) + "--5001");
        JsonNode v2 = ok(admin.post("/api/v1/variable/", Map.of("project", project.get("id").asText(), "name", "humidity")), 201).json();
        assertThat(v2.get("lid").asInt()).isEqualTo(0x5002);
        JsonNode v3 = Seed.variable(admin, pslug, "pressure", "5010");
        assertThat(v3.get("lid").asInt()).isEqualTo(0x5010);
        assertThat(v3.get("slug").asText()).endsWith("--5010");
        assertError(admin.post("/api/v1/variable/", Map.of("project", pslug, "name", "dup", "lid", "5010")), 400);
        assertError(admin.post("/api/v1/variable/", Map.of("project", pslug, "name", "bad", "lid", "zz")), 400);
        assertThat(ok(admin.get("/api/v1/variable/?project=" + pslug), 200).json().get("count").asInt()).isEqualTo(3);
        assertThat(ok(admin.patch("/api/v1/variable/" + v1.get("slug").asText() + "/", Map.of("units", "K")), 200).json().get("units").asText()).isEqualTo("K");

        // a virtual stream without a device
        JsonNode vs = ok(admin.post("/api/v1/stream/", Map.of("variable", v3.get("slug").asText(), "data_label", "outside")), 201).json();
        assertThat(vs.get("slug").asText()).isEqualTo(Seed.stream(pslug, null, "5010"));
        assertThat(vs.get("virtual").asBoolean()).isTrue();
        assertThat(vs.get("device").isNull()).isTrue();
        assertError(admin.post("/api/v1/stream/", Map.of("variable", v3.get("slug").asText())), 400);

        String device = Seed.deviceIn(admin, pslug).get("slug").asText();
        JsonNode all = ok(admin.get("/api/v1/stream/?project=" + pslug), 200).json();
        assertThat(all.get("count").asInt()).isEqualTo(4); // 3 for the device (one per variable) + the virtual one
        assertThat(ok(admin.get("/api/v1/stream/?device=" + device), 200).json().get("count").asInt()).isEqualTo(3);
        assertThat(ok(admin.get("/api/v1/stream/?virtual=1&project=" + pslug), 200).json().get("count").asInt()).isEqualTo(1);
        assertThat(ok(admin.get("/api/v1/stream/?variable=" + v1.get("slug").asText()), 200).json().get("count").asInt()).isEqualTo(1);

        ok(admin.post("/api/v1/data/", Seed.point(vs.get("slug").asText(), "2024-05-01T10:00:00Z", 12.5)), 201);
        assertThat(Seed.count(admin, vs.get("slug").asText())).isEqualTo(1);
    }
}
