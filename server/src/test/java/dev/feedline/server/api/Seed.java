package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates objects through the API for tests, failing loudly when a step does not answer as expected. */
public final class Seed {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Seed() {}

    public static String unique(String prefix) { return prefix + "-" + System.nanoTime() % 1_000_000_000L + "-" + SEQ.incrementAndGet(); }

    private static JsonNode expect(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r.json();
    }

    /** Creates an org; the caller becomes its owner. Returns its slug. */
    public static String org(Api api) {
        return expect(api.post("/api/v1/org/", Map.of("name", unique("Org"), "about", "test org")), 201).get("slug").asText();
    }

    /** A project in org: {id (uuid), slug (p--), ...}. */
    public static JsonNode project(Api api, String org) {
        return expect(api.post("/api/v1/project/", Map.of("org", org, "name", unique("Project"))), 201);
    }

    /** A device of org, unclaimed: {slug, token, ...}. */
    public static JsonNode device(Api api, String org) {
        return expect(api.post("/api/v1/device/", Map.of("org", org, "label", unique("dev"))), 201);
    }

    /** A device created straight into project (claimed). */
    public static JsonNode deviceIn(Api api, String projectRef) {
        return expect(api.post("/api/v1/device/", Map.of("project", projectRef, "label", unique("dev"))), 201);
    }

    public static JsonNode variable(Api api, String projectRef, String name, String hexLid) {
        Map<String, Object> body = new HashMap<>();
        body.put("project", projectRef);
        body.put("name", name);
        if (hexLid != null) body.put("lid", hexLid);
        return expect(api.post("/api/v1/variable/", body), 201);
    }

    /** s--PPPP-PPPP--DDDD-DDDD-DDDD-DDDD--VVVV from p--, d-- (null for virtual) and a hex lid. */
    public static String stream(String projectSlug, String deviceSlug, String hexLid) {
        String device = deviceSlug == null ? "0000-0000-0000-0000" : deviceSlug.substring(3);
        return "s--" + projectSlug.substring(3) + "--" + device + "--" + hexLid;
    }

    /** Invites email into org with role and accepts anonymously with a password; returns a logged-in client. */
    public static Member member(Api owner, Api anonymous, String org, String role) {
        String name = unique(role);
        String email = name + "@example.com";
        String token = expect(owner.post("/api/v1/org/" + org + "/invite/", Map.of("email", email, "role", role)), 201).get("token").asText();
        JsonNode acc = expect(anonymous.post("/api/v1/invitation/accept/",
                Map.of("token", token, "username", name, "password", "pw-" + name)), 200);
        return new Member(anonymous.as("JWT " + acc.get("jwt").asText()), acc.get("id").asLong(), acc.get("username").asText(), email, "pw-" + name);
    }

    public record Member(Api api, long id, String username, String email, String password) {}

    /** A point body. */
    public static Map<String, Object> point(String stream, String timestamp, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("stream", stream);
        m.put("timestamp", timestamp);
        if (value instanceof Integer || value instanceof Long) m.put("int_value", value); else m.put("value", value);
        return m;
    }

    /** Number of points the filter names, through GET /data/. */
    public static long count(Api api, String filter) {
        return expect(api.get("/api/v1/data/?page_size=1&filter=" + filter), 200).get("count").asLong();
    }
}
