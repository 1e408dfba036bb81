package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrgApiTest extends ApiTestSupport {

    private static List<String> field(JsonNode page, String name) {
        List<String> out = new ArrayList<>();
        page.get("results").forEach(n -> out.add(n.get(name).asText()));
        return out;
    }

    @Test
    void orgCrud() {
        String name = Seed.unique("Acme Labs");
        JsonNode created = ok(admin.post("/api/v1/org/", Map.of("name", name, "about", "about it")), 201).json();
        String slug = created.get("slug").asText();
        assertThat(slug).isEqualTo(name.toLowerCase().replace(' ', '-'));
        assertThat(created.get("id").asText()).hasSize(36);
        assertThat(created.get("about").asText()).isEqualTo("about it");

        assertThat(field(ok(admin.get("/api/v1/org/"), 200).json(), "slug")).contains(slug);
        assertThat(ok(admin.get("/api/v1/org/" + slug + "/"), 200).json().get("name").asText()).isEqualTo(name);
        assertThat(ok(admin.patch("/api/v1/org/" + slug + "/", Map.of("about", "changed")), 200).json().get("about").asText()).isEqualTo("changed");
        JsonNode extra = ok(admin.get("/api/v1/org/" + slug + "/extra/"), 200).json();
        assertThat(extra.get("counts").get("members").asInt()).isEqualTo(1);
        assertThat(extra.get("role").asText()).isEqualTo("owner");

        // Names need not be unique: the same name again is another org with another slug.
        JsonNode again = ok(admin.post("/api/v1/org/", Map.of("name", name)), 201).json();
        assertThat(again.get("slug").asText()).startsWith(slug + "-").isNotEqualTo(slug);
        assertThat(admin.delete("/api/v1/org/" + again.get("slug").asText() + "/").status()).isEqualTo(204);

        assertThat(admin.delete("/api/v1/org/" + slug + "/").status()).isEqualTo(204);
        assertError(admin.get("/api/v1/org/" + slug + "/"), 404);
    }

    /** Issue 13 item 7: an org name another tenant uses is neither refused nor revealed; the new org gets a free slug. */
    @Test
    void aNameAnotherTenantUsesGetsItsOwnSlugAndRevealsNothing() {
        String name = Seed.unique("Shared Name");
        JsonNode first = ok(admin.post("/api/v1/org/", Map.of("name", name)), 201).json();
        Seed.Member stranger = Seed.member(admin, server.anonymous(), Seed.org(admin), "viewer");

        JsonNode second = ok(stranger.api().post("/api/v1/org/", Map.of("name", name, "about", "mine")), 201).json();
        String firstSlug = first.get("slug").asText();
        String secondSlug = second.get("slug").asText();
        assertThat(second.get("name").asText()).isEqualTo(name);
        assertThat(secondSlug).isNotEqualTo(firstSlug).matches(java.util.regex.Pattern.quote(firstSlug) + "-[a-z0-9]{6}");
        // each tenant sees only its own org of that name; the other is 404 as if it did not exist
        assertThat(ok(stranger.api().get("/api/v1/org/" + secondSlug + "/"), 200).json().get("about").asText()).isEqualTo("mine");
        assertError(stranger.api().get("/api/v1/org/" + firstSlug + "/"), 404);
        assertThat(field(ok(stranger.api().get("/api/v1/org/"), 200).json(), "slug")).contains(secondSlug).doesNotContain(firstSlug);
        assertThat(field(ok(admin.get("/api/v1/org/"), 200).json(), "slug")).contains(firstSlug).doesNotContain(secondSlug);
        // and a third org of the name gets yet another slug
        String third = ok(stranger.api().post("/api/v1/org/", Map.of("name", name)), 201).json().get("slug").asText();
        assertThat(third).isNotIn(firstSlug, secondSlug);
    }

    /** The same for a personal (Adafruit IO) org whose username another tenant's org already has as its slug. */
    @Test
    void aPersonalOrgWhoseSlugIsTakenGetsARandomSuffixToo() {
        Seed.Member bob = Seed.member(admin, server.anonymous(), Seed.org(admin), "viewer");
        ok(admin.post("/api/v1/org/", Map.of("name", bob.username())), 201);
        String key = ok(bob.api().post("/api/v1/auth/keys/", Map.of("name", "aio")), 201).json().get("key").asText();
        ok(new AioClient(server.baseUrl(), bob.username(), key).get("/feeds"), 200);
        assertThat(field(ok(bob.api().get("/api/v1/org/"), 200).json(), "slug"))
                .anySatisfy(slug -> assertThat(slug).matches(java.util.regex.Pattern.quote(bob.username()) + "-[a-z0-9]{6}"));
    }

    @Test
    void membersRolesAndInvitations() {
        String org = Seed.org(admin);
        Api anon = server.anonymous();
        Seed.Member bob = Seed.member(admin, anon, org, "viewer");

        JsonNode members = ok(admin.get("/api/v1/org/" + org + "/members/"), 200).json();
        assertThat(members.get("count").asInt()).isEqualTo(2);
        assertThat(field(members, "user")).contains(bob.username());
        assertThat(ok(bob.api().get("/api/v1/org/" + org + "/membership/"), 200).json().get("role").asText()).isEqualTo("viewer");
        assertThat(field(ok(bob.api().get("/api/v1/org/"), 200).json(), "slug")).containsExactly(org);

        JsonNode changed = ok(admin.patch("/api/v1/org/" + org + "/members/" + bob.id() + "/", Map.of("role", "admin")), 200).json();
        assertThat(changed.get("role").asText()).isEqualTo("admin");
        assertThat(changed.get("is_org_admin").asBoolean()).isTrue();
        assertError(admin.patch("/api/v1/org/" + org + "/members/" + bob.id() + "/", Map.of("role", "emperor")), 400);

        // invitation for an existing account, accepted while logged in
        String other = Seed.org(bob.api());
        JsonNode inv = ok(bob.api().post("/api/v1/org/" + other + "/invite/", Map.of("email", "someone@example.com", "role", "member")), 201).json();
        assertThat(inv.get("token").asText()).isNotBlank();
        assertThat(inv.get("role").asText()).isEqualTo("member");
        JsonNode list = ok(bob.api().get("/api/v1/org/" + other + "/invitations/"), 200).json();
        assertThat(list.toString()).doesNotContain(inv.get("token").asText());
        String token = ok(bob.api().post("/api/v1/org/" + other + "/invite/", Map.of("email", "admin@example.com", "role", "viewer")), 201)
                .json().get("token").asText();
        // anonymous accept for an email that has an account is refused
        assertError(anon.post("/api/v1/invitation/accept/", Map.of("token", token, "password", "whatever-123")), 401);
        ok(admin.post("/api/v1/invitation/accept/", Map.of("token", token)), 200);
        assertThat(ok(admin.get("/api/v1/org/" + other + "/membership/"), 200).json().get("role").asText()).isEqualTo("viewer");
        // an accepted invitation cannot be reused
        assertError(anon.post("/api/v1/invitation/accept/", Map.of("token", token, "password", "whatever-123")), 404);
        assertError(anon.post("/api/v1/invitation/accept/", Map.of("token", "fiv_unknown", "password", "whatever-123")), 404);

        // revoke an invitation
        long id = ok(admin.post("/api/v1/org/" + org + "/invite/", Map.of("email", "later@example.com")), 201).json().get("id").asLong();
        assertThat(admin.delete("/api/v1/org/" + org + "/invitations/" + id + "/").status()).isEqualTo(204);

        // remove a member
        assertThat(admin.delete("/api/v1/org/" + org + "/members/" + bob.id() + "/").status()).isEqualTo(204);
        assertError(bob.api().get("/api/v1/org/" + org + "/"), 404);
    }

    @Test
    void theLastOwnerCannotLeaveOrBeDemoted() {
        String org = Seed.org(admin);
        long me = ok(admin.get("/api/v1/auth/user-info/"), 200).json().get("id").asLong();
        Api.Response r = admin.patch("/api/v1/org/" + org + "/members/" + me + "/", Map.of("role", "admin"));
        assertThat(r.status()).isBetween(400, 409);
        assertError(r, r.status());
        assertThat(ok(admin.get("/api/v1/org/" + org + "/membership/"), 200).json().get("role").asText()).isEqualTo("owner");
    }
}
