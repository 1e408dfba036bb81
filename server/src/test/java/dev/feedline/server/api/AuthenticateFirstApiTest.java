package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Authenticate first: without valid credentials (none, a wrong JWT, API key, AIO key or device token) every
 * route answers 401, and the same 401 whether the objects its path, query and body name exist or not, so
 * nobody can map which orgs, projects, devices, streams, events or commands exist. Walks every route the
 * server has (a new route with a new kind of path parameter fails here until the walk knows how to fill it).
 */
class AuthenticateFirstApiTest extends ApiTestSupport {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|post|put|patch|delete):\\s*$");

    /** Placeholder values by "previous path segment:placeholder", for objects that exist and that do not. */
    private final Map<String, String> existing = new HashMap<>();
    private final Map<String, String> missing = new HashMap<>();
    private String deviceToken;
    private String apiKey;
    private String forgedJwt;

    @BeforeAll
    void seed() {
        String org = Seed.org(admin);
        JsonNode project = Seed.project(admin, org);
        String projectSlug = project.get("slug").asText();
        JsonNode device = Seed.deviceIn(admin, projectSlug);
        String deviceSlug = device.get("slug").asText();
        deviceToken = device.get("token").asText();
        String variable = Seed.variable(admin, projectSlug, "temp", "5001").get("slug").asText();
        String stream = Seed.stream(projectSlug, deviceSlug, "5001");
        ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:00Z", 1.5)), 201);
        long event = ok(admin.post("/api/v1/event/", Map.of("stream", stream, "timestamp", "2024-05-01T10:00:00Z")), 201).json().get("id").asLong();
        long property = ok(admin.post("/api/v1/property/", Map.of("target", deviceSlug, "name", "model", "str_value", "X1")), 201).json().get("id").asLong();
        long config = ok(admin.post("/api/v1/config/attr/", Map.of("target", deviceSlug, "name", ":a", "data", 1)), 201).json().get("id").asLong();
        long dashboard = ok(admin.post("/api/v1/dashboard/", Map.of("org", org, "name", "d")), 201).json().get("id").asLong();
        long rule = ok(admin.post("/api/v1/rule/", Map.of("org", org, "name", "probe", "scope", Map.of("kind", "stream", "target", stream),
                "condition", Map.of("kind", "threshold", "op", "gt", "value", 0))), 201).json().get("id").asLong();
        ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-05-01T10:00:01Z", 2.5)), 201);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> ok(admin.get("/api/v1/alarm/?rule=" + rule), 200).json().get("count").asInt() == 1);
        long alarm = ok(admin.get("/api/v1/alarm/?rule=" + rule), 200).json().get("results").get(0).get("id").asLong();
        long command = ok(admin.post("/api/v1/device/" + deviceSlug + "/rpc/", Map.of("method", "m", "params", Map.of())), 201).json().get("id").asLong();
        JsonNode key = ok(admin.post("/api/v1/auth/keys/", Map.of("name", "probe")), 201).json();
        apiKey = key.get("key").asText();
        long invitation = ok(admin.post("/api/v1/org/" + org + "/invite/", Map.of("email", Seed.unique("inv") + "@example.com")), 201).json().get("id").asLong();
        JsonNode me = ok(admin.get("/api/v1/auth/user-info/"), 200).json();
        String username = me.get("username").asText();
        forgedJwt = forge(admin.authorization().substring("JWT ".length()));

        AioClient io = new AioClient(server.baseUrl(), username, apiKey);
        ok(io.form("/feeds", Map.of("name", "probe")), 201);
        long datum = ok(io.form("/feeds/probe/data", Map.of("value", "1")), 200, 201).json().get("id").asLong();
        ok(io.form("/groups", Map.of("name", "probegroup")), 201);
        ok(io.form("/dashboards", Map.of("name", "probedash")), 201);
        long block = ok(io.post("/dashboards/probedash/blocks", "{\"name\": \"b\", \"visual_type\": \"gauge\", \"block_feeds\": [{\"feed_id\": \"probe\"}]}"), 200).json().get("id").asLong();
        long trigger = ok(io.post("/triggers", "{\"trigger\": {\"name\": \"hot\", \"trigger_type\": \"reactive\", \"feed_id\": \"probe\", \"operator\": \"gt\", \"value\": \"30\"}}"), 201)
                .json().get("id").asLong();

        both("org:{slug}", org, "no-such-org");
        both("account:{slug}", username, "nobody-here");
        both("project:{id}", project.get("id").asText(), "6f1c1ab0-0000-4000-8000-000000000fff");
        both("device:{slug}", deviceSlug, "d--0000-0000-0000-0fff");
        both("variable:{slug}", variable, "v--0000-0fff--5001");
        both("stream:{slug}", stream, Seed.stream("p--0000-0fff", "d--0000-0000-0000-0fff", "5001"));
        both("event:{id}", Long.toString(event), "999999");
        both("property:{id}", Long.toString(property), "999999");
        both("attr:{id}", Long.toString(config), "999999");
        both("dashboard:{id}", Long.toString(dashboard), "999999");
        both("rpc:{id}", Long.toString(command), "999999");
        both("rule:{id}", Long.toString(rule), "999999");
        both("alarm:{id}", Long.toString(alarm), "999999");
        both("filter:{slug}", "f--" + stream.substring(3), "f--0000-0fff--0000-0000-0000-0fff--5001"); // the probe rule, read as a filter
        both("rpc:{requestId}", Long.toString(command), "999999");
        both("keys:{id}", Long.toString(key.get("id").asLong()), "999999");
        both("invitations:{id}", Long.toString(invitation), "999999");
        both("members:{userId}", me.get("id").asText(), "999999");
        both("v2:{username}", username, "nobody-here");
        both("tokens:{id}", Long.toString(key.get("id").asLong()), "999999");
        both("triggers:{id}", Long.toString(trigger), "999999");
        both("actions:{id}", Long.toString(trigger), "999999");
        both("feeds:{feed_key}", "probe", "no-such-feed");
        both("data:{id}", Long.toString(datum), "999999");
        both("groups:{group_key}", "probegroup", "no-such-group");
        both("dashboards:{dashboard_key}", "probedash", "no-such-dashboard");
        both("blocks:{id}", Long.toString(block), "999999");
        both("notification:{id}", Long.toString(notification(org)), "999999");
        long deviceId = dev.feedline.model.Slugs.parseDevice(deviceSlug);
        Multipart report = new Multipart().file("file", "r.bin", dev.feedline.core.report.ReportFiles.signedList(deviceId, 1, 0xD7FF, 1, 10,
                dev.feedline.core.report.ReportFiles.sequence(1, 1)));
        String reportId = ok(admin.sendBytes("POST", "/api/v1/streamer/report/?timestamp=2024-05-01T10:00:00Z", report.bytes(), report.contentType()), 201)
                .json().get("id").asText();
        both("streamer:{slug}", dev.feedline.model.Slugs.streamer(deviceId, 1), "t--0000-0000-0000-0fff--0001");
        both("report:{id}", reportId, "6f1c1ab0-0000-4000-8000-000000000fff");
        String alias = ok(admin.post("/api/v1/alias/", Map.of("org", org, "name", "probe")), 201).json().get("slug").asText();
        long tap = ok(admin.post("/api/v1/tap/", Map.of("alias", alias, "timestamp", "2024-05-01T10:00:00Z", "stream", stream)), 201).json().get("id").asLong();
        both("alias:{slug}", alias, "a--0000-0000-0000-0fff");
        both("tap:{id}", Long.toString(tap), "999999");
        both("vartype:{slug}", "temp", "no-such-type");
        // A data block of another device (archiving this one would move the stream named above).
        String archived = Seed.deviceIn(admin, projectSlug).get("slug").asText();
        both("datablock:{slug}", ok(admin.post("/api/v1/datablock/", Map.of("device", archived, "title", "t")), 201).json().get("slug").asText(),
                "b--0001-0000-0000-0fff");
        // Issue 17: templates, fleets, OTA.
        both("dt:{ref}", ok(admin.post("/api/v1/dt/", Map.of("org", org, "external_sku", "probe")), 201).json().get("slug").asText(), "no-such-dt");
        both("sg:{ref}", ok(admin.post("/api/v1/sg/", Map.of("org", org, "name", "probe")), 201).json().get("slug").asText(), "no-such-sg");
        both("pt:{ref}", ok(admin.post("/api/v1/pt/", Map.of("org", org, "name", "probe")), 201).json().get("slug").asText(), "no-such-pt");
        both("propertytemplate:{ref}", ok(admin.post("/api/v1/propertytemplate/", Map.of("org", org, "name", "probe")), 201).json().get("id").asText(), "999999");
        String fleet = ok(admin.post("/api/v1/fleet/", Map.of("org", org, "name", "probe")), 201).json().get("slug").asText();
        both("fleet:{slug}", fleet, "g--0000-0000-0fff");
        String script = ok(admin.post("/api/v1/ota/script/", Map.of("org", org, "name", "probe")), 201).json().get("slug").asText();
        both("script:{slug}", script, "z--0000-0fff");
        long otaRequest = ok(admin.post("/api/v1/ota/request/", Map.of("script", script, "org", org, "released", true)), 201).json().get("id").asLong();
        both("request:{id}", Long.toString(otaRequest), "999999");
        long otaAction = ok(admin.post("/api/v1/ota/action/", Map.of("deployment", otaRequest, "device", deviceSlug, "attempt_successful", true)), 201)
                .json().get("id").asLong();
        both("action:{id}", Long.toString(otaAction), "999999");
        // Issue 17 point 6: generated reports.
        long template = ok(admin.post("/api/v1/report/", Map.of("org", org, "label", "probe", "sources", List.of(deviceSlug))), 201).json().get("id").asLong();
        both("report:{id}", Long.toString(template), "999999");
        both("generated:{id}", ok(admin.post("/api/v1/report/" + template + "/generate/", Map.of()), 202).json().get("id").asText(),
                "00000000-0000-0000-0000-000000000fff");
        // Names in the query and the body too: ?org=, ?filter=, {"device": ...}
        both("query", "?org=" + org + "&org__slug=" + org + "&project=" + projectSlug + "&filter=" + stream + "&target=" + deviceSlug,
                "?org=no-such-org&org__slug=no-such-org&project=p--0000-0fff&filter=" + missing.get("stream:{slug}") + "&target=d--0000-0000-0000-0fff");
        both("body", "{\"org\": \"" + org + "\", \"project\": \"" + projectSlug + "\", \"device\": \"" + deviceSlug + "\", \"stream\": \"" + stream
                        + "\", \"target\": \"" + deviceSlug + "\", \"slugs\": [\"" + deviceSlug + "\"], \"timestamp\": \"2024-05-01T10:00:00Z\", \"value\": 1}",
                "{\"org\": \"no-such-org\", \"project\": \"p--0000-0fff\", \"device\": \"d--0000-0000-0000-0fff\", \"stream\": \"" + missing.get("stream:{slug}")
                        + "\", \"target\": \"d--0000-0000-0000-0fff\", \"slugs\": [\"d--0000-0000-0000-0fff\"], \"timestamp\": \"2024-05-01T10:00:00Z\", \"value\": 1}");

        // The walk is only meaningful if the names above are real: with valid credentials they are found.
        ok(admin.get("/api/v1/device/" + deviceSlug + "/"), 200);
        ok(admin.get("/api/v1/device/d--0000-0000-0000-0fff/"), 404);
    }

    private void both(String key, String there, String notThere) {
        existing.put(key, there);
        missing.put(key, notThere);
    }

    /** A JWT of the right shape whose signature is wrong: its last character changed. */
    private static String forge(String jwt) {
        char last = jwt.charAt(jwt.length() - 2);
        return jwt.substring(0, jwt.length() - 2) + (last == 'A' ? 'B' : 'A') + jwt.charAt(jwt.length() - 1);
    }

    /** Credentials that are no credentials: none and wrong ones of every kind. name → headers. */
    private Map<String, Map<String, String>> wrongCredentials(boolean aio) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        out.put("none", Map.of());
        out.put("malformed JWT", Map.of("Authorization", "JWT not.a.jwt"));
        out.put("forged JWT", Map.of("Authorization", "Bearer " + forgedJwt));
        out.put("unknown API key", Map.of("Authorization", "Token fak_" + "x".repeat(43)));
        out.put("unknown device token", Map.of("Authorization", "Token fdt_" + "x".repeat(43)));
        out.put("unknown scheme", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));
        if (aio) {
            out.put("unknown AIO key", Map.of("X-AIO-Key", "fak_" + "y".repeat(43)));
            out.put("AIO key that is no key", Map.of("X-AIO-Key", "aio_1234"));
        }
        return out;
    }

    @Test
    void everyProtectedRouteAnswers401WhateverItNames() {
        Set<String> open = openRoutes();
        List<String> routes = server.server().routes();
        assertThat(routes).hasSizeGreaterThan(100);
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/api/v1/{token}/")) continue; // the device API: its own test below
            if (open.contains(route)) continue;
            boolean aio = path.startsWith("/api/v2/");
            for (var creds : wrongCredentials(aio).entrySet()) {
                Api.Response there = send(method, fill(path, existing) + existing.get("query"), existing.get("body"), creds.getValue());
                Api.Response notThere = send(method, fill(path, missing) + missing.get("query"), missing.get("body"), creds.getValue());
                checked++;
                if (there.status() != 401 || notThere.status() != 401 || !there.body().equals(notThere.body())) {
                    leaks.add(route + " with " + creds.getKey() + ": existing → " + there + " | missing → " + notThere);
                }
            }
        }
        assertThat(checked).isGreaterThan(500);
        assertThat(leaks).as("routes whose answer without valid credentials is not 401 or depends on what exists").isEmpty();
    }

    @Test
    void aDeviceTokenInTheHeaderOpensNothingButItsOwnWrites() {
        Set<String> deviceWrites = Set.of("POST /api/v1/data/", "POST /api/v1/event/", "POST /api/v1/event/upload/");
        List<String> leaks = new ArrayList<>();
        for (String route : server.server().routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/api/v1/{token}/") || openRoutes().contains(route) || deviceWrites.contains(route)) continue;
            Map<String, String> headers = Map.of("Authorization", "Token " + deviceToken);
            Api.Response there = send(method, fill(path, existing) + existing.get("query"), existing.get("body"), headers);
            Api.Response notThere = send(method, fill(path, missing) + missing.get("query"), missing.get("body"), headers);
            if (there.status() != 401 || notThere.status() != 401) leaks.add(route + ": existing → " + there + " | missing → " + notThere);
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void theDeviceApiAnswers401ForAnyTokenThatIsNoDeviceToken() {
        List<String> leaks = new ArrayList<>();
        for (String route : server.server().routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            if (!path.startsWith("/api/v1/{token}/")) continue;
            for (String token : List.of("fdt_" + "x".repeat(43), apiKey, "not-a-token", "d--0000-0000-0000-0fff")) {
                String there = fill(path.replace("{token}", token), existing) + "?timeout=1";
                String notThere = fill(path.replace("{token}", token), missing) + "?timeout=1";
                Api.Response a = send(method, there, "{\"method\": \"getCurrentTime\", \"params\": {}}", Map.of());
                Api.Response b = send(method, notThere, "{\"method\": \"getCurrentTime\", \"params\": {}}", Map.of());
                if (a.status() != 401 || b.status() != 401 || !a.body().equals(b.body())) leaks.add(route + " with " + token + ": " + a + " | " + b);
            }
        }
        assertThat(leaks).isEmpty();
        // and the real token still works
        ok(send("POST", "/api/v1/" + deviceToken + "/telemetry", "{\"temp\": 1}", Map.of()), 200);
    }

    @Test
    void claimableNeedsCredentials() {
        String body = "{\"slugs\": [\"" + existing.get("device:{slug}") + "\", \"d--0000-0000-0000-0fff\"]}";
        assertError(send("POST", "/api/v1/device/claimable/", body, Map.of()), 401);
        ok(send("POST", "/api/v1/device/claimable/", body, Map.of("Authorization", admin.authorization())), 202);
    }

    @Test
    void theLiveWebSocketRefusesWrongCredentialsBeforeAnything() {
        for (String token : List.of("", "not.a.jwt", forgedJwt, "fak_" + "x".repeat(43), deviceToken)) {
            String url = server.baseUrl().replace("http://", "ws://") + "/api/v1/live/" + (token.isEmpty() ? "" : "?token=" + token);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CLIENT.newWebSocketBuilder()
                    .buildAsync(URI.create(url), new WebSocket.Listener() {}).join()))
                    .as(token).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
        }
    }

    /** A notification of org, left by a rule's notify action (as the rules engine fires it), once delivered. */
    private long notification(String orgSlug) {
        var services = server.server().services();
        long orgId = services.orgs().get(new dev.feedline.core.auth.Caller.User(services.accounts().byEmail(dev.feedline.server.TestServer.ADMIN_EMAIL).orElseThrow()), orgSlug).id();
        var actions = server.server().ruleActions();
        String stored = actions.validate(orgId, "[{\"kind\": \"notify\", \"title\": \"probe\"}]");
        services.lookup().store().inTransaction(() -> {
            actions.fire(new dev.feedline.core.action.Firing(orgId, 1, "probe", dev.feedline.core.action.Firing.FIRED, null, null,
                    "d--0000-0000-0000-0001", null, null, null, java.time.Instant.now(), 1), stored);
            return null;
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.get("/api/v1/notification/?org=" + orgSlug).json().get("count").asInt() == 1);
        return admin.get("/api/v1/notification/?org=" + orgSlug).json().get("results").get(0).get("id").asLong();
    }

    /** Routes the OpenAPI description marks {@code security: []}: open to anyone. */
    private Set<String> openRoutes() {
        Set<String> open = new TreeSet<>();
        String current = null;
        String method = null;
        for (String line : server.anonymous().get("/api/v1/openapi.yaml").body().split("\n")) {
            Matcher p = PATH.matcher(line);
            if (p.matches()) current = p.group(1);
            Matcher m = METHOD.matcher(line);
            if (m.matches()) method = m.group(1).toUpperCase(Locale.ROOT);
            if (line.equals("      security: []") && method != null) open.add(method + " " + current);
        }
        assertThat(open).contains("POST /api/v1/auth/login/").doesNotContain("POST /api/v1/device/claimable/");
        return open;
    }

    /** The route's path with each {placeholder} filled from values, chosen by the path segment before it. */
    private static String fill(String path, Map<String, String> values) {
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            if (!segments[i].startsWith("{")) continue;
            String key = segments[i - 1] + ":" + segments[i];
            if (segments[i].equals("{username}")) key = "v2:{username}";
            String value = values.get(key);
            if (value == null) throw new AssertionError("the walk cannot fill " + key + " in " + path + "; teach it");
            segments[i] = value;
        }
        return String.join("/", segments);
    }

    private Api.Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        b.header("Content-Type", "application/json");
        b.method(method, body == null || method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body(), r);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    private static Api.Response ok(Api.Response r, int... statuses) {
        assertThat(statuses).as(r.toString()).contains(r.status());
        return r;
    }
}
