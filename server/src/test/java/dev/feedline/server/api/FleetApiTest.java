package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet management end to end (issue 17): templates and who may write them, a claim creating a sensor graph's
 * variables and streams, properties checked against templates, fleets and their members, and IOTile OTA from a
 * script upload to the device's own confirmation through its version stream.
 */
class FleetApiTest extends ApiTestSupport {
    String org;
    Seed.Member orgAdmin;
    Seed.Member member;
    Seed.Member stranger;

    @BeforeEach
    void world() {
        OrgTeam team = OrgTeam.of(admin, server.anonymous());
        org = team.org();
        orgAdmin = team.admin();
        member = team.member();
        stranger = team.stranger();
    }

    private static Map<String, Object> map(Object... kv) { return OrgTeam.map(kv); }

    private static List<String> slugs(JsonNode page, String field) {
        List<String> out = new ArrayList<>();
        page.get("results").forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    // ---- templates

    @Test
    void orgAdminsWriteTheirOrgsTemplatesMembersReadThemOtherOrgsSeeNothing() {
        String sku = Seed.unique("POD-1M");
        JsonNode dt = ok(orgAdmin.api().post("/api/v1/dt/", map("org", org, "external_sku", sku, "family", "POD", "major_version", 1,
                "minor_version", 2, "os_tag", 1024, "os_major_version", 2, "os_minor_version", 1, "hw_tag", 7,
                "slots", List.of(map("number", 0, "component", "controller", "hw_tag", 7)))), 201).json();
        String slug = dt.get("slug").asText();
        assertThat(slug).isEqualTo(sku.toLowerCase() + "-v1-2-0");
        assertThat(dt.get("version").asText()).isEqualTo("v1.2.0");
        assertThat(dt.get("os_version").asText()).isEqualTo("v2.1");
        assertThat(dt.get("org").asText()).isEqualTo(org);
        assertThat(dt.get("slots").get(0).get("component").asText()).isEqualTo("controller");

        assertThat(ok(member.api().get("/api/v1/dt/" + slug + "/"), 200).json().get("hw_tag").asInt()).isEqualTo(7);
        assertThat(slugs(ok(member.api().get("/api/v1/dt/"), 200).json(), "slug")).contains(slug);
        ok(member.api().post("/api/v1/dt/", map("org", org, "external_sku", Seed.unique("X"))), 403);
        ok(member.api().patch("/api/v1/dt/" + slug + "/", map("family", "other")), 403);
        ok(stranger.api().get("/api/v1/dt/" + slug + "/"), 404);
        ok(stranger.api().patch("/api/v1/dt/" + slug + "/", map("family", "other")), 404);
        assertThat(slugs(ok(stranger.api().get("/api/v1/dt/"), 200).json(), "slug")).doesNotContain(slug);

        // The same sku and version again is refused; the fields that make the slug are fixed; others change.
        ok(orgAdmin.api().post("/api/v1/dt/", map("org", org, "external_sku", sku, "major_version", 1, "minor_version", 2)), 400);
        ok(orgAdmin.api().patch("/api/v1/dt/" + slug + "/", map("major_version", 9)), 400);
        ok(orgAdmin.api().patch("/api/v1/dt/" + slug + "/", map("colour", "red")), 400);
        assertThat(ok(orgAdmin.api().patch("/api/v1/dt/" + slug + "/", map("family", "POD-2")), 200).json().get("family").asText()).isEqualTo("POD-2");
        ok(orgAdmin.api().delete("/api/v1/dt/" + slug + "/"), 204);
        ok(member.api().get("/api/v1/dt/" + slug + "/"), 404);
    }

    @Test
    void serverWideTemplatesAreWrittenByServerAdminsAndReadByEveryone() {
        ok(orgAdmin.api().post("/api/v1/pt/", map("name", Seed.unique("Shared"))), 403);
        String name = Seed.unique("Water Meter");
        JsonNode pt = ok(admin.post("/api/v1/pt/", map("name", name, "extra_data", map("web", map("dashboard", 1)))), 201).json();
        assertThat(pt.get("org").isNull()).isTrue();
        assertThat(pt.get("version").asText()).isEqualTo("v0.0.0");
        ok(stranger.api().get("/api/v1/pt/" + pt.get("slug").asText() + "/"), 200);
        ok(stranger.api().patch("/api/v1/pt/" + pt.get("slug").asText() + "/", map("extra_data", map())), 403);
        ok(admin.post("/api/v1/pt/", map("name", Seed.unique("Bad"), "extra_data", "not an object")), 400);

        JsonNode sg = ok(admin.post("/api/v1/sg/", map("name", name, "major_version", 1, "app_tag", 2049, "app_major_version", 1,
                "app_minor_version", 3, "project_template", pt.get("slug").asText())), 201).json();
        assertThat(sg.get("app_version").asText()).isEqualTo("v1.3");
        assertThat(sg.get("project_template").asText()).isEqualTo(pt.get("slug").asText());
        ok(server.anonymous().get("/api/v1/sg/" + sg.get("slug").asText() + "/"), 401);
    }

    @Test
    void claimingADeviceWhoseSensorGraphIsKnownCreatesTheGraphsVariablesAndStreams() {
        JsonNode sg = ok(orgAdmin.api().post("/api/v1/sg/", map("org", org, "name", Seed.unique("Temp Logger"), "major_version", 1,
                "variable_templates", List.of(
                        map("label", "Temperature", "lid_hex", "5001", "var_type", "temp", "default_input_unit", "in--temp--lm35",
                                "default_output_unit", "out--temp--celsius", "m", 1, "d", 10, "o", 0.5),
                        map("label", "Battery", "lid_hex", "5002")))), 201).json();
        String sgSlug = sg.get("slug").asText();
        assertThat(sg.get("variable_templates")).hasSize(2);
        // A variable template with a unit of another var type, or a repeated lid, is refused.
        ok(orgAdmin.api().post("/api/v1/sg/", map("org", org, "name", Seed.unique("Bad"), "variable_templates",
                List.of(map("label", "T", "lid_hex", "5001", "var_type", "temp", "default_input_unit", "in--pressure--psi")))), 400);
        ok(orgAdmin.api().post("/api/v1/sg/", map("org", org, "name", Seed.unique("Bad"), "variable_templates",
                List.of(map("label", "T", "lid_hex", "5001"), map("label", "U", "lid_hex", "5001")))), 400);

        String pslug = Seed.project(admin, org).get("slug").asText();
        String dslug = Seed.device(admin, org).get("slug").asText();
        // A refused field in the same request changes nothing, the sensor graph included.
        ok(orgAdmin.api().patch("/api/v1/device/" + dslug + "/", map("sg", sgSlug, "lat", 123.0)), 400);
        assertThat(ok(admin.get("/api/v1/device/" + dslug + "/"), 200).json().get("sg").isNull()).isTrue();
        assertThat(ok(orgAdmin.api().patch("/api/v1/device/" + dslug + "/", map("sg", sgSlug)), 200).json().get("sg").asText()).isEqualTo(sgSlug);
        ok(member.api().patch("/api/v1/device/" + dslug + "/", map("sg", "")), 403);
        ok(orgAdmin.api().patch("/api/v1/device/" + dslug + "/", map("sg", "no-such-graph")), 404);

        ok(member.api().post("/api/v1/device/claim/", map("device", dslug, "project", pslug)), 202);

        JsonNode temp = ok(admin.get("/api/v1/variable/v--" + pslug.substring(3) + "--5001/"), 200).json();
        assertThat(temp.get("name").asText()).isEqualTo("Temperature");
        assertThat(temp.get("var_type").asText()).isEqualTo("temp");
        assertThat(temp.get("input_unit").get("slug").asText()).isEqualTo("in--temp--lm35");
        assertThat(temp.get("output_unit").get("slug").asText()).isEqualTo("out--temp--celsius");
        assertThat(temp.get("division_factor").asLong()).isEqualTo(10);
        assertThat(ok(admin.get("/api/v1/variable/v--" + pslug.substring(3) + "--5002/"), 200).json().get("name").asText()).isEqualTo("Battery");
        List<String> streams = slugs(ok(admin.get("/api/v1/stream/?device=" + dslug), 200).json(), "slug");
        assertThat(streams).contains(Seed.stream(pslug, dslug, "5001"), Seed.stream(pslug, dslug, "5002"));
    }

    @Test
    void aPropertyIsCheckedAgainstTheOrgsTemplateOfItsName() {
        JsonNode enumTemplate = ok(orgAdmin.api().post("/api/v1/propertytemplate/", map("org", org, "name", "Site", "type", "enum",
                "enums", List.of("North", "South"), "default", "North")), 201).json();
        assertThat(enumTemplate.get("enums")).hasSize(2);
        ok(orgAdmin.api().post("/api/v1/propertytemplate/", map("org", org, "name", "Floors", "type", "int")), 201);
        ok(orgAdmin.api().post("/api/v1/propertytemplate/", map("org", org, "name", "Site", "type", "str")), 400);
        ok(orgAdmin.api().post("/api/v1/propertytemplate/", map("org", org, "name", "Bad", "type", "enum")), 400);
        ok(orgAdmin.api().post("/api/v1/propertytemplate/", map("org", org, "name", "Bad", "type", "int", "default", "x")), 400);
        ok(member.api().post("/api/v1/propertytemplate/", map("org", org, "name", "Mine", "type", "str")), 403);
        ok(stranger.api().get("/api/v1/propertytemplate/" + enumTemplate.get("id").asLong() + "/"), 404);

        String dslug = Seed.device(admin, org).get("slug").asText();
        String path = "/api/v1/device/" + dslug + "/new_property/";
        ok(member.api().post(path, map("name", "Site", "str_value", "East")), 400);
        ok(member.api().post(path, map("name", "Site", "int_value", 1)), 400);
        ok(member.api().post(path, map("name", "Site", "str_value", "South")), 201);
        ok(member.api().post(path, map("name", "Floors", "str_value", "three")), 400);
        ok(member.api().post(path, map("name", "Floors", "int_value", 3)), 201);
        ok(member.api().post(path, map("name", "Untemplated", "bool_value", true)), 201);
        JsonNode props = ok(member.api().get("/api/v1/device/" + dslug + "/properties/"), 200).json();
        assertThat(props.toString()).contains("South").doesNotContain("East");
    }

    // ---- fleets

    @Test
    void aDeviceJoinsSeveralFleetsAndLeavesThemAgain() {
        String d1 = Seed.device(admin, org).get("slug").asText();
        String d2 = Seed.device(admin, org).get("slug").asText();
        String foreignOrg = Seed.org(admin);
        String foreign = Seed.device(admin, foreignOrg).get("slug").asText();
        ok(member.api().post("/api/v1/fleet/", map("org", org, "name", "nope")), 403);
        JsonNode a = ok(orgAdmin.api().post("/api/v1/fleet/", map("org", org, "name", "Field A", "description", "north", "is_network", true)), 201).json();
        JsonNode b = ok(orgAdmin.api().post("/api/v1/fleet/", map("org", org, "name", "Field B")), 201).json();
        String ga = a.get("slug").asText();
        String gb = b.get("slug").asText();
        assertThat(ga).matches("g--[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");
        assertThat(a.get("org").asText()).isEqualTo(org);
        assertThat(a.get("is_network").asBoolean()).isTrue();
        assertThat(a.get("created_by").asText()).isEqualTo(orgAdmin.username());

        JsonNode reg = ok(orgAdmin.api().post("/api/v1/fleet/" + ga + "/register/", map("device", d1, "is_access_point", true, "always_on", true)), 201).json();
        assertThat(reg.get("device").asText()).isEqualTo(d1);
        ok(orgAdmin.api().post("/api/v1/fleet/" + ga + "/register/", map("device", d2)), 201);
        ok(orgAdmin.api().post("/api/v1/fleet/" + gb + "/register/", map("device", d1)), 201);
        ok(orgAdmin.api().post("/api/v1/fleet/" + ga + "/register/", map("device", d1)), 400);
        ok(orgAdmin.api().post("/api/v1/fleet/" + ga + "/register/", map("device", foreign)), 404);
        ok(member.api().post("/api/v1/fleet/" + ga + "/register/", map("device", d2)), 403);

        JsonNode members = ok(member.api().get("/api/v1/fleet/" + ga + "/devices/"), 200).json();
        assertThat(members.get("count").asInt()).isEqualTo(2);
        JsonNode first = members.get("results").get(0);
        assertThat(first.get("device").asText()).isEqualTo(d1);
        assertThat(first.get("is_access_point").asBoolean()).isTrue();
        assertThat(first.get("always_on").asBoolean()).isTrue();
        assertThat(members.get("results").get(1).get("is_access_point").asBoolean()).isFalse();
        assertThat(slugs(ok(member.api().get("/api/v1/fleet/?device=" + d1), 200).json(), "slug")).containsExactly(ga, gb);
        assertThat(slugs(ok(member.api().get("/api/v1/fleet/?is_network=1&org=" + org), 200).json(), "slug")).containsExactly(ga);

        ok(orgAdmin.api().post("/api/v1/fleet/" + ga + "/deregister/", map("device", d1)), 202);
        ok(orgAdmin.api().post("/api/v1/fleet/" + ga + "/deregister/", map("device", d1)), 400);
        assertThat(slugs(ok(member.api().get("/api/v1/fleet/?device=" + d1), 200).json(), "slug")).containsExactly(gb);

        assertThat(ok(orgAdmin.api().patch("/api/v1/fleet/" + gb + "/", map("name", "Field B2")), 200).json().get("name").asText()).isEqualTo("Field B2");
        ok(stranger.api().get("/api/v1/fleet/" + ga + "/"), 404);
        ok(stranger.api().get("/api/v1/fleet/" + ga + "/devices/"), 404);
        ok(stranger.api().post("/api/v1/fleet/" + ga + "/register/", map("device", d2)), 404);
        ok(stranger.api().delete("/api/v1/fleet/" + ga + "/"), 404);
        assertThat(slugs(ok(stranger.api().get("/api/v1/fleet/"), 200).json(), "slug")).doesNotContain(ga, gb);
        ok(orgAdmin.api().delete("/api/v1/fleet/" + ga + "/"), 204);
        ok(member.api().get("/api/v1/fleet/" + ga + "/"), 404);
        ok(member.api().get("/api/v1/fleet/g--zz/"), 404);
    }

    // ---- OTA

    private JsonNode script(String name) {
        return ok(orgAdmin.api().post("/api/v1/ota/script/", map("org", org, "name", name, "major_version", 2, "minor_version", 0)), 201).json();
    }

    @Test
    void aScriptsFirmwareIsStoredWithItsChecksumAndDownloadedAsUploaded() throws Exception {
        JsonNode sc = script(Seed.unique("fw"));
        String slug = sc.get("slug").asText();
        assertThat(slug).matches("z--[0-9a-f]{4}-[0-9a-f]{4}");
        assertThat(sc.get("version").asText()).isEqualTo("v2.0.0");
        byte[] firmware = ("firmware image " + Seed.unique("x")).repeat(500).getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(firmware));

        ok(member.api().get("/api/v1/ota/script/" + slug + "/download/"), 404); // nothing uploaded yet
        Multipart form = new Multipart().file("file", "fw.bin", firmware);
        ok(member.api().sendBytes("POST", "/api/v1/ota/script/" + slug + "/file/", form.bytes(), form.contentType()), 403);
        JsonNode uploaded = ok(orgAdmin.api().sendBytes("POST", "/api/v1/ota/script/" + slug + "/file/", form.bytes(), form.contentType()), 201).json();
        assertThat(uploaded.get("sha256").asText()).isEqualTo(sha);
        assertThat(uploaded.get("file_size").asLong()).isEqualTo(firmware.length);

        JsonNode file = ok(member.api().get("/api/v1/ota/script/" + slug + "/file/"), 200).json();
        assertThat(file.get("url").asText()).endsWith("/api/v1/ota/script/" + slug + "/download/");
        assertThat(file.get("sha256").asText()).isEqualTo(sha);
        Api.Response download = ok(member.api().get("/api/v1/ota/script/" + slug + "/download/"), 200);
        assertThat(download.header("X-Checksum-SHA256")).isEqualTo(sha);
        assertThat(download.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(firmware);
        ok(stranger.api().get("/api/v1/ota/script/" + slug + "/download/"), 404);
        ok(stranger.api().get("/api/v1/ota/script/" + slug + "/"), 404);
        assertThat(slugs(ok(member.api().get("/api/v1/ota/script/?org=" + org), 200).json(), "slug")).contains(slug);
        ok(orgAdmin.api().post("/api/v1/ota/script/", map("org", org, "name", sc.get("name").asText(), "major_version", 2)), 400);
    }

    /** Posts a version report (tag, major.minor) on the device's OS stream 5c08 through the ordinary data API. */
    private void reportOs(String pslug, String dslug, int tag, int major, int minor, String at) {
        long value = ((long) major << 26) | ((long) minor << 20) | tag;
        ok(admin.post("/api/v1/data/", Seed.point(Seed.stream(pslug, dslug, "5c08"), at, value)), 201);
    }

    private JsonNode gateway(String dslug) { return ok(member.api().get("/api/v1/ota/device/" + dslug + "/"), 200).json(); }

    private void awaitOsVersion(String dslug, String version) {
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway(dslug).get("versions").toString().contains("\"version\":\"" + version + "\""));
    }

