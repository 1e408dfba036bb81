package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13, item 9: a password change, a logout, "log out everywhere" and removal from the last org end JWTs. */
class TokenRevocationApiTest extends ApiTestSupport {

    private static String jwtOf(Api api) { return api.authorization().substring("JWT ".length()); }

    private Api login(Seed.Member m) {
        Api.Response r = ok(server.anonymous().post("/api/v1/auth/login/", Map.of("email", m.email(), "password", m.password())), 200);
        return server.anonymous().as("JWT " + r.json().get("jwt").asText());
    }

    private void assertEnded(Api api) {
        assertError(api.get("/api/v1/auth/user-info/"), 401);
        assertError(server.anonymous().post("/api/v1/auth/api-jwt-refresh/", Map.of("token", jwtOf(api))), 400);
        assertError(server.anonymous().post("/api/v1/auth/api-jwt-verify/", Map.of("token", jwtOf(api))), 400);
    }

    @Test
    void passwordChangeEndsEveryEarlierTokenAndTheirRefresh() {
        String org = Seed.org(admin);
        Seed.Member m = Seed.member(admin, server.anonymous(), org, "member");
        Api other = login(m);
        String refreshed = ok(server.anonymous().post("/api/v1/auth/api-jwt-refresh/", Map.of("token", jwtOf(other))), 200).json().get("token").asText();
        String newPassword = "a-new-password-" + m.username();
        assertThat(m.api().post("/api/v1/auth/password/", Map.of("old_password", m.password(), "new_password", newPassword)).status()).isEqualTo(204);

        assertEnded(m.api());
        assertEnded(other);
        assertEnded(server.anonymous().as("JWT " + refreshed));
        assertError(server.anonymous().post("/api/v1/auth/login/", Map.of("email", m.email(), "password", m.password())), 401);
        Api fresh = login(new Seed.Member(null, m.id(), m.username(), m.email(), newPassword));
        ok(fresh.get("/api/v1/org/" + org + "/"), 200);
        ok(admin.get("/api/v1/auth/user-info/"), 200);
    }

    @Test
    void logoutEndsTheCurrentTokenAndItsRefreshButNotAnotherLogin() {
        String org = Seed.org(admin);
        Seed.Member m = Seed.member(admin, server.anonymous(), org, "viewer");
        Api laptop = login(m);
        Api phone = login(m);
        String refreshed = ok(server.anonymous().post("/api/v1/auth/api-jwt-refresh/", Map.of("token", jwtOf(laptop))), 200).json().get("token").asText();

        assertThat(laptop.post("/api/v1/auth/logout/", null).status()).isEqualTo(204);
        assertEnded(laptop);
        assertEnded(server.anonymous().as("JWT " + refreshed));
        ok(phone.get("/api/v1/org/" + org + "/"), 200);
        // logging out needs valid credentials, like every other request
        assertError(laptop.post("/api/v1/auth/logout/", null), 401);
        assertError(server.anonymous().post("/api/v1/auth/logout/", null), 401);
    }

    @Test
    void endedTokensStayEndedAfterARestart() throws Exception {
        try (TestServer own = startServer(newDataDir(), Map.of())) {
            String loggedOut = jwtOf(own.admin());
            String another = jwtOf(own.admin());
            String kept = jwtOf(own.admin());
            assertThat(own.anonymous().as("JWT " + loggedOut).post("/api/v1/auth/logout/", null).status()).isEqualTo(204);
            own.restart();
            assertError(own.anonymous().as("JWT " + loggedOut).get("/api/v1/auth/user-info/"), 401);
            ok(own.anonymous().as("JWT " + kept).get("/api/v1/auth/user-info/"), 200);
            assertThat(own.anonymous().as("JWT " + kept).post("/api/v1/auth/logout-all/", null).status()).isEqualTo(204);
            own.restart();
            assertError(own.anonymous().as("JWT " + kept).get("/api/v1/auth/user-info/"), 401);
            assertError(own.anonymous().as("JWT " + another).get("/api/v1/auth/user-info/"), 401);
            ok(own.admin().get("/api/v1/auth/user-info/"), 200);
        }
    }

    @Test
    void logoutEverywhereEndsAllTokensButNotApiKeys() {
        String org = Seed.org(admin);
        Seed.Member m = Seed.member(admin, server.anonymous(), org, "viewer");
        Api phone = login(m);
        String key = ok(m.api().post("/api/v1/auth/keys/", Map.of("name", "script")), 201).json().get("key").asText();

        assertThat(m.api().post("/api/v1/auth/logout-all/", null).status()).isEqualTo(204);
        assertEnded(m.api());
        assertEnded(phone);
        ok(server.anonymous().as("Token " + key).get("/api/v1/org/" + org + "/"), 200);
        ok(login(m).get("/api/v1/auth/user-info/"), 200);
        assertError(server.anonymous().post("/api/v1/auth/logout-all/", null), 401);
    }

    @Test
    void removalFromTheLastOrgEndsTheAccountsTokens() {
        String first = Seed.org(admin);
        String second = Seed.org(admin);
        Seed.Member m = Seed.member(admin, server.anonymous(), first, "member");
        String invitation = ok(admin.post("/api/v1/org/" + second + "/invite/", Map.of("email", m.email(), "role", "viewer")), 201).json().get("token").asText();
        ok(m.api().post("/api/v1/invitation/accept/", Map.of("token", invitation)), 200);
        assertThat(admin.delete("/api/v1/org/" + first + "/members/" + m.id() + "/").status()).isEqualTo(204);
        ok(m.api().get("/api/v1/org/" + second + "/"), 200); // still a member of another org: still logged in

        assertThat(admin.delete("/api/v1/org/" + second + "/members/" + m.id() + "/").status()).isEqualTo(204);
        assertEnded(m.api());
        ok(login(m).get("/api/v1/auth/user-info/"), 200);
        ok(admin.get("/api/v1/auth/user-info/"), 200);
    }

    @Test
    void leavingTheLastOrgOneselfOrDeletingItKeepsTheSession() {
        String org = Seed.org(admin);
        Seed.Member m = Seed.member(admin, server.anonymous(), org, "viewer");
        assertThat(m.api().delete("/api/v1/org/" + org + "/members/" + m.id() + "/").status()).isEqualTo(204);
        ok(m.api().get("/api/v1/auth/user-info/"), 200);

        String invitedTo = Seed.org(admin);
        Seed.Member owner = Seed.member(admin, server.anonymous(), invitedTo, "viewer");
        String own = Seed.org(owner.api());
        assertThat(owner.api().delete("/api/v1/org/" + invitedTo + "/members/" + owner.id() + "/").status()).isEqualTo(204);
        assertThat(owner.api().delete("/api/v1/org/" + own + "/").status()).isEqualTo(204); // their last org
        ok(owner.api().get("/api/v1/auth/user-info/"), 200);
        assertThat(ok(owner.api().get("/api/v1/org/"), 200).json().get("count").asInt()).isZero();
    }
}
