package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthApiTest extends ApiTestSupport {

    @Test
    void loginReturnsAccountAndJwtAndBadPasswordIs401WithChallenge() {
        Api anon = server.anonymous();
        JsonNode body = ok(anon.post("/api/v1/auth/login/", Map.of("email", TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD)), 200).json();
        assertThat(body.get("email").asText()).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(body.get("jwt").asText()).contains(".");
        assertThat(body.has("username")).isTrue();

        Api.Response bad = anon.post("/api/v1/auth/login/", Map.of("email", TestServer.ADMIN_EMAIL, "password", "wrong"));
        assertError(bad, 401);
        assertThat(bad.header("WWW-Authenticate")).startsWith("JWT");
        assertError(anon.post("/api/v1/auth/login/", Map.of("email", "nobody@example.com", "password", "x")), 401);
    }

    @Test
    void loginByUsernameAndUserInfoAndToken() {
        String username = ok(admin.get("/api/v1/auth/user-info/"), 200).json().get("username").asText();
        JsonNode byName = ok(server.anonymous().post("/api/v1/auth/login/", Map.of("username", username, "password", TestServer.ADMIN_PASSWORD)), 200).json();
        assertThat(byName.get("email").asText()).isEqualTo(TestServer.ADMIN_EMAIL);

        Api viaJwt = server.anonymous().as("jwt " + byName.get("jwt").asText());
        JsonNode info = ok(viaJwt.get("/api/v1/auth/user-info/"), 200).json();
        assertThat(info.get("username").asText()).isEqualTo(username);
        assertThat(info.get("jwt").asText()).isNotBlank();
        assertThat(ok(viaJwt.get("/api/v1/auth/token/"), 200).json().get("jwt").asText()).isNotBlank();

        Api.Response anonymousInfo = server.anonymous().get("/api/v1/auth/user-info/");
        assertError(anonymousInfo, 401);
        assertThat(anonymousInfo.header("WWW-Authenticate")).isEqualTo("JWT realm=\"api\"");
        assertError(server.anonymous().as("JWT not-a-jwt").get("/api/v1/auth/user-info/"), 401);
    }

    @Test
    void jwtAuthRefreshVerify() {
        Api anon = server.anonymous();
        String jwt = ok(anon.post("/api/v1/auth/api-jwt-auth/", Map.of("username", TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD)), 200)
                .json().get("token").asText();
        assertError(anon.post("/api/v1/auth/api-jwt-auth/", Map.of("username", TestServer.ADMIN_EMAIL, "password", "nope")), 401);
        assertThat(ok(anon.post("/api/v1/auth/api-jwt-verify/", Map.of("token", jwt)), 200).json().get("token").asText()).isEqualTo(jwt);
        assertError(anon.post("/api/v1/auth/api-jwt-verify/", Map.of("token", jwt + "x")), 400);
        String refreshed = ok(anon.post("/api/v1/auth/api-jwt-refresh/", Map.of("token", jwt)), 200).json().get("token").asText();
        ok(anon.as("JWT " + refreshed).get("/api/v1/auth/user-info/"), 200);
    }

    @Test
    void logoutIs204() {
        // its own login: logging out ends the token, and the shared admin client is used by the other tests
        assertThat(server.admin().post("/api/v1/auth/logout/", null).status()).isEqualTo(204);
    }

    @Test
    void signupIsOffByDefault() {
        assertError(server.anonymous().post("/api/v1/auth/signup/",
                Map.of("email", "new@example.com", "username", "newbie", "password", "long-password-1")), 403);
        assertError(server.anonymous().post("/api/v1/auth/login/", Map.of("email", "new@example.com", "password", "long-password-1")), 401);
    }

    @Test
    void signupWorksWhenEnabled() throws Exception {
        try (TestServer open = startServer(newDataDir(), Map.of("signup.enabled", "true"))) {
            JsonNode created = ok(open.anonymous().post("/api/v1/auth/signup/",
                    Map.of("email", "new@example.com", "username", "newbie", "password", "long-password-1")), 201).json();
            assertThat(created.get("username").asText()).isEqualTo("newbie");
            Api me = open.login("new@example.com", "long-password-1");
            assertThat(ok(me.get("/api/v1/auth/user-info/"), 200).json().get("email").asText()).isEqualTo("new@example.com");
            // a taken email or username names the field, and no database error text reaches the client
            Api.Response sameEmail = open.anonymous().post("/api/v1/auth/signup/",
                    Map.of("email", "NEW@example.com", "username", "other", "password", "long-password-1"));
            assertError(sameEmail, 409);
            assertThat(sameEmail.json().get("fields").get("email").asText()).isEqualTo("an account with this email already exists");
            Api.Response sameUsername = open.anonymous().post("/api/v1/auth/signup/",
                    Map.of("email", "other@example.com", "username", "newbie", "password", "long-password-1"));
            assertError(sameUsername, 409);
            assertThat(sameUsername.json().get("fields").get("username").asText()).isEqualTo("this username is taken");
            for (Api.Response r : List.of(sameEmail, sameUsername)) {
                assertThat(r.body()).doesNotContainIgnoringCase("sqlite").doesNotContainIgnoringCase("constraint")
                        .doesNotContainIgnoringCase("duplicate key").doesNotContain("account_");
            }
        }
    }

    @Test
    void apiKeyShownOnceUsableAndRevocable() {
        JsonNode created = ok(admin.post("/api/v1/auth/keys/", Map.of("name", "ci")), 201).json();
        String key = created.get("key").asText();
        long id = created.get("id").asLong();
        assertThat(key).isNotBlank();

        Api.Response list = ok(admin.get("/api/v1/auth/keys/"), 200);
        assertThat(list.body()).doesNotContain(key);
        boolean listed = false;
        for (JsonNode k : list.json()) {
            assertThat(k.has("key")).isFalse();
            if (k.get("id").asLong() == id) listed = true;
        }
        assertThat(listed).isTrue();

        ok(server.anonymous().as("Token " + key).get("/api/v1/auth/user-info/"), 200);
        ok(server.anonymous().as("token " + key).get("/api/v1/org/"), 200);

        assertThat(admin.delete("/api/v1/auth/keys/" + id + "/").status()).isEqualTo(204);
        Api.Response after = server.anonymous().as("Token " + key).get("/api/v1/auth/user-info/");
        assertError(after, 401);
        assertThat(after.header("WWW-Authenticate")).isNotNull();
    }

    @Test
    void unknownSchemeAndGarbageTokensAre401() {
        assertError(server.anonymous().as("Basic abc").get("/api/v1/org/"), 401);
        assertError(server.anonymous().as("Token fak_nope").get("/api/v1/org/"), 401);
        assertError(server.anonymous().get("/api/v1/org/"), 401);
    }
}
