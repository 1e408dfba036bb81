package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The GraphQL API (issue 18, docs/GRAPHQL.md) over real HTTP: schema, relationships, filters, paging, aggregates, writes, security, limits. */
class GraphQlApiTest extends ApiTestSupport {

    /** POSTs a GraphQL operation; the answer's JSON. */
    static JsonNode gql(Api api, String query, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        if (variables != null) body.put("variables", variables);
        Api.Response r = api.post("/api/graphql", body);
        assertThat(r.status()).as(r.toString()).isIn(200, 400);
        return r.json();
    }

    /** A GraphQL operation that must answer without errors; its data. */
    static JsonNode data(Api api, String query, Map<String, Object> variables) {
        JsonNode out = gql(api, query, variables);
        assertThat(out.has("errors")).as(out.toString()).isFalse();
        return out.get("data");
    }

    static JsonNode data(Api api, String query) { return data(api, query, null); }

    /** An org with a project, and devices labelled as given, each with a stream of variable 5001 holding one point of its index. */
    record Fleet(String org, String project, List<String> devices, List<String> streams) {}

    Fleet fleet(Api api, String... labels) {
        String org = Seed.org(api);
        String project = Seed.project(api, org).get("slug").asText();
        Seed.variable(api, project, "temp", "5001");
        List<String> devices = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            Map<String, Object> body = new HashMap<>();
            body.put("project", project);
            body.put("label", labels[i]);
            String device = ok(api.post("/api/v1/device/", body), 201).json().get("slug").asText();
            devices.add(device);
            String stream = Seed.stream(project, device, "5001");
            streams.add(stream);
            points.add(Seed.point(stream, "2024-05-01T10:00:0" + (i % 10) + "Z", (double) i));
        }
        if (!points.isEmpty()) ok(api.post("/api/v1/data/", points), 201);
        return new Fleet(org, project, devices, streams);
    }

    @Test
    void anOrgsProjectsDevicesStreamsAndLatestValuesInOneQuery() {
        Fleet f = fleet(admin, "pump-a", "pump-b");
        JsonNode d = data(admin, """
                query($org: String!) { orgs_by_pk(slug: $org) { slug projects { slug devices(order_by: [{label: asc}]) {
                  slug label online last_seen project { slug } streams { slug variable { name } latest { value timestamp } } } } } }""",
                Map.of("org", f.org()));
        JsonNode devices = d.get("orgs_by_pk").get("projects").get(0).get("devices");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).get("label").asText()).isEqualTo("pump-a");
        assertThat(devices.get(0).get("project").get("slug").asText()).isEqualTo(f.project());
        assertThat(devices.get(0).get("online").asBoolean()).isFalse();
        // online is a column like the others: filtered, counted and ordered by (no device is connected here).
        JsonNode byPresence = data(admin, """
                query($p: String) { offline: devices(project: $p, where: {online: {_eq: false}}, order_by: [{online: asc}, {label: asc}]) { label }
                  online: devices(project: $p, where: {online: {_eq: true}}) { label }
                  devices_aggregate(project: $p, where: {online: {_eq: false}}) { aggregate { count } } }""", Map.of("p", f.project()));
        assertThat(byPresence.get("offline")).extracting(n -> n.get("label").asText()).containsExactly("pump-a", "pump-b");
        assertThat(byPresence.get("online")).isEmpty();
        assertThat(byPresence.get("devices_aggregate").get("aggregate").get("count").asInt()).isEqualTo(2);
        assertThat(devices.get(1).get("last_seen").isNull()).isFalse();
        JsonNode stream = devices.get(1).get("streams").get(0);
        assertThat(stream.get("slug").asText()).isEqualTo(f.streams().get(1));
        assertThat(stream.get("variable").get("name").asText()).isEqualTo("temp");
        assertThat(stream.get("latest").get("value").asDouble()).isEqualTo(1.0);
    }

    @Test
    void everyPartOfTheModelIsReachable() {
        Fleet f = fleet(admin, "reach");
        String device = f.devices().get(0);
        String stream = f.streams().get(0);
        ok(admin.post("/api/v1/event/", Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00Z", "extra_data", Map.of("door", "open"))), 201);
        ok(admin.post("/api/v1/config/attr/", Map.of("target", device, "name", ":mode", "data", Map.of("fast", true))), 201);
        ok(admin.post("/api/v1/location/", Map.of("target", device, "timestamp", "2024-05-01T10:00:00Z", "lat", 47.5, "lon", 8.25)), 201);
        ok(admin.post("/api/v1/note/", Map.of("target", stream, "note", "calibrated", "timestamp", "2024-05-01T10:00:00Z")), 201);
        ok(admin.post("/api/v1/dashboard/", Map.of("org", f.org(), "name", "Reach")), 201);
        String fleet = ok(admin.post("/api/v1/fleet/", Map.of("org", f.org(), "name", "Field")), 201).json().get("slug").asText();
        ok(admin.post("/api/v1/device/" + device + "/rpc/", Map.of("method", "ping", "params", Map.of())), 201);
        JsonNode d = data(admin, """
                query($o: String!, $d: String!, $s: String!, $f: String!) {
                  orgs_by_pk(slug: $o) { name members { username role } fleets { slug name } rules { id } alarms { id } devices { slug } }
                  devices_by_pk(slug: $d) { config_attributes { name data } locations(limit: 5) { lat lon timestamp } commands { method status }
                    data_blocks { slug } alarms { id } }
                  streams_by_pk(slug: $s) { events(limit: 5) { ext extra_data timestamp } notes(limit: 5) { note } data(limit: 5) { value timestamp }
                    project { slug org { slug } } variable { name streams { slug } } }
                  fleets_by_pk(slug: $f) { name is_network }
                  dashboards(where: {org_slug: {_eq: $o}}) { name layout }
                  deployments(org: $o) { id } data_blocks(org: $o) { slug } rules(org: $o) { id } variables(project: null) { slug }
                  projects_page(org: $o) { total_count nodes { slug } }
                }""", Map.of("o", f.org(), "d", device, "s", stream, "f", fleet));
        assertThat(d.get("orgs_by_pk").get("members").get(0).get("role").asText()).isEqualTo("owner");
        assertThat(d.get("orgs_by_pk").get("fleets").get(0).get("slug").asText()).isEqualTo(fleet);
        JsonNode dev = d.get("devices_by_pk");
        assertThat(dev.get("config_attributes").get(0).get("name").asText()).isEqualTo(":mode");
        assertThat(dev.get("config_attributes").get(0).get("data").asText()).contains("fast");
        assertThat(dev.get("locations").get(0).get("lat").asDouble()).isEqualTo(47.5);
        assertThat(dev.get("commands").get(0).get("method").asText()).isEqualTo("ping");
        JsonNode st = d.get("streams_by_pk");
        assertThat(st.get("events").get(0).get("extra_data").asText()).contains("door");
        assertThat(st.get("notes").get(0).get("note").asText()).isEqualTo("calibrated");
        assertThat(st.get("data").get(0).get("value").asDouble()).isEqualTo(0.0);
        assertThat(st.get("project").get("org").get("slug").asText()).isEqualTo(f.org());
        assertThat(st.get("variable").get("streams").findValuesAsText("slug")).contains(stream);
        assertThat(d.get("dashboards").findValuesAsText("name")).containsExactly("Reach");
        assertThat(d.get("projects_page").get("total_count").asInt()).isEqualTo(1);
    }

    @Test
    void theSchemaIsServedAsSdlAndThroughIntrospection() {
        Api.Response sdl = ok(admin.get("/api/graphql/schema.graphql"), 200);
        assertThat(sdl.body()).contains("type Device {", "input Device_bool_exp {", "input Device_order_by {", "type Device_page {",
                "devices_by_pk(slug: String!): Device", "type Mutation {", "type Subscription {");
        JsonNode types = data(admin, "{ __schema { queryType { name } mutationType { name } subscriptionType { name } types { name } } }").get("__schema");
        assertThat(types.get("queryType").get("name").asText()).isEqualTo("Query");
        assertThat(types.get("mutationType").get("name").asText()).isEqualTo("Mutation");
        assertThat(types.get("subscriptionType").get("name").asText()).isEqualTo("Subscription");
        assertThat(types.get("types").findValuesAsText("name")).contains("Stream", "Alarm", "Fleet", "Deployment", "DataBlock", "Rule", "Dashboard");
        assertError(server.anonymous().get("/api/graphql/schema.graphql"), 401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{label: {_eq: \"beta\"}}                                   | beta",
            "{label: {_neq: \"beta\"}}                                  | Gamma,alpha,delta",
            "{label: {_gt: \"beta\"}}                                   | delta",
            "{label: {_gte: \"beta\"}}                                  | beta,delta",
            "{label: {_lt: \"beta\"}}                                   | Gamma,alpha",
            "{label: {_lte: \"alpha\"}}                                 | Gamma,alpha",
            "{label: {_in: [\"alpha\", \"delta\", \"nope\"]}}           | alpha,delta",
            "{label: {_nin: [\"alpha\", \"delta\"]}}                    | Gamma,beta",
            "{label: {_like: \"%a\"}}                                   | Gamma,alpha,beta,delta",
            "{label: {_like: \"_e%\"}}                                  | beta,delta",
            "{label: {_like: \"gam%\"}}                                 | ''",
            "{label: {_ilike: \"gam%\"}}                                | Gamma",
            "{external_id: {_is_null: true}}                           | alpha,beta,delta",
            "{external_id: {_is_null: false}}                          | Gamma",
            "{_and: [{label: {_like: \"%a%\"}}, {label: {_neq: \"alpha\"}}]} | Gamma,beta,delta",
            "{_or: [{label: {_eq: \"alpha\"}}, {external_id: {_eq: \"g-1\"}}]} | Gamma,alpha",
            "{_not: {label: {_in: [\"alpha\", \"beta\"]}}}               | Gamma,delta",
            "{active: {_eq: true}, lat: {_is_null: true}}              | Gamma,alpha,beta,delta",
            "{created_on: {_gt: \"2000-01-01T00:00:00Z\"}}             | Gamma,alpha,beta,delta",
            "{created_on: {_lt: \"2000-01-01T00:00:00Z\"}}             | ''"})
    void everyFilterOperator(String where, String expected) {
        if (filterFleet == null) {
            filterFleet = fleet(admin, "alpha", "beta", "Gamma", "delta");
            data(admin, "mutation($d: String!) { update_device(slug: $d, external_id: \"g-1\") { slug } }", Map.of("d", filterFleet.devices().get(2)));
        }
        JsonNode devices = data(admin, "query($p: String) { devices(project: $p, where: " + where + ", order_by: [{label: asc}]) { label } }",
                Map.of("p", filterFleet.project())).get("devices");
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(devices.findValuesAsText("label")).containsExactlyElementsOf(want);
    }

    private Fleet filterFleet;

    @Test
    void orderLimitOffsetAndCursorPages() {
        Fleet f = fleet(admin, "d1", "d2", "d3", "d4", "d5");
        Map<String, Object> p = Map.of("p", f.project());
        assertThat(data(admin, "query($p: String) { devices(project: $p, order_by: [{label: desc}], limit: 2, offset: 1) { label } }", p)
                .get("devices").findValuesAsText("label")).containsExactly("d4", "d3");
        // A cursor walks every row once, even when rows are added between pages.
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> vars = new HashMap<>(p);
            vars.put("after", after);
            JsonNode page = data(admin, "query($p: String, $after: String) { devices_page(project: $p, order_by: [{label: asc}], first: 2, after: $after) {"
                    + " nodes { label } next_cursor total_count } }", vars).get("devices_page");
            seen.addAll(page.get("nodes").findValuesAsText("label"));
            after = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            if (pages++ == 0) {
                assertThat(page.get("total_count").asInt()).isEqualTo(5);
                ok(admin.post("/api/v1/device/", Map.of("project", f.project(), "label", "d0")), 201); // sorts before the cursor: not seen
            }
        } while (after != null);
        assertThat(seen).containsExactly("d1", "d2", "d3", "d4", "d5");
        JsonNode bad = gql(admin, "{ devices_page(after: \"not-a-cursor\") { total_count } }", null);
        assertThat(bad.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("INVALID");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard: a regex took hours
    void aLikePatternOfManyPercentSignsAnswersAtOnce() {
        Fleet f = fleet(admin, "a".repeat(60), "a pump b");
        Map<String, Object> p = Map.of("p", f.project());
        assertThat(data(admin, "query($p: String, $like: String) { devices(project: $p, where: {label: {_ilike: $like}}) { label } }",
                Map.of("p", f.project(), "like", "%".repeat(12) + "b")).get("devices").findValuesAsText("label")).containsExactly("a pump b");
        assertThat(data(admin, "query($p: String) { devices_aggregate(project: $p, where: {label: {_like: \"%a%a%a%a%a%a%a%a%a%c\"}}) { aggregate { count } } }", p)
                .get("devices_aggregate").get("aggregate").get("count").asInt()).isZero();
        // A pattern is held to the text limit (limits.string.length) as any other value.
        JsonNode tooLong = gql(admin, "query($p: String, $like: String) { devices(project: $p, where: {label: {_like: $like}}) { label } }",
                Map.of("p", f.project(), "like", "%".repeat(1025)));
        assertThat(tooLong.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("INVALID");
        assertThat(tooLong.get("errors").get(0).get("extensions").get("fields").has("where")).isTrue();
    }

    @Test
    void madeUpCursorsAndNullListsAreInvalidNotInternalErrors() {
        Fleet f = fleet(admin, "c1", "c2");
        for (String cursor : List.of("[{\"t\":\"x\"}]", "[{\"t\":[]}]", "[[1]]")) {
            JsonNode bad = gql(admin, "query($p: String, $after: String) { devices_page(project: $p, after: $after) { total_count } }",
                    Map.of("p", f.project(), "after", Base64.getUrlEncoder().encodeToString(cursor.getBytes(StandardCharsets.UTF_8))));
            assertThat(bad.get("errors").get(0).get("extensions").get("code").asText()).as(cursor).isEqualTo("INVALID");
            assertThat(bad.get("errors").get(0).get("extensions").get("fields").has("after")).as(cursor).isTrue();
        }
        // A cursor whose key is text where the order's key is a time (created_on).
        JsonNode wrongType = gql(admin, "query($p: String, $after: String) { devices_page(project: $p, order_by: [{created_on: asc}], after: $after) { total_count } }",
                Map.of("p", f.project(), "after", Base64.getUrlEncoder().encodeToString("[\"x\",\"d\"]".getBytes(StandardCharsets.UTF_8))));
        assertThat(wrongType.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("INVALID");
        for (String where : List.of("{label: {_in: null}}", "{label: {_nin: null}}", "{_and: null}", "{_or: null}", "{label: null}")) {
            JsonNode bad = gql(admin, "query($p: String) { devices(project: $p, where: " + where + ") { label } }", Map.of("p", f.project()));
            assertThat(bad.get("errors").get(0).get("extensions").get("code").asText()).as(where).isEqualTo("INVALID");
        }
    }

    @Test
    void countsAndTimeSeriesAggregatesEqualTheRestAggregates() {
        Fleet f = fleet(admin, "a", "b", "c");
        String stream = f.streams().get(0);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < 48; i++) points.add(Seed.point(stream, String.format("2024-05-02T%02d:%02d:00Z", i / 4 + 3, (i % 4) * 15), (double) (i * 7 % 11)));
        ok(admin.post("/api/v1/data/", points), 201);
        assertThat(data(admin, "query($p: String) { devices_aggregate(project: $p, where: {label: {_neq: \"a\"}}) { aggregate { count } } }",
                Map.of("p", f.project())).get("devices_aggregate").get("aggregate").get("count").asInt()).isEqualTo(2);
        for (String fn : List.of("avg", "min", "max", "sum", "count", "first", "last")) {
            for (String bucket : List.of("1h", "90m", "15m")) {
                JsonNode rest = ok(admin.get("/api/v1/stream/" + stream + "/aggregate/?bucket=" + bucket + "&fn=" + fn
                        + "&start=2024-05-02T03:00:00Z&end=2024-05-02T15:00:00Z"), 200).json().get("results");
                JsonNode graph = data(admin, "query($s: String!) { streams_by_pk(slug: $s) { aggregate(bucket: \"" + bucket + "\", fn: " + fn
                        + ", from: \"2024-05-02T03:00:00Z\", to: \"2024-05-02T15:00:00Z\") { start count value } } }", Map.of("s", stream))
                        .get("streams_by_pk").get("aggregate");
                assertThat(graph).as(fn + " " + bucket).hasSize(rest.size());
                for (int i = 0; i < rest.size(); i++) {
                    assertThat(graph.get(i).get("start").asText()).startsWith(rest.get(i).get("timestamp").asText().replace("Z", ""));
                    assertThat(graph.get(i).get("count").asLong()).isEqualTo(rest.get(i).get("count").asLong());
                    assertThat(graph.get(i).get("value").asDouble()).as(fn + " " + bucket + " #" + i).isCloseTo(rest.get(i).get("value").asDouble(), within(1e-9));
                }
            }
        }
        JsonNode newest = data(admin, "query($s: String!) { streams_by_pk(slug: $s) { data(newest: 2) { timestamp value } } }", Map.of("s", stream));
        assertThat(newest.get("streams_by_pk").get("data")).hasSize(2);
    }

    @Test
    void mutationsWriteThroughTheUseCasesAndRefuseBadInputWithoutWriting() {
        String org = Seed.org(admin);
        JsonNode project = data(admin, "mutation($o: String!) { create_project(org: $o, name: \"Pumps\") { slug name org_slug } }", Map.of("o", org))
                .get("create_project");
        assertThat(project.get("org_slug").asText()).isEqualTo(org);
        String p = project.get("slug").asText();
        JsonNode made = data(admin, "mutation($o: String!, $p: String) { create_device(org: $o, project: $p, label: \"pump 1\") { token device { slug label } } }",
                Map.of("o", org, "p", p)).get("create_device");
        assertThat(made.get("token").asText()).isNotBlank();
        String device = made.get("device").get("slug").asText();
        JsonNode variable = data(admin, "mutation($p: String!) { create_variable(project: $p, name: \"flow\", lid: 20481, units: \"l/s\") { slug name } }",
                Map.of("p", p)).get("create_variable");
        // The variable made the device's stream (as REST); a virtual one is made on request.
        String stream = Seed.stream(p, device, "5001");
        assertThat(data(admin, "mutation($v: String!) { create_stream(variable: $v, data_label: \"total\") { slug virtual data_label } }",
                Map.of("v", variable.get("slug").asText())).get("create_stream").get("virtual").asBoolean()).isTrue();
        JsonNode written = data(admin, "mutation($s: String!) { write_data(points: [{stream: $s, timestamp: \"2024-05-01T10:00:00Z\", value: 1.5},"
                + " {stream: $s, timestamp: \"2024-05-01T10:01:00Z\", value: 2.5}]) { count } }", Map.of("s", stream));
        assertThat(written.get("write_data").get("count").asInt()).isEqualTo(2);
        assertThat(Seed.count(admin, stream)).isEqualTo(2); // committed when answered
        data(admin, "mutation($d: String!) { set_property(target: $d, name: \"room\", str_value: \"B2\") { id } "
                + "create_note(target: $d, note: \"serviced\") { id } update_device(slug: $d, label: \"pump one\") { label } }", Map.of("d", device));
        JsonNode seen = data(admin, "query($d: String!) { devices_by_pk(slug: $d) { label properties { name value } notes { note } } }", Map.of("d", device))
                .get("devices_by_pk");
        assertThat(seen.get("label").asText()).isEqualTo("pump one");
        assertThat(seen.get("properties").get(0).get("value").asText()).isEqualTo("B2");
        assertThat(seen.get("notes").get(0).get("note").asText()).isEqualTo("serviced");
        JsonNode dash = data(admin, "mutation($o: String!) { create_dashboard(org: $o, name: \"Board\", layout: \"{\\\"widgets\\\":[]}\") { id name } }",
                Map.of("o", org)).get("create_dashboard");
        assertThat(data(admin, "mutation($id: ID!) { delete_dashboard(id: $id) }", Map.of("id", dash.get("id").asText())).get("delete_dashboard").asBoolean()).isTrue();
        JsonNode command = data(admin, "mutation($d: String!) { send_command(device: $d, method: \"reboot\", params: \"{}\") { id status method } }",
                Map.of("d", device)).get("send_command");
        assertThat(command.get("method").asText()).isEqualTo("reboot");

        // Refused input: the error says why (GraphQL shape, extensions.code) and nothing is written.
        JsonNode bad = gql(admin, "mutation($s: String!) { write_data(points: [{stream: $s, timestamp: \"2024-05-01T11:00:00Z\", value: 3},"
                + " {stream: \"s--0000-0000--0000-0000-0000-0000--ffff\", timestamp: \"2024-05-01T11:00:00Z\", value: 4}]) { count } }", Map.of("s", stream));
        assertThat(bad.get("errors").get(0).get("extensions").get("code").asText()).isIn("NOT_FOUND", "INVALID");
        assertThat(Seed.count(admin, stream)).isEqualTo(2);
        JsonNode noName = gql(admin, "mutation($o: String!) { create_project(org: $o, name: \"  \") { slug } }", Map.of("o", org));
        assertThat(noName.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("INVALID");
        assertThat(data(admin, "query($o: String) { projects(org: $o) { slug } }", Map.of("o", org)).get("projects")).hasSize(1);
        JsonNode badTime = gql(admin, "mutation($s: String!) { write_data(points: [{stream: $s, timestamp: \"yesterday\", value: 3}]) { count } }", Map.of("s", stream));
        assertThat(badTime.get("errors")).isNotEmpty();
        assertThat(data(admin, "mutation($d: String!) { delete_device(slug: $d) }", Map.of("d", device)).get("delete_device").asBoolean()).isTrue();
        assertThat(data(admin, "query($d: String!) { devices_by_pk(slug: $d) { slug } }", Map.of("d", device)).get("devices_by_pk").isNull()).isTrue();
    }

    @Test
    void anotherOrgsObjectsAreAbsentAndCannotBeChanged() {
        Fleet mine = fleet(admin, "mine");
        Seed.Member outsider = Seed.member(admin, server.anonymous(), Seed.org(admin), "admin");
        Fleet theirs = fleet(outsider.api(), "theirs");
        Api them = outsider.api();
        Map<String, Object> vars = Map.of("o", mine.org(), "p", mine.project(), "d", mine.devices().get(0), "s", mine.streams().get(0));
        JsonNode d = data(them, "query($o: String!, $p: String!, $d: String!, $s: String!) { orgs_by_pk(slug: $o) { slug }"
                + " projects_by_pk(slug: $p) { slug } devices_by_pk(slug: $d) { slug } streams_by_pk(slug: $s) { slug latest { value } }"
                + " devices { slug } streams { slug } orgs { slug } }", vars);
        assertThat(d.get("orgs_by_pk").isNull()).isTrue();
        assertThat(d.get("projects_by_pk").isNull()).isTrue();
        assertThat(d.get("devices_by_pk").isNull()).isTrue();
        assertThat(d.get("streams_by_pk").isNull()).isTrue();
        assertThat(d.get("devices").findValuesAsText("slug")).contains(theirs.devices().get(0)).doesNotContain(mine.devices().get(0));
        assertThat(d.get("streams").findValuesAsText("slug")).doesNotContain(mine.streams().get(0));
        assertThat(d.get("orgs").findValuesAsText("slug")).doesNotContain(mine.org());
        // A list narrowed to a foreign org or project is empty, as the org itself is absent.
        JsonNode narrowed = data(them, "query($o: String!, $p: String!) { devices(org: $o) { slug } streams(project: $p) { slug }"
                + " devices_aggregate(org: $o) { aggregate { count } } pushed: devices(where: {project_slug: {_eq: $p}}) { slug } }", vars);
        assertThat(narrowed.get("devices")).isEmpty();
        assertThat(narrowed.get("streams")).isEmpty();
        assertThat(narrowed.get("pushed")).isEmpty();
        assertThat(narrowed.get("devices_aggregate").get("aggregate").get("count").asInt()).isZero();
        JsonNode write = gql(them, "mutation($d: String!) { update_device(slug: $d, label: \"mine now\") { label } }", vars);
        assertThat(write.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("NOT_FOUND");
        JsonNode points = gql(them, "mutation($s: String!) { write_data(points: [{stream: $s, timestamp: \"2024-05-01T11:00:00Z\", value: 3}]) { count } }", vars);
        assertThat(points.get("errors")).isNotEmpty();
        assertThat(Seed.count(admin, mine.streams().get(0))).isEqualTo(1);
        // A viewer of the org sees it but may not change it (roles as in REST).
        Seed.Member viewer = Seed.member(admin, server.anonymous(), mine.org(), "viewer");
        assertThat(data(viewer.api(), "query($d: String!) { devices_by_pk(slug: $d) { slug } }", vars).get("devices_by_pk").get("slug").asText())
                .isEqualTo(mine.devices().get(0));
        JsonNode forbidden = gql(viewer.api(), "mutation($p: String!) { update_project(slug: $p, name: \"x\") { slug } }", vars);
        assertThat(forbidden.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void credentialsAreTheRestApis() {
        String query = "{ orgs { slug } }";
        assertError(server.anonymous().post("/api/graphql", Map.of("query", query)), 401);
        assertError(server.anonymous().as("JWT not-a-token").post("/api/graphql", Map.of("query", query)), 401);
        String key = ok(admin.post("/api/v1/auth/keys/", Map.of("name", "graphql")), 201).json().get("key").asText();
        Api byKey = server.anonymous().as("Token " + key);
        String org = Seed.org(admin);
        assertThat(data(byKey, query).get("orgs").findValuesAsText("slug")).contains(org);
        Api.Response get = ok(byKey.get("/api/graphql?query=" + URLEncoder.encode("query Q($o: String!) { orgs_by_pk(slug: $o) { slug } }", StandardCharsets.UTF_8)
                + "&variables=" + URLEncoder.encode("{\"o\":\"" + org + "\"}", StandardCharsets.UTF_8)), 200);
        assertThat(get.json().get("data").get("orgs_by_pk").get("slug").asText()).isEqualTo(org);
        // A device token is a device's credential, not a user's.
        JsonNode device = Seed.device(admin, org);
        assertError(server.anonymous().as("Token " + device.get("token").asText()).post("/api/graphql", Map.of("query", query)), 401);
    }

    @Test
    void httpStatusesFollowGraphQlOverHttp() {
        Api.Response notJson = ok(admin.send("POST", "/api/graphql", "{not json", "application/json"), 400);
        assertThat(notJson.json().get("errors").get(0).get("message").asText()).contains("JSON");
        ok(admin.post("/api/graphql", Map.of("variables", Map.of())), 400);
        Api.Response syntax = ok(admin.post("/api/graphql", Map.of("query", "{ orgs { slug }")), 400);
        assertThat(syntax.json().has("data")).isFalse();
        assertThat(syntax.json().get("errors")).isNotEmpty();
        ok(admin.post("/api/graphql", Map.of("query", "{ orgs { no_such_field } }")), 400);
        Api.Response mutation = ok(admin.get("/api/graphql?query=" + URLEncoder.encode("mutation { delete_project(slug: \"p--0000-0001\") }", StandardCharsets.UTF_8)), 405);
        assertThat(mutation.header("Allow")).isEqualTo("POST");
        // An operation that ran with a failing field: 200, the data and the error.
        String stream = fleet(admin, "p1").streams().get(0);
        Api.Response partial = ok(admin.post("/api/graphql", Map.of("query", "query($s: String!) { orgs { slug } streams_by_pk(slug: $s) {"
                + " aggregate(bucket: \"nonsense\") { value } } }", "variables", Map.of("s", stream))), 200);
        assertThat(partial.json().get("data").get("orgs")).isNotEmpty();
        assertThat(partial.json().get("data").get("streams_by_pk").isNull()).isTrue();
        assertThat(partial.json().get("errors").get(0).get("path").get(1).asText()).isEqualTo("aggregate");
        assertThat(partial.json().get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("INVALID");
        assertThat(partial.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aListsProjectsDevicesAndLatestValuesAreBatchedIntoOneCallEach() {
        Fleet f = fleet(admin, "b01", "b02", "b03", "b04", "b05", "b06", "b07", "b08", "b09", "b10", "b11", "b12");
        JsonNode out = gql(admin, "query($p: String) { devices(project: $p) { slug project { slug } streams { latest { value } device { label } } } }",
                Map.of("p", f.project()));
        assertThat(out.has("errors")).as(out.toString()).isFalse();
        assertThat(out.get("data").get("devices")).hasSize(12);
        JsonNode loaders = out.get("extensions").get("loaders");
        assertThat(loaders.get("latest").get("loads").asInt()).isEqualTo(12);
        assertThat(loaders.get("latest").get("batches").asInt()).isEqualTo(1);
        assertThat(loaders.get("project").get("loads").asInt()).isEqualTo(12);
        assertThat(loaders.get("project").get("batches").asInt()).isEqualTo(1);
        assertThat(loaders.get("device").get("loads").asInt()).isEqualTo(12);
        assertThat(loaders.get("device").get("batches").asInt()).isEqualTo(1);
        List<Double> values = new ArrayList<>();
        out.get("data").get("devices").forEach(d -> values.add(d.get("streams").get(0).get("latest").get("value").asDouble()));
        assertThat(values).containsExactlyInAnyOrder(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0);
    }

    @Test
    void limitsAnswerInGraphQlsErrorShape() throws IOException {
        try (TestServer limited = startServer(newDataDir(), Map.of("graphql.max.depth", "4", "graphql.max.complexity", "40",
                "graphql.max.limit", "3", "graphql.max.objects", "5", "graphql.max.scan", "6"))) {
            Api api = limited.admin();
            Fleet f = fleet(api, "l1", "l2", "l3", "l4");
            Map<String, Object> p = Map.of("p", f.project());
            JsonNode deep = ok(api.post("/api/graphql", Map.of("query", "{ orgs { projects { devices { project { org { slug } } } } } }")), 400).json();
            assertThat(deep.get("errors").get(0).get("message").asText()).containsIgnoringCase("depth");
            // Introspection (GraphiQL's schema query nests ofType deeply) is not held to the data queries' limits.
            data(api, "{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } }");
            JsonNode complex = ok(api.post("/api/graphql", Map.of("query", "{ devices(limit: 3) { streams(limit: 3) { data(newest: 3) { value timestamp status } } } }")), 400).json();
            assertThat(complex.get("errors").get(0).get("message").asText()).containsIgnoringCase("complexity");
            // A stream's data without a limit costs what it returns (graphql.max.limit points), not one point.
            JsonNode unlimitedData = ok(api.post("/api/graphql", Map.of("query", "{ devices(limit: 3) { streams(limit: 3) { data { value timestamp } } } }")), 400).json();
            assertThat(unlimitedData.get("errors").get(0).get("message").asText()).containsIgnoringCase("complexity");
            data(api, "{ devices(limit: 1) { streams(limit: 1) { data(newest: 3) { value timestamp } } } }"); // 1 + 1 + 1 + 3 x 2 <= 40
            JsonNode overLimit = gql(api, "query($p: String) { devices(project: $p, limit: 4) { slug } }", p);
            assertThat(overLimit.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("INVALID");
            JsonNode tooMany = gql(api, "query($p: String) { a: devices(project: $p, limit: 3) { slug } b: devices(project: $p, limit: 3) { slug } }", p);
            assertThat(tooMany.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("TOO_LARGE");
            for (int i = 0; i < 3; i++) ok(api.post("/api/v1/device/", Map.of("project", f.project(), "label", "more" + i)), 201);
            JsonNode scan = gql(api, "query($p: String) { devices(project: $p, where: {label: {_eq: \"l1\"}}) { slug } }", p);
            assertThat(scan.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("TOO_LARGE");
            assertThat(scan.get("errors").get(0).get("message").asText()).contains("graphql.max.scan");
            // An equality on the project's slug narrows the use case's query (pushed down): one device read, not 8.
            String other = Seed.project(api, f.org()).get("slug").asText();
            ok(api.post("/api/v1/device/", Map.of("project", other, "label", "alone")), 201);
            assertThat(data(api, "query($p: String!) { devices(where: {project_slug: {_eq: $p}}) { label } }", Map.of("p", other))
                    .get("devices").findValuesAsText("label")).containsExactly("alone");
        }
        try (TestServer slow = startServer(newDataDir(), Map.of("graphql.timeout.millis", "1"))) {
            Api api = slow.admin();
            Fleet f = fleet(api, "t1", "t2", "t3", "t4", "t5", "t6");
            JsonNode late = gql(api, "query($p: String) { devices(project: $p) { streams { data(limit: 10) { value } aggregate(bucket: \"1m\") { value } "
                    + "events(limit: 10) { id } notes(limit: 10) { id } } properties { id } notes(limit: 10) { id } locations(limit: 10) { id } commands { id } } }", Map.of("p", f.project()));
            assertThat(late.get("errors").findValuesAsText("code")).contains("TIMEOUT");
            assertThat(late.toString()).contains("graphql.timeout.millis");
        }
    }

    @Test
    void alarmsRaisedByARuleAreListedWithTheirDeviceAndAcknowledgedAndCleared() {
        Fleet f = fleet(admin, "boiler");
        Map<String, Object> rule = new HashMap<>();
        rule.put("org", f.org());
        rule.put("name", "too hot");
        rule.put("scope", Map.of("kind", "stream", "target", f.streams().get(0)));
        rule.put("condition", Map.of("kind", "threshold", "op", "gt", "value", 30));
        ok(admin.post("/api/v1/rule/", rule), 201);
        ok(admin.post("/api/v1/data/", Seed.point(f.streams().get(0), "2024-05-01T12:00:00Z", 31.0)), 201);
        String query = "query($o: String) { alarms(org: $o, where: {status: {_in: [\"active\", \"acknowledged\"]}}) { id status device { label } project { slug } } "
                + "rules(org: $o) { name enabled } }";
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> data(admin, query, Map.of("o", f.org())).get("alarms").size() == 1);
        JsonNode alarm = data(admin, query, Map.of("o", f.org())).get("alarms").get(0);
        assertThat(alarm.get("device").get("label").asText()).isEqualTo("boiler");
        assertThat(alarm.get("project").get("slug").asText()).isEqualTo(f.project());
        Map<String, Object> id = Map.of("id", alarm.get("id").asText());
        assertThat(data(admin, "mutation($id: ID!) { acknowledge_alarm(id: $id) { status acked_on } }", id).get("acknowledge_alarm").get("status").asText())
                .isEqualTo("acknowledged");
        assertThat(data(admin, "mutation($id: ID!) { clear_alarm(id: $id) { status } }", id).get("clear_alarm").get("status").asText()).isEqualTo("cleared");
        assertThat(data(admin, "query($id: ID!) { alarms_by_pk(id: $id) { status rule_name } }", id).get("alarms_by_pk").get("rule_name").asText())
                .isEqualTo("too hot");
        assertThat(data(admin, "{ alarms_by_pk(id: \"999999999\") { id } }").get("alarms_by_pk").isNull()).isTrue();
    }

    @Test
    void theGraphiQlPageAndItsAssetsAreServed() {
        Api web = server.anonymous();
        Api.Response page = ok(web.get("/graphiql.html"), 200);
        assertThat(page.body()).contains("/webjars/graphiql/2.4.7/graphiql.min.js", "/js/graphiql-page.js");
        for (String asset : List.of("/webjars/graphiql/2.4.7/graphiql.min.js", "/webjars/graphiql/2.4.7/graphiql.min.css",
                "/webjars/react/18.3.1/umd/react.production.min.js", "/webjars/react-dom/18.3.1/umd/react-dom.production.min.js",
                "/js/graphiql-page.js", "/css/graphiql.css")) {
            assertThat(web.get(asset).status()).as(asset).isEqualTo(200);
        }
        assertThat(ok(web.get("/"), 200).body()).contains("href=\"/graphiql.html\"");
    }
}
