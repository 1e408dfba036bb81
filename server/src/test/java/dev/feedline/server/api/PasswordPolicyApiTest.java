package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 11: every place a password is set — sign-up, password change, invitation accept and the
 * first admin from configuration — refuses one shorter than password.min.length (10 by default) and the
 * most common passwords, names the field, and stores nothing.
 */
class PasswordPolicyApiTest extends ApiTestSupport {
    @Override
    protected Map<String, String> serverConfig() { return Map.of("signup.enabled", "true"); }

    private static void assertRefused(Api.Response r, String field, String problem) {
        assertError(r, 400);
        assertThat(r.json().get("fields").get(field).asText()).as(r.toString()).isEqualTo(problem);
    }

    @Test
    void signupRefusesShortAndCommonPasswords() {
        Api anon = server.anonymous();
        String name = Seed.unique("sam");
        for (String weak : new String[] {"12345678", "short-pw1"}) {
            assertRefused(anon.post("/api/v1/auth/signup/", Map.of("email", name + "@example.com", "username", name, "password", weak)),
                    "password", "must be at least 10 characters");
        }
        for (String common : new String[] {"1234567890", "Password123", "qwertyuiop"}) {
            assertRefused(anon.post("/api/v1/auth/signup/", Map.of("email", name + "@example.com", "username", name, "password", common)),
                    "password", "is one of the most common passwords; choose another");
        }
        assertRefused(anon.post("/api/v1/auth/signup/", Map.of("email", name + "@example.com", "username", name, "password", name + "@example.com")),
                "password", "must not be your email or username");
        // nothing was created: the email is still free
        ok(anon.post("/api/v1/auth/signup/", Map.of("email", name + "@example.com", "username", name, "password", "a-long-passphrase")), 201);
        server.login(name + "@example.com", "a-long-passphrase");
    }

    @Test
    void passwordChangeRefusesWeakPasswordsAndKeepsTheOldOne() {
        Seed.Member m = Seed.member(admin, server.anonymous(), Seed.org(admin), "viewer");
        assertRefused(m.api().post("/api/v1/auth/password/", Map.of("old_password", m.password(), "new_password", "12345678")),
                "new_password", "must be at least 10 characters");
        assertRefused(m.api().post("/api/v1/auth/password/", Map.of("old_password", m.password(), "new_password", "password1234")),
                "new_password", "is one of the most common passwords; choose another");
        server.login(m.email(), m.password());
        assertThat(m.api().post("/api/v1/auth/password/", Map.of("old_password", m.password(), "new_password", "another-long-one")).status()).isEqualTo(204);
        server.login(m.email(), "another-long-one");
    }

    @Test
    void invitationAcceptRefusesWeakPasswordsAndStaysOpen() {
        String org = Seed.org(admin);
        String email = Seed.unique("ivy") + "@example.com";
        String token = ok(admin.post("/api/v1/org/" + org + "/invite/", Map.of("email", email)), 201).json().get("token").asText();
        assertRefused(server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", token, "password", "12345678")),
                "password", "must be at least 10 characters");
        assertRefused(server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", token, "password", "iloveyou123")),
                "password", "is one of the most common passwords; choose another");
        // the refused attempts used nothing up
        ok(server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", token, "password", "ivy-password-1")), 200);
    }

    @Test
    void theFirstAdminsConfiguredPasswordMustMeetThePolicy() throws Exception {
        assertThatThrownBy(() -> startServer(newDataDir(), Map.of("admin.password", "12345678")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration admin.password (FEEDLINE_ADMIN_PASSWORD) must be at least 10 characters");
        assertThatThrownBy(() -> startServer(newDataDir(), Map.of("admin.password", "administrator")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("most common");
    }

    @Test
    void theMinimumLengthIsConfigurable() throws Exception {
        assertThatThrownBy(() -> startServer(newDataDir(), Map.of("password.min.length", "6")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password.min.length must be at least 8");
        try (TestServer strict = startServer(newDataDir(), Map.of("password.min.length", "20", "signup.enabled", "true",
                "admin.password", "a-much-longer-admin-password"))) {
            assertRefused(strict.anonymous().post("/api/v1/auth/signup/", Map.of("email", "x@example.com", "password", TestServer.ADMIN_PASSWORD)),
                    "password", "must be at least 20 characters");
            ok(strict.anonymous().post("/api/v1/auth/signup/", Map.of("email", "x@example.com", "password", "twenty-characters-ok")), 201);
        }
    }
}
