package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 12: an invitation is bound to the email it was sent to — no other account may accept it,
 * logged in or not, and a refused attempt leaves it open — unless it was created explicitly as a shareable
 * link, which whoever holds it may accept once.
 */
class InvitationApiTest extends ApiTestSupport {
    private String invite(String org, Map<String, Object> body) {
        return ok(admin.post("/api/v1/org/" + org + "/invite/", body), 201).json().get("token").asText();
    }

    private boolean isMember(Api who, String org) {
        return who.get("/api/v1/org/" + org + "/").status() == 200;
    }

    @Test
    void anInvitationSentToAnEmailIsAcceptedOnlyByThatEmail() {
        String org = Seed.org(admin);
        String carol = Seed.unique("carol") + "@example.com";
        String token = invite(org, Map.of("email", carol, "role", "admin"));
        Seed.Member mallory = Seed.member(admin, server.anonymous(), Seed.org(admin), "viewer");

        // another account holding the token, logged in: refused, and nothing changes
        Api.Response stolen = mallory.api().post("/api/v1/invitation/accept/", Map.of("token", token));
        assertError(stolen, 403);
        assertThat(stolen.json().get("detail").asText()).contains("sent to another email address");
        assertThat(isMember(mallory.api(), org)).isFalse();
        // anonymously, asking for an account with another email: refused too
        assertError(server.anonymous().post("/api/v1/invitation/accept/",
                Map.of("token", token, "email", "mallory-2@example.com", "password", "mallory-password-1")), 403);
        assertThat(server.anonymous().post("/api/v1/auth/login/", Map.of("email", "mallory-2@example.com", "password", "mallory-password-1")).status())
                .isEqualTo(401);

        // the invited email still can: the refused attempts did not use the invitation up
        JsonNode joined = ok(server.anonymous().post("/api/v1/invitation/accept/",
                Map.of("token", token, "email", carol.toUpperCase(), "password", "carol-password-1")), 200).json();
        assertThat(joined.get("email").asText()).isEqualTo(carol);
        Api carolApi = server.anonymous().as("JWT " + joined.get("jwt").asText());
        assertThat(ok(carolApi.get("/api/v1/org/" + org + "/membership/"), 200).json().get("role").asText()).isEqualTo("admin");
    }

    @Test
    void theInvitedAccountAcceptsWhileLoggedIn() {
        String org = Seed.org(admin);
        Seed.Member dave = Seed.member(admin, server.anonymous(), Seed.org(admin), "viewer");
        String token = invite(org, Map.of("email", dave.email().toUpperCase(), "role", "member"));
        ok(dave.api().post("/api/v1/invitation/accept/", Map.of("token", token)), 200);
        assertThat(ok(dave.api().get("/api/v1/org/" + org + "/membership/"), 200).json().get("role").asText()).isEqualTo("member");
        assertError(dave.api().post("/api/v1/invitation/accept/", Map.of("token", token)), 404);
    }

    @Test
    void aShareableLinkIsAcceptedOnceByWhoeverHoldsIt() {
        String org = Seed.org(admin);
        JsonNode link = ok(admin.post("/api/v1/org/" + org + "/invite/", Map.of("shareable", true, "role", "viewer")), 201).json();
        assertThat(link.get("shareable").asBoolean()).isTrue();
        assertThat(link.get("email").isNull()).isTrue();
        JsonNode listed = ok(admin.get("/api/v1/org/" + org + "/invitations/"), 200).json();
        assertThat(listed).anySatisfy(i -> assertThat(i.get("shareable").asBoolean()).isTrue());

        Seed.Member erin = Seed.member(admin, server.anonymous(), Seed.org(admin), "viewer");
        ok(erin.api().post("/api/v1/invitation/accept/", Map.of("token", link.get("token").asText())), 200);
        assertThat(ok(erin.api().get("/api/v1/org/" + org + "/membership/"), 200).json().get("role").asText()).isEqualTo("viewer");
        // used once
        assertError(server.anonymous().post("/api/v1/invitation/accept/",
                Map.of("token", link.get("token").asText(), "email", Seed.unique("late") + "@example.com", "password", "late-password-1")), 404);

        // anonymously, a link creates the account of the email given
        String token = invite(org, Map.of("shareable", true));
        assertError(server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", token, "password", "frank-password-1")), 400);
        String frank = Seed.unique("frank") + "@example.com";
        ok(server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", token, "email", frank, "password", "frank-password-1")), 200);
        assertThat(isMember(server.login(frank, "frank-password-1"), org)).isTrue();
    }

    @Test
    void anInvitationIsEitherForAnEmailOrAShareableLink() {
        String org = Seed.org(admin);
        assertError(admin.post("/api/v1/org/" + org + "/invite/", Map.of("role", "viewer")), 400);
        assertError(admin.post("/api/v1/org/" + org + "/invite/", Map.of("shareable", true, "email", "x@example.com")), 400);
        JsonNode bound = ok(admin.post("/api/v1/org/" + org + "/invite/", Map.of("email", "y@example.com", "shareable", false)), 201).json();
        assertThat(bound.get("shareable").asBoolean()).isFalse();
        assertThat(bound.get("email").asText()).isEqualTo("y@example.com");
    }
}