    @Test
    void aDeploymentSelectsByCriteriaIsAttemptedByAGatewayAndConfirmedByTheDevicesVersionStream() {
        String pslug = Seed.project(admin, org).get("slug").asText();
        String old1 = Seed.deviceIn(admin, pslug).get("slug").asText();
        String current = Seed.deviceIn(admin, pslug).get("slug").asText();
        String otherOs = Seed.deviceIn(admin, pslug).get("slug").asText();
        String outside = Seed.deviceIn(admin, pslug).get("slug").asText();
        String silent = Seed.deviceIn(admin, pslug).get("slug").asText();
        reportOs(pslug, old1, 1024, 1, 0, "2024-05-01T10:00:00Z");
        reportOs(pslug, current, 1024, 2, 0, "2024-05-01T10:00:00Z");
        reportOs(pslug, otherOs, 2048, 1, 0, "2024-05-01T10:00:00Z");
        reportOs(pslug, outside, 1024, 1, 0, "2024-05-01T10:00:00Z");
        for (String d : List.of(old1, current, otherOs, outside)) awaitOsVersion(d, d.equals(current) ? "v2.0" : "v1.0");
        JsonNode versions = gateway(old1).get("versions").get(0);
        assertThat(versions.get("type").asText()).isEqualTo("os");
        assertThat(versions.get("tag").asInt()).isEqualTo(1024);

        String fleet = ok(orgAdmin.api().post("/api/v1/fleet/", map("org", org, "name", "rollout")), 201).json().get("slug").asText();
        for (String d : List.of(old1, current, otherOs, silent)) ok(orgAdmin.api().post("/api/v1/fleet/" + fleet + "/register/", map("device", d)), 201);
        String scriptSlug = script(Seed.unique("os")).get("slug").asText();
        // The device template of the OS the device will report: the device will run it once it does.
        String sku = Seed.unique("POD");
        String newTemplate = ok(orgAdmin.api().post("/api/v1/dt/", map("org", org, "external_sku", sku, "os_tag", 1024, "os_major_version", 2,
                "os_minor_version", 0)), 201).json().get("slug").asText();
        ok(orgAdmin.api().post("/api/v1/dt/", map("org", org, "external_sku", sku, "major_version", 1, "os_tag", 1024, "os_major_version", 1)), 201);

        ok(orgAdmin.api().post("/api/v1/ota/request/", map("script", scriptSlug, "fleet", fleet, "selection_criteria", List.of("os_tag:eq"))), 400);
        ok(member.api().post("/api/v1/ota/request/", map("script", scriptSlug, "fleet", fleet)), 403);
        ok(stranger.api().post("/api/v1/ota/request/", map("script", scriptSlug, "fleet", fleet)), 404);
        JsonNode req = ok(orgAdmin.api().post("/api/v1/ota/request/", map("script", scriptSlug, "fleet", fleet,
                "selection_criteria", List.of("os_tag:eq:1024", "os_version:lt:2.0"))), 201).json();
        long id = req.get("id").asLong();
        assertThat(req.get("released_on").isNull()).isTrue();
        assertThat(req.get("fleet").asText()).isEqualTo(fleet);
        // Before release: the devices it would select now. Only old1 is in the fleet, on OS 1024 and below 2.0.
        assertThat(slugs(ok(member.api().get("/api/v1/ota/request/" + id + "/devices/"), 200).json(), "slug")).containsExactly(old1);
        assertThat(gateway(old1).get("deployments")).isEmpty();
        ok(member.api().post("/api/v1/ota/action/", map("deployment", id, "device", old1, "attempt_successful", true)), 400); // not released

        JsonNode released = ok(orgAdmin.api().post("/api/v1/ota/request/" + id + "/release/", map()), 200).json();
        assertThat(released.get("released_on").isNull()).isFalse();
        assertThat(released.get("progress").get("pending").asInt()).isEqualTo(1);
        assertThat(released.get("devices").get(0).get("device").asText()).isEqualTo(old1);
        ok(orgAdmin.api().post("/api/v1/ota/request/" + id + "/release/", map()), 400);
        assertThat(slugs(ok(member.api().get("/api/v1/ota/request/?fleet=" + fleet), 200).json(), "id")).containsExactly(Long.toString(id));
        assertThat(ok(member.api().get("/api/v1/ota/request/"), 200).json().get("count").asInt()).isZero();
        ok(stranger.api().get("/api/v1/ota/request/" + id + "/"), 404);

        JsonNode info = gateway(old1);
        assertThat(info.get("slug").asText()).isEqualTo(old1);
        assertThat(info.get("deployments").get(0).get("id").asLong()).isEqualTo(id);
        assertThat(info.get("deployments").get(0).get("script").asText()).isEqualTo(scriptSlug);
        assertThat(gateway(current).get("deployments")).isEmpty();
        ok(stranger.api().get("/api/v1/ota/device/" + old1 + "/"), 404);

        // The gateway fails once, then succeeds; the device is attempted, not yet confirmed.
        ok(member.api().post("/api/v1/ota/action/", map("deployment", id, "device", current, "attempt_successful", true)), 400); // not a target
        ok(stranger.api().post("/api/v1/ota/action/", map("deployment", id, "device", old1, "attempt_successful", true)), 404);
        ok(member.api().post("/api/v1/ota/action/", map("deployment", id, "device", old1, "attempt_successful", false, "log", "BLE lost")), 201);
        assertThat(ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("progress").get("failed").asInt()).isEqualTo(1);
        JsonNode action = ok(member.api().post("/api/v1/ota/action/", map("deployment", id, "device", old1, "attempt_successful", true,
                "last_attempt_on", "2024-05-02T09:00:00Z")), 201).json();
        assertThat(action.get("device_confirmation").asBoolean()).isFalse();
        assertThat(action.get("last_attempt_on").asText()).isEqualTo("2024-05-02T09:00:00Z");
        assertThat(ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("devices").get(0).get("state").asText()).isEqualTo("attempted");
        assertThat(ok(member.api().get("/api/v1/ota/action/?request=" + id), 200).json().get("count").asInt()).isEqualTo(2);
        assertThat(ok(member.api().get("/api/v1/ota/action/"), 200).json().get("count").asInt()).isZero();

        // The device reports its new OS version through the ordinary data API: that confirms it, and completes the request.
        reportOs(pslug, old1, 1024, 2, 0, "2024-05-02T09:05:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("progress").get("confirmed").asInt() == 1);
        JsonNode done = ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json();
        assertThat(done.get("devices").get(0).get("state").asText()).isEqualTo("confirmed");
        assertThat(done.get("completed_on").isNull()).isFalse();
        JsonNode confirmed = ok(member.api().get("/api/v1/ota/action/" + action.get("id").asLong() + "/"), 200).json();
        assertThat(confirmed.get("device_confirmation").asBoolean()).isTrue();
        assertThat(confirmed.get("log").asText()).contains("v2.0");
        JsonNode after = gateway(old1);
        assertThat(after.get("versions").get(0).get("version").asText()).isEqualTo("v2.0");
        assertThat(after.get("template").asText()).isEqualTo(newTemplate);
        assertThat(ok(member.api().get("/api/v1/device/" + old1 + "/"), 200).json().get("template").asText()).isEqualTo(newTemplate);
        assertThat(after.get("deployments")).isEmpty();
        assertThat(after.get("actions")).hasSize(2);
    }

    @Test
    void anOrgWideDeploymentWithoutAReportedActionIsConfirmedByTheDeviceAlone() {
        String pslug = Seed.project(admin, org).get("slug").asText();
        String dslug = Seed.deviceIn(admin, pslug).get("slug").asText();
        reportOs(pslug, dslug, 3000, 1, 1, "2024-06-01T10:00:00Z");
        awaitOsVersion(dslug, "v1.1");
        String scriptSlug = script(Seed.unique("os")).get("slug").asText();
        JsonNode req = ok(orgAdmin.api().post("/api/v1/ota/request/", map("script", scriptSlug, "org", org,
                "selection_criteria", List.of("os_tag:eq:3000", "os_version:gteq:1.1"), "released", true)), 201).json();
        long id = req.get("id").asLong();
        assertThat(req.get("progress").get("total").asInt()).isEqualTo(1);
        assertThat(slugs(ok(member.api().get("/api/v1/ota/request/?org=" + org), 200).json(), "id")).contains(Long.toString(id));

        reportOs(pslug, dslug, 3000, 1, 2, "2024-06-02T10:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("progress").get("confirmed").asInt() == 1);
        JsonNode actions = ok(member.api().get("/api/v1/ota/action/?device=" + dslug), 200).json();
        assertThat(actions.get("count").asInt()).isEqualTo(1);
        assertThat(actions.get("results").get(0).get("device_confirmation").asBoolean()).isTrue();
    }

    /** Issue 17 point 1: a device whose reported version comes to meet an open request's criteria becomes its target at once. */
    @Test
    void aDeviceThatReportsAMatchingVersionWhileARequestIsOpenBecomesItsTarget() {
        String pslug = Seed.project(admin, org).get("slug").asText();
        String dslug = Seed.deviceIn(admin, pslug).get("slug").asText();
        String scriptSlug = script(Seed.unique("os")).get("slug").asText();
        long id = ok(orgAdmin.api().post("/api/v1/ota/request/", map("script", scriptSlug, "org", org,
                "selection_criteria", List.of("os_tag:eq:4000", "os_version:lt:2.0"), "released", true)), 201).json().get("id").asLong();
        assertThat(ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("progress").get("total").asInt()).isZero();

        reportOs(pslug, dslug, 4000, 1, 0, "2024-07-01T10:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway(dslug).get("deployments").size() == 1);
        JsonNode r = ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json();
        assertThat(r.get("devices").get(0).get("device").asText()).isEqualTo(dslug);
        assertThat(r.get("devices").get(0).get("state").asText()).isEqualTo("pending");
        // Its update to 2.0 confirms it (the report that made it a target did not).
        reportOs(pslug, dslug, 4000, 2, 0, "2024-07-02T10:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("progress").get("confirmed").asInt() == 1);
    }

    /** Issue 17 point 8: the app version stream 5c09 confirms too, and the device then runs the sensor graph of that app. */
    @Test
    void theAppVersionStreamConfirmsADeploymentAndLinksTheSensorGraphOfThatApp() {
        String pslug = Seed.project(admin, org).get("slug").asText();
        String dslug = Seed.deviceIn(admin, pslug).get("slug").asText();
        reportApp(pslug, dslug, 2050, 1, 0, "2024-08-01T10:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway(dslug).get("versions").toString().contains("\"type\":\"app\""));
        String graph = ok(orgAdmin.api().post("/api/v1/sg/", map("org", org, "name", Seed.unique("pump app"), "app_tag", 2050, "app_major_version", 1,
                "app_minor_version", 1)), 201).json().get("slug").asText();
        String scriptSlug = script(Seed.unique("app")).get("slug").asText();
        long id = ok(orgAdmin.api().post("/api/v1/ota/request/", map("script", scriptSlug, "org", org,
                "selection_criteria", List.of("app_tag:eq:2050", "app_version:lt:1.1"), "released", true)), 201).json().get("id").asLong();
        assertThat(ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("progress").get("pending").asInt()).isEqualTo(1);

        reportApp(pslug, dslug, 2050, 1, 1, "2024-08-02T10:00:00Z");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("progress").get("confirmed").asInt() == 1);
        JsonNode info = gateway(dslug);
        assertThat(info.get("sg").asText()).isEqualTo(graph);
        JsonNode app = null;
        for (JsonNode v : info.get("versions")) if (v.get("type").asText().equals("app")) app = v;
        assertThat(app).isNotNull();
        assertThat(app.get("tag").asInt()).isEqualTo(2050);
        assertThat(app.get("version").asText()).isEqualTo("v1.1");
        assertThat(ok(member.api().get("/api/v1/ota/request/" + id + "/"), 200).json().get("completed_on").isNull()).isFalse();
    }

    private void reportApp(String pslug, String dslug, int tag, int major, int minor, String at) {
        long value = ((long) major << 26) | ((long) minor << 20) | tag;
        ok(admin.post("/api/v1/data/", Seed.point(Seed.stream(pslug, dslug, "5c09"), at, value)), 201);
    }
}
