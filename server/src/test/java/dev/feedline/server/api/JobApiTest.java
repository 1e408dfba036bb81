package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.port.JobQueue;
import dev.feedline.server.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/pid/ (and IOTile's POST form): members of the job's org see its status as it moves from queued to
 * done or failed; another org's pid is a 404 like an unknown one; anonymous callers get a 401 before anything is
 * looked up. The server's job queue runs two test job types registered before it starts.
 */
class JobApiTest extends ApiTestSupport {
    @Override
    protected TestServer startServer(Path dir, Map<String, String> extra) throws IOException {
        Map<String, String> all = new HashMap<>(storeConfig(dir));
        all.putAll(extra);
        return TestServer.start(dir, all, clock(), queue -> {
            queue.register("test-ok", 1, job -> {});
            queue.register("test-fail", 2, job -> { throw new IllegalStateException("webhook answered 500"); });
        });
    }

    private long orgId(String slug) {
        var services = server.server().services();
        var admin = new Caller.User(services.accounts().byEmail(TestServer.ADMIN_EMAIL).orElseThrow());
        return services.orgs().get(admin, slug).id();
    }

    private JsonNode awaitStatus(String pid, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ok(admin.get("/api/v1/pid/?pid=" + pid), 200).json().get("status").asText().equals(status));
        return admin.get("/api/v1/pid/?pid=" + pid).json();
    }

    @Test
    void membersOfTheJobsOrgFollowItToDone() {
        String org = Seed.org(admin);
        String pid = server.server().jobs().enqueue("test-ok", orgId(org), "{}");

        JsonNode done = awaitStatus(pid, "done");
        assertThat(done.get("pid").asText()).isEqualTo(pid);
        assertThat(done.get("type").asText()).isEqualTo("test-ok");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(done.get("error").isNull()).isTrue();
        assertThat(done.get("created_on").asText()).isNotBlank();
        assertThat(done.get("finished_on").asText()).isNotBlank();
        assertThat(done.get("info").get("type").asText()).isEqualTo("test-ok");

        Seed.Member viewer = Seed.member(admin, server.anonymous(), org, "member");
        assertThat(ok(viewer.api().get("/api/v1/pid/?pid=pid:" + pid), 200).json().get("status").asText()).isEqualTo("done");
        JsonNode iotile = ok(viewer.api().post("/api/v1/pid/", Map.of("pid", "pid:" + pid)), 202).json();
        assertThat(iotile.get("info").get("created_on").asText()).isEqualTo(done.get("created_on").asText());
    }

    @Test
    void aFailedJobShowsItsAttemptsAndLastError() {
        String org = Seed.org(admin);
        String pid = server.server().jobs().enqueue("test-fail", orgId(org), "{}");

        JsonNode failed = awaitStatus(pid, "failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(2);
        assertThat(failed.get("error").asText()).isEqualTo("webhook answered 500");
        // The gauges refresh at most once a second, from the database: the failed job shows there too.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(admin.get("/metrics").body())
            .containsPattern("feedline_jobs\\{state=\"failed\",type=\"test-fail\"} [1-9]")
            .contains("feedline_jobs{state=\"queued\",type=\"test-ok\"}"));
    }

    @Test
    void anotherOrgsPidIsNotFoundAndAnonymousIsUnauthenticated() {
        String org = Seed.org(admin);
        String pid = server.server().jobs().enqueue("test-ok", orgId(org), "{}");
        String otherOrg = Seed.org(admin);
        Seed.Member outsider = Seed.member(admin, server.anonymous(), otherOrg, "owner");

        assertError(outsider.api().get("/api/v1/pid/?pid=" + pid), 404);
        assertError(outsider.api().post("/api/v1/pid/", Map.of("pid", pid)), 404);
        assertError(admin.get("/api/v1/pid/?pid=00000000-0000-0000-0000-000000000000"), 404);
        assertError(server.anonymous().get("/api/v1/pid/?pid=" + pid), 401);
        assertError(admin.get("/api/v1/pid/"), 400);
        assertError(admin.get("/api/v1/pid/?pid=" + "x".repeat(65)), 400);
    }
}
