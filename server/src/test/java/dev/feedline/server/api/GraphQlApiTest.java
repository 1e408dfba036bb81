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
import org.junit.jupiter.api.Test;
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
        assertThat(devices.get(1).get("last_seen").isNull()).isFalse();
        JsonNode stream = devices.get(1).get("streams").get(0);
        assertThat(stream.get("slug").asText()).isEqualTo(f.streams().get(1));
        assertThat(stream.get("variable").get("name").asText()).isEqualTo("temp");
        assertThat(stream.get("latest").get("value").asDouble()).isEqualTo(1.0);
    }
}
