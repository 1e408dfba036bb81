package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Role × operation × foreign-org isolation. Org A has an owner (the bootstrap admin) and one user of
 * each weaker role; the stranger owns org B and nothing in A. A role at or above the operation's
 * minimum gets the success status, a weaker member of A gets 403, the stranger 404, nobody 401.
 */
class RoleMatrixApiTest extends ApiTestSupport {
    enum Who { OWNER, ADMIN, MEMBER, VIEWER, STRANGER, ANONYMOUS }

    /** An operation on org A's objects; fixtures it destroys are made fresh for each call. */
    record Op(String name, Who min, int success, BiFunction<RoleMatrixApiTest, Api, Api.Response> call) {}

    private final AtomicInteger seq = new AtomicInteger();
    String orgA;
    JsonNode project;
    String pslug;
    String device;
    String stream;
    final Map<Who, Api> clients = new java.util.EnumMap<>(Who.class);
    final Map<Who, Seed.Member> members = new java.util.EnumMap<>(Who.class);

    @BeforeAll
    void roles() {
        orgA = Seed.org(admin);
        project = Seed.project(admin, orgA);
        pslug = project.get("slug").asText();
        Seed.variable(admin, pslug, "temp", "5001");
        device = Seed.deviceIn(admin, pslug).get("slug").asText();
        stream = Seed.stream(pslug, device, "5001");
        ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-01-01T00:00:00Z", 1)), 201);
        clients.put(Who.OWNER, admin);
        for (Who w : List.of(Who.ADMIN, Who.MEMBER, Who.VIEWER)) {
            Seed.Member m = Seed.member(admin, server.anonymous(), orgA, w.name().toLowerCase());
            members.put(w, m);
            clients.put(w, m.api());
        }
        String orgB = Seed.org(admin);
        Seed.Member stranger = Seed.member(admin, server.anonymous(), orgB, "owner");
        members.put(Who.STRANGER, stranger);
        clients.put(Who.STRANGER, stranger.api());
        clients.put(Who.ANONYMOUS, server.anonymous());
    }

    private String ts() { return String.format("2024-02-01T00:%02d:%02d.%03dZ", seq.get() / 60 % 60, seq.get() % 60, seq.incrementAndGet() % 1000); }

    private String freshProject() { return Seed.project(admin, orgA).get("id").asText(); }
    private String freshDevice() { return Seed.device(admin, orgA).get("slug").asText(); }
    private String freshClaimedDevice() { return Seed.deviceIn(admin, pslug).get("slug").asText(); }
    private String freshVariable() { return ok(admin.post("/api/v1/variable/", Map.of("project", pslug, "name", Seed.unique("v"))), 201).json().get("slug").asText(); }

    private long freshMember() { return Seed.member(admin, server.anonymous(), orgA, "member").id(); }

    /** A new org with the same people in the same roles, for the destructive org operations. */
    private String freshOrgWithRoles() {
        String org = Seed.org(admin);
        for (Who w : List.of(Who.ADMIN, Who.MEMBER, Who.VIEWER)) {
            String token = ok(admin.post("/api/v1/org/" + org + "/invite/", Map.of("email", members.get(w).email(), "role", w.name().toLowerCase())), 201)
                    .json().get("token").asText();
            ok(clients.get(w).post("/api/v1/invitation/accept/", Map.of("token", token)), 200);
        }
        return org;
    }

