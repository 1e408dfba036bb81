package dev.feedline.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.Consumer;
import dev.feedline.core.port.JobQueue;

/**
 * A real Feedline server for tests: ephemeral HTTP port on loopback, its own data directory, a
 * known admin, and a cheap bcrypt cost. {@link #restart} stops it and starts it again on the same data.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_PASSWORD = "admin-password-1";
    private final Map<String, String> config;
    private final Clock clock;
    private final Consumer<JobQueue> jobTypes;
    private FeedlineServer server;

    private TestServer(Map<String, String> config, Clock clock, Consumer<JobQueue> jobTypes) {
        this.config = config;
        this.clock = clock;
        this.jobTypes = jobTypes;
    }

    /** Starts a server on dataDir; extra overrides or adds configuration keys (e.g. "db.url"). */
    public static TestServer start(Path dataDir, Map<String, String> extra) throws IOException {
        return start(dataDir, extra, Clock.systemUTC());
    }

    public static TestServer start(Path dataDir, Map<String, String> extra, Clock clock) throws IOException {
        return start(dataDir, extra, clock, queue -> {});
    }

    /** A server whose job queue also has the job types jobTypes registers (on every start). */
    public static TestServer start(Path dataDir, Map<String, String> extra, Clock clock, Consumer<JobQueue> jobTypes) throws IOException {
        Map<String, String> config = new HashMap<>();
        config.put("http.host", "127.0.0.1");
        config.put("http.port", "0");
        config.put("data.dir", dataDir.toString());
        config.put("admin.email", ADMIN_EMAIL);
        config.put("admin.password", ADMIN_PASSWORD);
        config.put("bcrypt.cost", "4");
        config.put("shutdown.timeout.seconds", "5");
        // Tests that need MQTT turn it on with free ports (MqttPorts); the rest start faster without a broker.
        config.put("mqtt.port", "off");
        config.put("mqtt.websocket.port", "off");
        config.put("jobs.poll.interval.ms", "50");
        config.put("jobs.retry.backoff.ms", "100");
        // Tests' webhook receivers listen on loopback; WebhookGuardApiTest turns this off again.
        config.put("actions.webhook.allow.private", "true");
        for (Entry<String, String> e : extra.entrySet()) config.put(e.getKey(), e.getValue());
        TestServer t = new TestServer(config, clock, jobTypes);
        t.server = FeedlineServer.start(Settings.from(Config.of(config)), clock, jobTypes);
        return t;
    }

    public void restart() throws IOException {
        server.close();
        server = FeedlineServer.start(Settings.from(Config.of(config)), clock, jobTypes);
    }

    public FeedlineServer server() { return server; }

    public String baseUrl() { return "http://127.0.0.1:" + server.httpPort(); }

    /** An anonymous client. */
    public Api anonymous() { return new Api(baseUrl(), null); }

    /** A client logged in as the admin. */
    public Api admin() { return login(ADMIN_EMAIL, ADMIN_PASSWORD); }

    public Api login(String email, String password) {
        Api.Response r = anonymous().post("/api/v1/auth/login/", Map.of("email", email, "password", password));
        if (r.status() != 200) throw new AssertionError("login failed: " + r);
        JsonNode body = r.json();
        return new Api(baseUrl(), "JWT " + body.get("jwt").asText());
    }

    /** The raw bytes of an event's attachment (GET /api/v1/event/{id}/data/), asserting 200. */
    public byte[] download(Api api, long eventId) throws IOException, InterruptedException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/api/v1/event/" + eventId + "/data/"))
                .header("Authorization", api.authorization()).build();
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Override
    public void close() { server.close(); }
}
