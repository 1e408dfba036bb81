package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.Api;
import dev.feedline.server.MovableClock;
import dev.feedline.server.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 8: failed password logins are limited per account and per client address; past the limit the
 * answer is 429 with Retry-After (a right password too), and both are counted in /metrics. Time is moved by hand.
 */
class LoginThrottleApiTest extends ApiTestSupport {
    private final MovableClock clock = new MovableClock(Instant.now());

    @Override
    protected Clock clock() { return clock; }

    @Override
    protected Map<String, String> serverConfig() {
        return Map.of("login.throttle.account.attempts", "3", "login.throttle.account.refill.seconds", "60",
                "login.throttle.address.attempts", "6", "login.throttle.address.refill.seconds", "10");
    }

    private static Api.Response login(Api anon, String who, String password) {
        return anon.post("/api/v1/auth/login/", Map.of(who.contains("@") ? "email" : "username", who, "password", password));
    }

    private static void assertThrottled(Api.Response r, String retryAfter) {
        assertError(r, 429);
        assertThat(r.json().get("code").asText()).isEqualTo("rate_limited");
        assertThat(r.header("Retry-After")).isEqualTo(retryAfter);
    }

    @Test
    void anAccountIsThrottledAfterAFewWrongPasswordsAndARightOneWaitsToo() {
        Api anon = server.anonymous();
        for (int i = 0; i < 3; i++) assertError(login(anon, TestServer.ADMIN_EMAIL, "wrong-" + i), 401);
        assertThrottled(login(anon, TestServer.ADMIN_EMAIL, "wrong-3"), "60");
        assertThrottled(login(anon, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD), "60");
        assertThrottled(login(anon, "admin", TestServer.ADMIN_PASSWORD), "60"); // its username shares the limit
        assertThrottled(anon.post("/api/v1/auth/api-jwt-auth/", Map.of("username", TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD)), "60");
        ok(admin.get("/api/v1/auth/user-info/"), 200); // a session already open goes on

        clock.advance(Duration.ofSeconds(60));
        ok(login(anon, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD), 200);
        // the success forgot the failures: a mistyping user has the whole allowance again
        for (int i = 0; i < 3; i++) assertError(login(anon, TestServer.ADMIN_EMAIL, "wrong-" + i), 401);
        assertThrottled(login(anon, TestServer.ADMIN_EMAIL, "wrong"), "60");

        String metrics = anon.get("/metrics").body();
        assertThat(metrics).containsPattern("feedline_login_failures_total\\{protocol=\"http\"} 6\\.0")
                .containsPattern("feedline_login_throttled_total\\{limit=\"account\",protocol=\"http\"} 5\\.0");
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void aWrongOldPasswordCountsAsAFailedLogin() throws Exception {
        try (TestServer own = startServer(newDataDir(), serverConfig())) {
            Api me = own.admin();
            for (int i = 0; i < 3; i++) {
                assertError(me.post("/api/v1/auth/password/", Map.of("old_password", "guess-" + i, "new_password", "a-new-password-1")), 400);
            }
            assertThrottled(me.post("/api/v1/auth/password/", Map.of("old_password", TestServer.ADMIN_PASSWORD, "new_password", "a-new-password-1")), "60");
            assertThrottled(login(own.anonymous(), TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD), "60");
            clock.advance(Duration.ofSeconds(60));
            assertThat(me.post("/api/v1/auth/password/", Map.of("old_password", TestServer.ADMIN_PASSWORD, "new_password", "a-new-password-1")).status())
                    .isEqualTo(204);
        }
    }

    @Test
    void anAddressIsThrottledWhateverAccountItTries() throws Exception {
        try (TestServer own = startServer(newDataDir(), serverConfig())) {
            Api anon = own.anonymous();
            for (int i = 0; i < 6; i++) assertError(login(anon, "nobody" + i + "@example.com", "guess"), 401);
            assertThrottled(login(anon, "nobody6@example.com", "guess"), "10");
            assertThrottled(login(anon, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD), "10");
            assertThat(anon.get("/metrics").body()).contains("feedline_login_throttled_total{limit=\"address\",protocol=\"http\"} 2.0");
            clock.advance(Duration.ofSeconds(10));
            ok(login(anon, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD), 200);
        }
    }
}