    static final List<Op> OPS = List.of(
            new Op("read org", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/org/" + t.orgA + "/")),
            new Op("list org members", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/org/" + t.orgA + "/members/")),
            new Op("update org", Who.ADMIN, 200, (t, c) -> c.patch("/api/v1/org/" + t.orgA + "/", Map.of("about", "x"))),
            new Op("read project", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/project/" + t.project.get("id").asText() + "/")),
            new Op("list org projects", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/project/?org=" + t.orgA)),
            new Op("update project", Who.ADMIN, 200, (t, c) -> c.patch("/api/v1/project/" + t.project.get("id").asText() + "/", Map.of("about", "y"))),
            new Op("create project", Who.ADMIN, 201, (t, c) -> c.post("/api/v1/project/", Map.of("org", t.orgA, "name", Seed.unique("P")))),
            new Op("delete project", Who.ADMIN, 204, (t, c) -> c.delete("/api/v1/project/" + t.freshProject() + "/")),
            new Op("read device", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/device/" + t.device + "/")),
            new Op("create device", Who.ADMIN, 201, (t, c) -> c.post("/api/v1/device/", Map.of("org", t.orgA))),
            new Op("patch device", Who.MEMBER, 200, (t, c) -> c.patch("/api/v1/device/" + t.device + "/", Map.of("label", Seed.unique("l")))),
            new Op("rotate device token", Who.ADMIN, 200, (t, c) -> c.post("/api/v1/device/" + t.freshDevice() + "/token/", null)),
            new Op("delete device", Who.ADMIN, 204, (t, c) -> c.delete("/api/v1/device/" + t.freshDevice() + "/")),
            new Op("claim device", Who.MEMBER, 202, (t, c) -> c.post("/api/v1/device/claim/", Map.of("device", t.freshDevice(), "project", t.pslug))),
            new Op("unclaim device", Who.MEMBER, 202, (t, c) -> c.post("/api/v1/device/" + t.freshClaimedDevice() + "/unclaim/", null)),
            new Op("unclaim device deleting its data", Who.ADMIN, 202,
                    (t, c) -> c.post("/api/v1/device/" + t.freshClaimedDevice() + "/unclaim/", Map.of("clean_streams", true))),
            new Op("deactivate device", Who.ADMIN, 200, (t, c) -> c.patch("/api/v1/device/" + t.freshClaimedDevice() + "/", Map.of("active", false))),
            new Op("create variable", Who.ADMIN, 201, (t, c) -> c.post("/api/v1/variable/", Map.of("project", t.pslug, "name", Seed.unique("v")))),
            new Op("read variable", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/variable/v--" + t.pslug.substring(3) + "--5001/")),
            new Op("create stream", Who.ADMIN, 201, (t, c) -> c.post("/api/v1/stream/", Map.of("variable", t.freshVariable()))),
            new Op("read stream", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/stream/" + t.stream + "/")),
            new Op("post data", Who.MEMBER, 201, (t, c) -> c.post("/api/v1/data/", Seed.point(t.stream, t.ts(), 5))),
            new Op("post data list", Who.MEMBER, 201, (t, c) -> c.post("/api/v1/data/", List.of(Seed.point(t.stream, t.ts(), 5)))),
            new Op("read data", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/data/?filter=" + t.stream)),
            new Op("read stream data", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/stream/" + t.stream + "/data/")),
            new Op("read project data", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/data/?filter=" + t.pslug)),
            new Op("aggregate", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/stream/" + t.stream + "/aggregate/?bucket=1d&fn=sum")),
            new Op("csv export", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/df/?format=csv&filter=" + t.stream)),
            new Op("post event", Who.MEMBER, 201, (t, c) -> c.post("/api/v1/event/", Map.of("stream", t.stream, "timestamp", t.ts()))),
            new Op("read events", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/event/?filter=" + t.stream)),
            new Op("post note", Who.MEMBER, 201, (t, c) -> c.post("/api/v1/note/", Map.of("target", t.stream, "timestamp", t.ts(), "note", "n"))),
            new Op("read notes", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/note/?target=" + t.stream)),
            new Op("post property", Who.MEMBER, 201, (t, c) -> c.post("/api/v1/property/", Map.of("target", t.device, "name", "p", "int_value", 1))),
            new Op("read properties", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/property/?target=" + t.device)),
            new Op("post config", Who.MEMBER, 201, (t, c) -> c.post("/api/v1/config/attr/", Map.of("target", t.device, "name", ":a:b", "data", 1))),
            new Op("read config", Who.VIEWER, 200, (t, c) -> c.get("/api/v1/config/attr/?target=" + t.device)),
            new Op("post location", Who.MEMBER, 201, (t, c) -> c.post("/api/v1/location/", Map.of("target", t.device, "timestamp", t.ts(), "lat", 1.0, "lon", 2.0))),
            new Op("invite member", Who.ADMIN, 201, (t, c) -> c.post("/api/v1/org/" + t.orgA + "/invite/", Map.of("email", Seed.unique("i") + "@example.com"))),
            new Op("list invitations", Who.ADMIN, 200, (t, c) -> c.get("/api/v1/org/" + t.orgA + "/invitations/")),
            new Op("change role", Who.ADMIN, 200, (t, c) -> c.patch("/api/v1/org/" + t.orgA + "/members/" + t.freshMember() + "/", Map.of("role", "viewer"))),
            new Op("remove member", Who.ADMIN, 204, (t, c) -> c.delete("/api/v1/org/" + t.orgA + "/members/" + t.freshMember() + "/")),
            new Op("delete org", Who.OWNER, 204, (t, c) -> c.delete("/api/v1/org/" + t.freshOrgWithRoles() + "/")));

    static int expected(Op op, Who who) {
        return switch (who) {
            case ANONYMOUS -> 401;
            case STRANGER -> 404;
            default -> who.ordinal() <= op.min().ordinal() ? op.success() : 403;
        };
    }

    Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Op op : OPS) for (Who who : Who.values()) rows.add(Arguments.of(op.name(), who, expected(op, who), op));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("matrix")
    void roleMatrix(String name, Who who, int status, Op op) {
        Api.Response r = op.call().apply(this, clients.get(who));
        if (status >= 400) {
            assertError(r, status);
            if (status == 404) assertThat(r.body()).doesNotContain(orgA);
        } else {
            assertThat(r.status()).as(name + " as " + who + ": " + r).isEqualTo(status);
        }
    }

    /** The delete org operation for the stranger must be tried on an org that really exists. */
    @Test
    void strangerCannotDeleteAndOrgSurvives() {
        Api stranger = clients.get(Who.STRANGER);
        assertError(stranger.delete("/api/v1/org/" + orgA + "/"), 404);
        ok(admin.get("/api/v1/org/" + orgA + "/"), 200);
        assertThat(Seed.count(admin, stream)).isPositive();
    }

    @Test
    void foreignObjectsNeverLeakIntoLists() {
        Api stranger = clients.get(Who.STRANGER);
        for (String path : List.of("/api/v1/org/", "/api/v1/project/", "/api/v1/device/", "/api/v1/stream/", "/api/v1/variable/",
                "/api/v1/data/", "/api/v1/event/")) {
            Api.Response r = ok(stranger.get(path), 200);
            assertThat(r.body()).as(path).doesNotContain(orgA).doesNotContain(pslug).doesNotContain(device);
        }
        assertError(stranger.get("/api/v1/device/?org=" + orgA), 404);
        assertError(stranger.get("/api/v1/device/?project=" + pslug), 404);
        assertError(stranger.get("/api/v1/stream/?project=" + pslug), 404);
        assertError(stranger.get("/api/v1/data/latest/?filter=" + pslug), 404);
        assertError(stranger.get("/api/v1/data/?filter=" + device), 404);
        assertError(stranger.get("/api/v1/df/?format=csv&filter=" + pslug), 404);
        assertError(stranger.get("/api/v1/config/attr/search/?target=" + device + "&name=:a:b"), 404);
        assertThat(ok(stranger.post("/api/v1/device/claimable/", Map.of("slugs", List.of(device))), 202).json()
                .get("results").get(0).get("claimable").asBoolean()).isFalse();
        // the viewer sees org A's objects in lists
        assertThat(ok(clients.get(Who.VIEWER).get("/api/v1/device/"), 200).body()).contains(device);
    }

    @Test
    void strangerWritesStoreNothing() {
        long before = Seed.count(admin, stream);
        Api stranger = clients.get(Who.STRANGER);
        assertError(stranger.post("/api/v1/data/", List.of(Seed.point(stream, "2024-03-01T00:00:00Z", 1))), 404);
        // a stream that does not exist yet in A is not created by a stranger's write
        String unborn = Seed.stream(pslug, device, "5abc");
        assertError(stranger.post("/api/v1/data/", Seed.point(unborn, "2024-03-01T00:00:00Z", 1)), 404);
        assertError(clients.get(Who.VIEWER).post("/api/v1/data/", Seed.point(unborn, "2024-03-01T00:00:00Z", 1)), 403);
        assertThat(Seed.count(admin, stream)).isEqualTo(before);
        assertError(admin.get("/api/v1/stream/" + unborn + "/"), 404);
        assertError(admin.get("/api/v1/variable/v--" + pslug.substring(3) + "--5abc/"), 404);
    }

    @Test
    void ownersAloneAppointOwners() {
        Seed.Member target = Seed.member(admin, server.anonymous(), orgA, "member");
        assertError(clients.get(Who.ADMIN).patch("/api/v1/org/" + orgA + "/members/" + target.id() + "/", Map.of("role", "owner")), 403);
        assertError(clients.get(Who.ADMIN).post("/api/v1/org/" + orgA + "/invite/", Map.of("email", "boss@example.com", "role", "owner")), 403);
        ok(admin.patch("/api/v1/org/" + orgA + "/members/" + target.id() + "/", Map.of("role", "owner")), 200);
    }
}
