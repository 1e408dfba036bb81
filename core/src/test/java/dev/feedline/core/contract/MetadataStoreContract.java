package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.UserReportRepository;
import dev.feedline.core.userreport.ReportScheduler;
import dev.feedline.core.userreport.UserReports;
import dev.feedline.model.Account;
import dev.feedline.model.ApiKey;
import dev.feedline.model.Command;
import dev.feedline.model.CommandStatus;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.Dashboard;
import dev.feedline.model.DataBlock;
import dev.feedline.model.Device;
import dev.feedline.model.Event;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.FeedTrigger;
import dev.feedline.model.PersonalOrg;
import dev.feedline.model.Invitation;
import dev.feedline.model.Membership;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Property;
import dev.feedline.model.Role;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.StreamNote;
import dev.feedline.model.Streamer;
import dev.feedline.model.StreamerReport;
import dev.feedline.model.ValueType;
import dev.feedline.model.UserReport;
import dev.feedline.model.Variable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every MetadataStore must show. A store implementation subclasses this and supplies
 * {@link #newStore}; every test gets a fresh, empty store.
 */
public abstract class MetadataStoreContract {
    /** Microsecond precision on purpose: stores must keep at least that. */
    protected static final Instant T0 = Instant.parse("2024-03-01T10:15:30.123456Z");

    @TempDir
    protected Path tempDir;
    protected MetadataStore store;

    /** A fresh, empty store whose files (if any) live under tempDir. */
    protected abstract MetadataStore newStore(Path tempDir);

    /** Releases the store; override when the store is a view of something larger that must be closed. */
    protected void closeStore(MetadataStore store) { store.close(); }

    @BeforeEach
    void openStore() { store = newStore(tempDir); }

    @AfterEach
    void releaseStore() { closeStore(store); }

    // ---- fixtures

    protected Account account(String username) {
        return store.accounts().create(username + "@example.com", username, "Name " + username, "hash-" + username, false, T0);
    }

    protected Org org(String slug, Account owner) {
        return store.orgs().create(slug, "Org " + slug, "about " + slug, owner.id(), T0);
    }

    protected Stream stream(Org org, Project project, long deviceId, Variable variable) {
        String slug = Slugs.stream(project.gid(), deviceId, variable.lid());
        return store.streams().createIfAbsent(slug, org.id(), project.id(), deviceId, variable.id(), "label", ValueType.NUMERIC, T0);
    }

    /** A CONFLICT whose message is fit for a client: the database's own error text stays inside the store. */
    private static void assertConflict(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOf(FeedlineException.class)
                .satisfies(e -> assertThat(((FeedlineException) e).kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessage("already exists");
    }

    // ---- accounts

    @Test
    void accountRoundTrips() {
        Account created = store.accounts().create("Ann@Example.com", "ann", "Ann", "h1", true, T0);
        assertThat(created.id()).isPositive();
        assertThat(created).isEqualTo(new Account(created.id(), "Ann@Example.com", "ann", "Ann", null, "h1", true, true, T0, T0));
        assertThat(store.accounts().byId(created.id())).contains(created);
        assertThat(store.accounts().byEmail("ann@EXAMPLE.com")).contains(created);
        assertThat(store.accounts().byUsername("ann")).contains(created);
        assertThat(store.accounts().byUsername("bob")).isEmpty();
        assertThat(store.accounts().byId(created.id() + 100)).isEmpty();
    }

    @Test
    void accountUpdateStoresMutableFields() {
        Account a = account("ann");
        Instant later = T0.plusSeconds(60);
        Account changed = new Account(a.id(), a.email(), a.username(), "Ann B", "hello", "h2", a.staff(), false, a.createdAt(), later);
        store.accounts().update(changed);
        assertThat(store.accounts().byId(a.id())).contains(changed);
    }

    @Test
    void tokenGenerationsRiseAndAPasswordChangeRaisesItWithTheHash() {
        Account a = account("ann");
        Account b = account("bob");
        assertThat(store.accounts().tokenGeneration(a.id())).isZero();
        assertThat(store.accounts().raiseTokenGeneration(a.id())).isEqualTo(1);
        assertThat(store.accounts().raiseTokenGeneration(a.id())).isEqualTo(2);
        Instant later = T0.plusSeconds(60);
        assertThat(store.accounts().changePassword(a.id(), "h-new", later)).isEqualTo(3);
        assertThat(store.accounts().tokenGeneration(a.id())).isEqualTo(3);
        assertThat(store.accounts().byId(a.id()).orElseThrow().passwordHash()).isEqualTo("h-new");
        assertThat(store.accounts().byId(a.id()).orElseThrow().updatedAt()).isEqualTo(later);
        assertThat(store.accounts().tokenGeneration(b.id())).isZero();
        assertThat(store.accounts().tokenGeneration(9999)).isZero();
    }

    @Test
    void endedSessionsAreKeptUntilTheirTimeAndThenForgotten() {
        Account a = account("ann");
        store.accounts().endSession("s1", a.id(), T0.plusSeconds(100), T0);
        store.accounts().endSession("s1", a.id(), T0.plusSeconds(100), T0); // ending twice is harmless
        store.accounts().endSession("s2", a.id(), T0.plusSeconds(300), T0);
        assertThat(store.accounts().sessionEnded("s1")).isTrue();
        assertThat(store.accounts().sessionEnded("s2")).isTrue();
        assertThat(store.accounts().sessionEnded("s3")).isFalse();
        // the next logout after s1's last token expired forgets it
        store.accounts().endSession("s3", a.id(), T0.plusSeconds(500), T0.plusSeconds(200));
        assertThat(store.accounts().sessionEnded("s1")).isFalse();
        assertThat(store.accounts().sessionEnded("s2")).isTrue();
        assertThat(store.accounts().sessionEnded("s3")).isTrue();
    }

    @Test
    void accountByIdsSkipsUnknownAndCounts() {
        Account a = account("ann");
        Account b = account("bob");
        account("cid");
        assertThat(store.accounts().byIds(List.of(a.id(), b.id(), 9999L))).containsExactlyInAnyOrder(a, b);
        assertThat(store.accounts().byIds(List.of())).isEmpty();
        assertThat(store.accounts().count()).isEqualTo(3);
    }

    @Test
    void duplicateEmailIgnoringCaseOrUsernameIsConflictAndWritesNothing() {
        account("ann");
        assertConflict(() -> store.accounts().create("ANN@example.com", "other", "x", "h", false, T0));
        assertConflict(() -> store.accounts().create("new@example.com", "ann", "x", "h", false, T0));
        assertThat(store.accounts().count()).isEqualTo(1);
        assertThat(store.accounts().byEmail("new@example.com")).isEmpty();
    }

    // ---- api keys

    @Test
    void apiKeysRoundTripNewestFirstAndRevoke() {
        Account a = account("ann");
        ApiKey k1 = store.apiKeys().create(a.id(), "one", "pre1", "hash1", T0);
        ApiKey k2 = store.apiKeys().create(a.id(), "two", "pre2", "hash2", T0.plusSeconds(1));
        assertThat(k1).isEqualTo(new ApiKey(k1.id(), a.id(), "one", "pre1", "hash1", T0, null, null));
        assertThat(store.apiKeys().byHash("hash2")).contains(k2);
        assertThat(store.apiKeys().byAccount(a.id())).containsExactly(k2, k1);
        store.apiKeys().touch(k1.id(), T0.plusSeconds(5));
        store.apiKeys().revoke(k1.id(), T0.plusSeconds(9));
        ApiKey stored = store.apiKeys().byId(k1.id()).orElseThrow();
        assertThat(stored.lastUsed()).isEqualTo(T0.plusSeconds(5));
        assertThat(stored.revokedOn()).isEqualTo(T0.plusSeconds(9));
        assertThat(stored.revoked()).isTrue();
        assertConflict(() -> store.apiKeys().create(a.id(), "dup", "p", "hash1", T0));
    }

    // ---- orgs, members, invitations

    @Test
    void orgRoundTripsAndSlugIsUnique() {
        Account a = account("ann");
        Org o = org("acme", a);
        assertThat(o).isEqualTo(new Org(o.id(), o.uuid(), "acme", "Org acme", "about acme", a.id(), T0, null));
        assertThat(o.uuid()).isNotNull();
        assertThat(store.orgs().byId(o.id())).contains(o);
        assertThat(store.orgs().bySlug("acme")).contains(o);
        assertThat(store.orgs().byUuid(o.uuid())).contains(o);
        assertConflict(() -> org("acme", a));
        Org renamed = new Org(o.id(), o.uuid(), o.slug(), "Acme Inc", "new", o.createdBy(), o.createdOn(), null);
        store.orgs().update(renamed);
        assertThat(store.orgs().byId(o.id())).contains(renamed);
    }

    @Test
    void orgRetentionIsStoredAndListed() {
        Account a = account("ann");
        Org keeps = org("keeps", a);
        Org expires = org("expires", a);
        assertThat(store.orgs().withRetention()).isEmpty();
        Org limited = new Org(expires.id(), expires.uuid(), expires.slug(), expires.name(), expires.about(), expires.createdBy(), expires.createdOn(), 30);
        store.orgs().update(limited);
        assertThat(store.orgs().byId(expires.id())).contains(limited);
        assertThat(store.orgs().withRetention()).containsExactly(limited);
        assertThat(store.orgs().byId(keeps.id()).orElseThrow().retentionDays()).isNull();
    }

    @Test
    void membershipsAndForAccount() {
        Account ann = account("ann");
        Account bob = account("bob");
        Org zeta = store.orgs().create("zeta", "Zeta", null, ann.id(), T0);
        Org alpha = store.orgs().create("alpha", "Alpha", null, ann.id(), T0);
        store.orgs().putMember(zeta.id(), ann.id(), Role.OWNER, T0);
        store.orgs().putMember(alpha.id(), ann.id(), Role.MEMBER, T0);
        store.orgs().putMember(zeta.id(), bob.id(), Role.VIEWER, T0.plusSeconds(1));
        assertThat(store.orgs().forAccount(ann.id())).containsExactly(alpha, zeta);
        assertThat(store.orgs().members(zeta.id())).containsExactly(
                new Membership(zeta.id(), ann.id(), Role.OWNER, T0), new Membership(zeta.id(), bob.id(), Role.VIEWER, T0.plusSeconds(1)));
        store.orgs().putMember(zeta.id(), bob.id(), Role.ADMIN, T0.plusSeconds(2));
        assertThat(store.orgs().membership(zeta.id(), bob.id())).map(Membership::role).contains(Role.ADMIN);
        store.orgs().removeMember(zeta.id(), bob.id());
        assertThat(store.orgs().membership(zeta.id(), bob.id())).isEmpty();
        assertThat(store.orgs().forAccount(bob.id())).isEmpty();
    }

    @Test
    void invitationsRoundTrip() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Instant expires = T0.plus(Duration.ofDays(7));
        Invitation inv = store.orgs().createInvitation(o.id(), "x@example.com", Role.MEMBER, "tok", ann.id(), T0, expires);
        assertThat(inv).isEqualTo(new Invitation(inv.id(), o.id(), "x@example.com", Role.MEMBER, "tok", ann.id(), T0, expires, null));
        assertThat(store.orgs().invitationByTokenHash("tok")).contains(inv);
        assertThat(store.orgs().invitations(o.id())).containsExactly(inv);
        store.orgs().markInvitationAccepted(inv.id(), T0.plusSeconds(3));
        assertThat(store.orgs().invitation(inv.id())).map(Invitation::acceptedOn).contains(T0.plusSeconds(3));
        store.orgs().deleteInvitation(inv.id());
        assertThat(store.orgs().invitation(inv.id())).isEmpty();
        assertThat(inv.shareable()).isFalse();
        // without an email: a shareable link
        Invitation link = store.orgs().createInvitation(o.id(), null, Role.VIEWER, "link", ann.id(), T0, expires);
        assertThat(link).isEqualTo(new Invitation(link.id(), o.id(), null, Role.VIEWER, "link", ann.id(), T0, expires, null));
        assertThat(link.shareable()).isTrue();
        assertThat(store.orgs().invitationByTokenHash("link")).contains(link);
    }

    // ---- projects

    @Test
    void projectsHaveSequentialGidsAndPage() {
        Account ann = account("ann");
        Org o1 = org("one", ann);
        Org o2 = org("two", ann);
        Org o3 = org("three", ann);
        Project p1 = store.projects().create(o1.id(), "P1", "a", ann.id(), T0);
        Project p2 = store.projects().create(o2.id(), "P2", null, ann.id(), T0);
        Project p3 = store.projects().create(o1.id(), "P3", null, ann.id(), T0);
        store.projects().create(o3.id(), "P4", null, ann.id(), T0);
        assertThat(p1).isEqualTo(new Project(p1.id(), p1.uuid(), p1.gid(), o1.id(), "P1", "a", ann.id(), T0));
        assertThat(p1.gid()).isEqualTo((int) p1.id());
        assertThat(p2.gid()).isEqualTo(p1.gid() + 1);
        assertThat(store.projects().byGid(p2.gid())).contains(p2);
        assertThat(store.projects().byUuid(p3.uuid())).contains(p3);
        assertThat(store.projects().byOrgs(List.of(o1.id(), o2.id()), PageRequest.ALL)).isEqualTo(new Page<>(List.of(p1, p2, p3), 3));
        assertThat(store.projects().byOrgs(List.of(o1.id(), o2.id()), new PageRequest(1, 1))).isEqualTo(new Page<>(List.of(p2), 3));
        assertThat(store.projects().byOrgs(List.of(o1.id(), o2.id()), new PageRequest(10, 5))).isEqualTo(new Page<>(List.of(), 3));
        assertThat(store.projects().byOrgs(List.of(), PageRequest.ALL).items()).isEmpty();
        Project renamed = new Project(p1.id(), p1.uuid(), p1.gid(), p1.orgId(), "New", "b", p1.createdBy(), p1.createdOn());
        store.projects().update(renamed);
        assertThat(store.projects().byId(p1.id())).contains(renamed);
    }

    // ---- devices

    @Test
    void devicesRoundTripAndUpdateEveryMutableField() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Device d1 = store.devices().create(o.id(), "first", "ext-1", "th1", T0);
        Device d2 = store.devices().create(o.id(), "second", null, null, T0);
        assertThat(d1).isEqualTo(new Device(d1.id(), o.id(), null, "first", true, "ext-1", null, null, null, "th1", null, null, null, T0));
        assertThat(d2.id()).isEqualTo(d1.id() + 1);
        assertThat(store.devices().byTokenHash("th1")).contains(d1);
        Device claimed = new Device(d1.id(), o.id(), p.id(), "renamed", false, "ext-2", 47.5, 8.25, "ok", "th9", ann.id(),
                T0.plusSeconds(1), T0.plusSeconds(2), T0);
        store.devices().update(claimed);
        assertThat(store.devices().byId(d1.id())).contains(claimed);
        assertThat(store.devices().byTokenHash("th1")).isEmpty();
        assertThat(store.devices().byIds(List.of(d2.id(), d1.id(), d2.id(), 999_999L))).containsExactlyInAnyOrder(claimed, d2);
        assertThat(store.devices().byIds(List.of())).isEmpty();
    }

    @Test
    void deviceTouchOnlyMovesForward() {
        Account ann = account("ann");
        Device d = store.devices().create(org("acme", ann).id(), "d", null, null, T0);
        Device other = store.devices().create(d.orgId(), "e", null, null, T0);
        store.devices().touchAll(Map.of(d.id(), T0.plusSeconds(10), other.id(), T0.plusSeconds(3)));
        store.devices().touchAll(Map.of(d.id(), T0.plusSeconds(5), other.id(), T0.plusSeconds(4)));
        assertThat(store.devices().byId(d.id()).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(10));
        assertThat(store.devices().byId(other.id()).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(4));
        store.devices().touchAll(Map.of(d.id(), T0.plusSeconds(11)));
        assertThat(store.devices().byId(d.id()).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(11));
        store.devices().touchAll(Map.of());
    }

    @Test
    void deviceListFiltersByOrgProjectAndActiveAndPages() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Org other = org("other", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Device a = store.devices().create(o.id(), "a", null, null, T0);
        Device b = store.devices().create(o.id(), "b", null, null, T0);
        Device c = store.devices().create(o.id(), "c", null, null, T0);
        store.devices().create(other.id(), "x", null, null, T0);
        Device bInProject = new Device(b.id(), o.id(), p.id(), "b", true, null, null, null, null, null, null, null, null, T0);
        store.devices().update(bInProject);
        Device cInactive = new Device(c.id(), o.id(), p.id(), "c", false, null, null, null, null, null, null, null, null, T0);
        store.devices().update(cInactive);

        assertThat(store.devices().list(List.of(o.id()), null, true, PageRequest.ALL)).isEqualTo(new Page<>(List.of(a, bInProject, cInactive), 3));
        assertThat(store.devices().list(List.of(o.id()), null, false, PageRequest.ALL)).isEqualTo(new Page<>(List.of(a, bInProject), 2));
        assertThat(store.devices().list(List.of(o.id()), p.id(), true, PageRequest.ALL)).isEqualTo(new Page<>(List.of(bInProject, cInactive), 2));
        assertThat(store.devices().list(List.of(o.id()), null, true, new PageRequest(2, 5))).isEqualTo(new Page<>(List.of(cInactive), 3));
    }

    // ---- variables and streams

    @Test
    void variablesRoundTripAndLidAndNameAreUniquePerProject() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Project q = store.projects().create(o.id(), "Q", null, ann.id(), T0);
        Variable v2 = store.variables().create(p.id(), 0x5002, "temp", "C", "about", T0);
        Variable v1 = store.variables().create(p.id(), 0x5001, "hum", "%", null, T0);
        assertThat(v2).isEqualTo(new Variable(v2.id(), p.id(), 0x5002, "temp", "C", "about", T0));
        assertConflict(() -> store.variables().create(p.id(), 0x5002, "other", null, null, T0));
        assertConflict(() -> store.variables().create(p.id(), 0x5003, "temp", null, null, T0));
        store.variables().create(q.id(), 0x5002, "temp", null, null, T0);
        assertThat(store.variables().byProject(p.id())).containsExactly(v1, v2);
        assertThat(store.variables().byLid(p.id(), 0x5001)).contains(v1);
        assertThat(store.variables().byName(p.id(), "temp")).contains(v2);
        Variable changed = new Variable(v1.id(), p.id(), v1.lid(), "humidity", "pct", "x", v1.createdOn());
        store.variables().update(changed);
        assertThat(store.variables().byId(v1.id())).contains(changed);
    }

    @Test
    void streamCreateIfAbsentReturnsTheExistingStream() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Variable v = store.variables().create(p.id(), 0x5001, "temp", null, null, T0);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        Stream s = stream(o, p, d.id(), v);
        assertThat(s).isEqualTo(new Stream(s.id(), Slugs.stream(p.gid(), d.id(), v.lid()), o.id(), p.id(), d.id(), v.id(), "label",
                ValueType.NUMERIC, true, T0));
        Stream again = store.streams().createIfAbsent(s.slug(), o.id(), p.id(), d.id(), v.id(), "other", ValueType.TEXT, T0.plusSeconds(1));
        assertThat(again).isEqualTo(s);
        assertThat(store.streams().bySlug(s.slug())).contains(s);
        assertThat(store.streams().byId(s.id())).contains(s);
        Stream virtual = stream(o, p, 0, v);
        assertThat(virtual.virtual()).isTrue();
        assertThat(store.streams().byDevice(d.id())).containsExactly(s);
    }

    @Test
    void streamCreateIfAbsentIsSafeUnderConcurrency() throws Exception {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Variable v = store.variables().create(p.id(), 0x5001, "temp", null, null, T0);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Stream>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Stream> race = () -> {
                    start.await();
                    return stream(o, p, 7, v);
                };
                results.add(pool.submit(race));
            }
            start.countDown();
            List<Stream> streams = new ArrayList<>();
            for (Future<Stream> f : results) streams.add(f.get(60, TimeUnit.SECONDS));
            assertThat(Set.copyOf(streams)).hasSize(1);
            assertThat(store.streams().list(List.of(o.id()), null, null, null, PageRequest.ALL).total()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void streamListNarrowsAndUpdateAndDelete() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Variable v1 = store.variables().create(p.id(), 1, "a", null, null, T0);
        Variable v2 = store.variables().create(p.id(), 2, "b", null, null, T0);
        Stream s1 = stream(o, p, 5, v1);
        Stream s2 = stream(o, p, 5, v2);
        Stream s3 = stream(o, p, 0, v1);
        assertThat(store.streams().list(List.of(o.id()), null, null, null, PageRequest.ALL)).isEqualTo(new Page<>(List.of(s1, s2, s3), 3));
        assertThat(store.streams().list(List.of(o.id()), p.id(), 5L, null, PageRequest.ALL).items()).containsExactly(s1, s2);
        assertThat(store.streams().list(List.of(o.id()), null, 0L, null, PageRequest.ALL).items()).containsExactly(s3);
        assertThat(store.streams().list(List.of(o.id()), null, null, v1.id(), new PageRequest(1, 10))).isEqualTo(new Page<>(List.of(s3), 2));
        assertThat(store.streams().list(List.of(o.id() + 1), null, null, null, PageRequest.ALL).items()).isEmpty();
        Stream changed = new Stream(s1.id(), s1.slug(), s1.orgId(), s1.projectId(), s1.deviceId(), s1.variableId(), "new",
                ValueType.JSON, false, s1.createdOn());
        store.streams().update(changed);
        assertThat(store.streams().byId(s1.id())).contains(changed);
        store.streams().delete(s1.id());
        assertThat(store.streams().byId(s1.id())).isEmpty();
    }

    // ---- properties, config, notes, locations, events, settings

    @Test
    void propertiesUpsertByTargetAndName() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Property p1 = store.properties().upsert(o.id(), "d--0000-0000-0000-0001", "zeta", "str", "one", false);
        Property p2 = store.properties().upsert(o.id(), "d--0000-0000-0000-0001", "alpha", "int", "2", true);
        assertThat(p1).isEqualTo(new Property(p1.id(), o.id(), "d--0000-0000-0000-0001", "zeta", "str", "one", false));
        Property replaced = store.properties().upsert(o.id(), "d--0000-0000-0000-0001", "zeta", "bool", "true", false);
        assertThat(replaced.value()).isEqualTo("true");
        assertThat(store.properties().byTarget("d--0000-0000-0000-0001")).containsExactly(p2, replaced);
        store.properties().delete(p2.id());
        assertThat(store.properties().byId(p2.id())).isEmpty();
        store.properties().deleteByTarget("d--0000-0000-0000-0001");
        assertThat(store.properties().byTarget("d--0000-0000-0000-0001")).isEmpty();
    }

    @Test
    void configAttributesAreDeletedByTarget() {
        Account ann = account("ann");
        store.configs().upsert("d--0000-0000-0000-0001", ":a", "1", ann.id(), T0);
        store.configs().upsert("d--0000-0000-0000-0001", ":b", "2", ann.id(), T0);
        store.configs().upsert("d--0000-0000-0000-0002", ":a", "3", ann.id(), T0);
        store.configs().deleteByTarget("d--0000-0000-0000-0001");
        assertThat(store.configs().byTarget("d--0000-0000-0000-0001")).isEmpty();
        assertThat(store.configs().byTarget("d--0000-0000-0000-0002")).hasSize(1);
    }

    @Test
    void configAttributesUpsertAndFind() {
        ConfigAttribute c = store.configs().upsert("@ann", ":b", "{\"x\":1}", 3, T0);
        ConfigAttribute a = store.configs().upsert("@ann", ":a", "[]", 3, T0);
        assertThat(c).isEqualTo(new ConfigAttribute(c.id(), "@ann", ":b", "{\"x\":1}", 3, T0));
        ConfigAttribute c2 = store.configs().upsert("@ann", ":b", "{\"x\":2}", 4, T0.plusSeconds(1));
        assertThat(c2).isEqualTo(new ConfigAttribute(c2.id(), "@ann", ":b", "{\"x\":2}", 4, T0.plusSeconds(1)));
        assertThat(store.configs().find("@ann", ":b")).contains(c2);
        assertThat(store.configs().byTarget("@ann")).containsExactly(a, c2);
        store.configs().delete(a.id());
        assertThat(store.configs().byId(a.id())).isEmpty();
    }

    @Test
    void configAttributesAreUpsertedOnManyTargetsAtOnce() {
        store.configs().upsert("d--0000-0000-0000-0001", ":fw_version", "\"v1\"", 3, T0);
        store.configs().upsert("d--0000-0000-0000-0001", ":mode", "\"eco\"", 3, T0);
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put(":fw_title", "\"pump\"");
        values.put(":fw_version", "\"v2\"");
        var stored = store.configs().upsertAll(List.of("d--0000-0000-0000-0001", "d--0000-0000-0000-0002"), values, 4, T0.plusSeconds(1));
        assertThat(stored.keySet()).containsExactly("d--0000-0000-0000-0001", "d--0000-0000-0000-0002");
        assertThat(stored.get("d--0000-0000-0000-0001")).extracting(ConfigAttribute::name, ConfigAttribute::data, ConfigAttribute::updatedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(":fw_title", "\"pump\"", 4L), org.assertj.core.groups.Tuple.tuple(":fw_version", "\"v2\"", 4L));
        // The same rows as a read finds; an attribute not named stays as it was.
        assertThat(store.configs().byTarget("d--0000-0000-0000-0001")).hasSize(3).containsAll(stored.get("d--0000-0000-0000-0001"));
        assertThat(store.configs().find("d--0000-0000-0000-0001", ":mode").orElseThrow().data()).isEqualTo("\"eco\"");
        assertThat(store.configs().upsertAll(List.of(), values, 4, T0)).isEmpty();
    }

    @Test
    void notesAndLocationsListByTimeRange() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        StreamNote n2 = store.notes().create(o.id(), "s--x", T0.plusSeconds(2), "two", "ui", ann.id(), T0);
        StreamNote n1 = store.notes().create(o.id(), "s--x", T0.plusSeconds(1), "one", "ui", ann.id(), T0);
        StreamNote n3 = store.notes().create(o.id(), "s--x", T0.plusSeconds(3), "three", "sc", ann.id(), T0);
        store.notes().create(o.id(), "s--y", T0.plusSeconds(2), "other", "ui", ann.id(), T0);
        assertThat(n1).isEqualTo(new StreamNote(n1.id(), o.id(), "s--x", T0.plusSeconds(1), "one", "ui", ann.id(), T0));
        assertThat(store.notes().list("s--x", TimeRange.ALL, PageRequest.ALL)).isEqualTo(new Page<>(List.of(n1, n2, n3), 3));
        TimeRange middle = new TimeRange(micros(T0.plusSeconds(2)), micros(T0.plusSeconds(3)));
        assertThat(store.notes().list("s--x", middle, PageRequest.ALL)).isEqualTo(new Page<>(List.of(n2), 1));

        Device d = store.devices().create(o.id(), "d", null, null, T0);
        var l2 = store.locations().create(d.id(), T0.plusSeconds(2), 1.5, 2.5, ann.id());
        var l1 = store.locations().create(d.id(), T0.plusSeconds(1), 3.5, 4.5, ann.id());
        assertThat(l1.timestamp()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.locations().list(d.id(), TimeRange.ALL, PageRequest.ALL)).isEqualTo(new Page<>(List.of(l1, l2), 2));
        assertThat(store.locations().list(d.id(), new TimeRange(micros(T0.plusSeconds(2)), null), PageRequest.ALL).items()).containsExactly(l2);
        assertThat(store.locations().list(d.id(), TimeRange.ALL, new PageRequest(0, 1))).isEqualTo(new Page<>(List.of(l1), 2));
    }

    @Test
    void eventsListAcrossStreamsByTimestampThenId() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Variable v = store.variables().create(p.id(), 1, "a", null, null, T0);
        Stream s1 = stream(o, p, 1, v);
        Stream s2 = stream(o, p, 2, v);
        Event e1 = store.events().create(new Event(0, s1.id(), 200, "{\"a\":1}", "events/1.bin", "bin", 5L, 6L, "ok"));
        Event e2 = store.events().create(new Event(0, s2.id(), 100, "{}", null, null, null, null, null));
        Event e3 = store.events().create(new Event(0, s2.id(), 200, null, null, null, null, null, null));
        assertThat(e1).isEqualTo(new Event(e1.id(), s1.id(), 200, "{\"a\":1}", "events/1.bin", "bin", 5L, 6L, "ok"));
        assertThat(store.events().byId(e2.id())).contains(e2);
        assertThat(store.events().list(List.of(s1.id(), s2.id()), TimeRange.ALL, PageRequest.ALL)).isEqualTo(new Page<>(List.of(e2, e1, e3), 3));
        assertThat(store.events().list(List.of(s2.id()), new TimeRange(150L, null), PageRequest.ALL).items()).containsExactly(e3);
    }

    @Test
    void settingsKeepTheFirstValue() {
        assertThat(store.settings().get("jwt")).isEmpty();
        assertThat(store.settings().putIfAbsent("jwt", "one")).isEqualTo("one");
        assertThat(store.settings().putIfAbsent("jwt", "two")).isEqualTo("one");
        assertThat(store.settings().get("jwt")).contains("one");
    }

    // ---- transactions

    @Test
    void inTransactionCommitsTogether() {
        Org o = store.inTransaction(() -> {
            Account a = account("ann");
            Org created = org("acme", a);
            store.orgs().putMember(created.id(), a.id(), Role.OWNER, T0);
            // Nested calls join the outer transaction and see its writes.
            return store.inTransaction(() -> store.orgs().bySlug("acme").orElseThrow());
        });
        assertThat(store.orgs().members(o.id())).hasSize(1);
    }

    @Test
    void inTransactionRollsBackEverythingWhenWorkThrows() {
        assertThatThrownBy(() -> store.inTransaction(() -> {
            Account a = account("ann");
            store.inTransaction(() -> org("acme", a));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(store.accounts().count()).isZero();
        assertThat(store.orgs().bySlug("acme")).isEmpty();
    }

    @Test
    void conflictInsideTransactionLeavesNothingWritten() {
        account("ann");
        assertConflict(() -> store.inTransaction(() -> {
            account("bob");
            return account("ann");
        }));
        assertThat(store.accounts().byUsername("bob")).isEmpty();
        assertThat(store.accounts().count()).isEqualTo(1);
    }

    // ---- cascades

    @Test
    void deletingProjectDeletesVariablesStreamsPropertiesAndUnclaimsDevices() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Project keep = store.projects().create(o.id(), "Keep", null, ann.id(), T0);
        Variable v = store.variables().create(p.id(), 1, "a", null, null, T0);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        store.devices().update(new Device(d.id(), o.id(), p.id(), "d", true, null, null, null, null, null, ann.id(), T0, null, T0));
        Stream s = stream(o, p, d.id(), v);
        store.properties().upsert(o.id(), p.slug(), "x", "str", "1", false);
        store.properties().upsert(o.id(), keep.slug(), "x", "str", "1", false);

        store.projects().delete(p.id());

        assertThat(store.projects().byId(p.id())).isEmpty();
        assertThat(store.variables().byId(v.id())).isEmpty();
        assertThat(store.streams().byId(s.id())).isEmpty();
        assertThat(store.properties().byTarget(p.slug())).isEmpty();
        assertThat(store.properties().byTarget(keep.slug())).hasSize(1);
        Device unclaimed = store.devices().byId(d.id()).orElseThrow();
        assertThat(unclaimed.projectId()).isNull();
        assertThat(unclaimed.claimed()).isFalse();
    }

    @Test
    void deletingDeviceDeletesItsStreamsButNotVirtualOnes() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Variable v = store.variables().create(p.id(), 1, "a", null, null, T0);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        Stream s = stream(o, p, d.id(), v);
        Stream virtual = stream(o, p, 0, v);
        store.events().create(new Event(0, s.id(), 1, null, null, null, null, null, null));
        store.locations().create(d.id(), T0, 1, 2, ann.id());

        store.devices().delete(d.id());

        assertThat(store.devices().byId(d.id())).isEmpty();
        assertThat(store.streams().byId(s.id())).isEmpty();
        assertThat(store.streams().byId(virtual.id())).isPresent();
        assertThat(store.events().list(List.of(s.id()), TimeRange.ALL, PageRequest.ALL).total()).isZero();
        assertThat(store.locations().list(d.id(), TimeRange.ALL, PageRequest.ALL).total()).isZero();
    }

    @Test
    void deletingVariableDeletesItsStreams() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Variable v = store.variables().create(p.id(), 1, "a", null, null, T0);
        Variable w = store.variables().create(p.id(), 2, "b", null, null, T0);
        Stream s = stream(o, p, 3, v);
        Stream t = stream(o, p, 3, w);
        store.variables().delete(v.id());
        assertThat(store.variables().byId(v.id())).isEmpty();
        assertThat(store.streams().byId(s.id())).isEmpty();
        assertThat(store.streams().byId(t.id())).isPresent();
    }

    @Test
    void deletingOrgDeletesEverythingItOwns() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Org other = org("other", ann);
        store.orgs().putMember(o.id(), ann.id(), Role.OWNER, T0);
        Invitation inv = store.orgs().createInvitation(o.id(), "x@example.com", Role.MEMBER, "tok", ann.id(), T0, T0);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Variable v = store.variables().create(p.id(), 1, "a", null, null, T0);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        Stream s = stream(o, p, d.id(), v);
        Property prop = store.properties().upsert(o.id(), d.slug(), "x", "str", "1", false);
        Device kept = store.devices().create(other.id(), "k", null, null, T0);

        store.orgs().delete(o.id());

        assertThat(store.orgs().byId(o.id())).isEmpty();
        assertThat(store.orgs().membership(o.id(), ann.id())).isEmpty();
        assertThat(store.orgs().invitation(inv.id())).isEmpty();
        assertThat(store.projects().byId(p.id())).isEmpty();
        assertThat(store.variables().byId(v.id())).isEmpty();
        assertThat(store.devices().byId(d.id())).isEmpty();
        assertThat(store.streams().byId(s.id())).isEmpty();
        assertThat(store.properties().byId(prop.id())).isEmpty();
        assertThat(store.devices().byId(kept.id())).contains(kept);
        assertThat(store.accounts().byId(ann.id())).isPresent();
    }

    // ---- commands

    private Command command(Org o, Device d, boolean oneWay, Instant expires) {
        return store.commands().create(new Command(0, o.id(), d.id(), "setGpio", "{\"pin\":23}", oneWay, CommandStatus.QUEUED,
                null, null, null, T0, expires, T0));
    }

    @Test
    void commandsRoundTripNewestFirstAndQueuedOldestFirst() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        Command first = command(o, d, false, T0.plusSeconds(60));
        Command second = command(o, d, true, T0.plusSeconds(60));
        Command expiredAlready = command(o, d, true, T0.plusSeconds(1));
        assertThat(first).isEqualTo(new Command(first.id(), o.id(), d.id(), "setGpio", "{\"pin\":23}", false, CommandStatus.QUEUED,
                null, null, null, T0, T0.plusSeconds(60), T0));
        assertThat(store.commands().byDevice(d.id(), PageRequest.ALL).items()).extracting(Command::id)
                .containsExactly(expiredAlready.id(), second.id(), first.id());
        assertThat(store.commands().queued(d.id(), T0.plusSeconds(2))).extracting(Command::id).containsExactly(first.id(), second.id());
    }

    @Test
    void commandTransitionsOnlyFromTheExpectedStatesAndKeepsTheReply() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        Command c = command(o, d, false, T0.plusSeconds(60));
        assertThat(store.commands().transition(c.id(), List.of(CommandStatus.QUEUED), CommandStatus.SENT, T0.plusSeconds(1), null, null)).isTrue();
        assertThat(store.commands().transition(c.id(), List.of(CommandStatus.QUEUED), CommandStatus.SENT, T0.plusSeconds(2), null, null)).isFalse();
        assertThat(store.commands().transition(c.id(), List.of(CommandStatus.SENT, CommandStatus.DELIVERED), CommandStatus.REPLIED,
                T0.plusSeconds(3), "{\"ok\":true}", null)).isTrue();
        Command replied = store.commands().byId(c.id()).orElseThrow();
        assertThat(replied.status()).isEqualTo(CommandStatus.REPLIED);
        assertThat(replied.reply()).isEqualTo("{\"ok\":true}");
        assertThat(replied.updatedOn()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void expiryTakesUndeliveredOneWayAndUnrepliedTwoWayCommands() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        Command queued = command(o, d, true, T0.plusSeconds(10));
        Command deliveredOneWay = command(o, d, true, T0.plusSeconds(10));
        Command deliveredTwoWay = command(o, d, false, T0.plusSeconds(10));
        Command later = command(o, d, false, T0.plusSeconds(100));
        store.commands().transition(deliveredOneWay.id(), List.of(CommandStatus.QUEUED), CommandStatus.DELIVERED, T0, null, null);
        store.commands().transition(deliveredTwoWay.id(), List.of(CommandStatus.QUEUED), CommandStatus.DELIVERED, T0, null, null);
        List<Command> expired = store.commands().expire(T0.plusSeconds(10));
        assertThat(expired).extracting(Command::id).containsExactlyInAnyOrder(queued.id(), deliveredTwoWay.id());
        assertThat(expired).allMatch(c -> c.status() == CommandStatus.EXPIRED);
        assertThat(store.commands().byId(deliveredOneWay.id()).orElseThrow().status()).isEqualTo(CommandStatus.DELIVERED);
        assertThat(store.commands().byId(later.id()).orElseThrow().status()).isEqualTo(CommandStatus.QUEUED);
        assertThat(store.commands().expire(T0.plusSeconds(10))).isEmpty();
    }

    // ---- dashboards

    @Test
    void dashboardsAreVisibleWhenSharedOrOwnAndUpdateAndDelete() {
        Account ann = account("ann");
        Account bob = account("bob");
        Org o = org("acme", ann);
        Org other = org("other", bob);
        Dashboard annPrivate = store.dashboards().create(new Dashboard(0, o.id(), "B private", false, "{\"widgets\":[]}", ann.id(), T0, T0));
        Dashboard annShared = store.dashboards().create(new Dashboard(0, o.id(), "A shared", true, "{}", ann.id(), T0, T0));
        Dashboard bobsOther = store.dashboards().create(new Dashboard(0, other.id(), "C", true, "{}", bob.id(), T0, T0));
        assertThat(annPrivate).isEqualTo(new Dashboard(annPrivate.id(), o.id(), "B private", false, "{\"widgets\":[]}", ann.id(), T0, T0));
        assertThat(store.dashboards().visibleTo(ann.id(), List.of(o.id()))).containsExactly(annShared, annPrivate);
        assertThat(store.dashboards().visibleTo(bob.id(), List.of(o.id(), other.id()))).containsExactly(annShared, bobsOther);
        assertThat(store.dashboards().visibleTo(bob.id(), List.of())).isEmpty();
        Dashboard renamed = new Dashboard(annPrivate.id(), o.id(), "Renamed", true, "{\"widgets\":[{}]}", ann.id(), T0, T0.plusSeconds(5));
        store.dashboards().update(renamed);
        assertThat(store.dashboards().byId(annPrivate.id())).contains(renamed);
        store.dashboards().delete(annPrivate.id());
        assertThat(store.dashboards().byId(annPrivate.id())).isEmpty();
        store.orgs().delete(other.id());
        assertThat(store.dashboards().byId(bobsOther.id())).isEmpty();
    }

    protected static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    // ---- feeds (Adafruit IO dialect)

    @Test
    void feedsGroupsPersonalOrgsAndTriggersRoundTripAndGoWithTheirStream() {
        Account ann = account("ann");
        Org o = org("ann-io", ann);
        Project p = store.projects().create(o.id(), "Feeds", null, ann.id(), T0);
        store.orgs().putPersonalOrg(new PersonalOrg(ann.id(), o.id(), p.id()));
        assertThat(store.orgs().personalOrg(ann.id())).contains(new PersonalOrg(ann.id(), o.id(), p.id()));
        assertConflict(() -> store.orgs().putPersonalOrg(new PersonalOrg(ann.id(), o.id(), p.id())));

        FeedGroup def = store.feeds().createGroup(new FeedGroup(0, o.id(), "default", "Default", null, T0, T0));
        FeedGroup grp = store.feeds().createGroup(new FeedGroup(0, o.id(), "grp", "Group", "d", T0, T0));
        assertConflict(() -> store.feeds().createGroup(new FeedGroup(0, o.id(), "grp", "Again", null, T0, T0)));
        Variable v = store.variables().create(p.id(), 0x5001, "temp", null, null, T0);
        Stream s = stream(o, p, 0, v);
        Feed f = store.feeds().create(new Feed(0, o.id(), s.id(), def.id(), "temp", "Temp", null, "c", "°C", "private", null, true, false, 60, null, T0, T0));
        assertThat(store.feeds().byKey(o.id(), "temp")).contains(f);
        assertThat(store.feeds().byName(o.id(), "Temp")).contains(f);
        assertThat(store.feeds().members(def.id())).containsExactly(f);
        store.feeds().addMember(grp.id(), f.id());
        store.feeds().addMember(grp.id(), f.id());
        assertThat(store.feeds().groupsOf(f.id())).extracting(FeedGroup::key).containsExactly("default", "grp");
        store.feeds().setReadPointer(f.id(), 42L);
        store.feeds().setWebhookTokenHash(f.id(), "hash");
        assertThat(store.feeds().byWebhookTokenHash("hash").orElseThrow().readPointerMicros()).isEqualTo(42L);
        store.feeds().removeMember(grp.id(), f.id());
        assertThat(store.feeds().members(grp.id())).isEmpty();

        FeedTrigger t = store.feeds().createTrigger(new FeedTrigger(0, o.id(), "{\"name\":\"hot\"}", T0, T0));
        assertThat(store.feeds().triggers(o.id())).containsExactly(t);
        store.feeds().deleteTrigger(t.id());
        assertThat(store.feeds().trigger(t.id())).isEmpty();

        store.streams().delete(s.id());
        assertThat(store.feeds().byId(f.id())).isEmpty();
        assertThat(store.feeds().members(def.id())).isEmpty();
    }

    // ---- streamers and their reports

    private StreamerReport report(String id, Org org, Device device, int index, Instant at) {
        return new StreamerReport(id, org.id(), device.id(), index, 1, 10, null, null, at, 500, 10, null, at, 7,
                StreamerReport.State.QUEUED, null, "reports/" + id + ".bin", 10, null);
    }

    @Test
    void streamersAreUniquePerDeviceAndIndexAndTheirLastIdOnlyRises() {
        Org org = org("acme", account("ann"));
        Device device = store.devices().create(org.id(), "logger", null, null, T0);
        Streamer s = store.streamers().create(org.id(), device.id(), 1, 0xD7FF, false, T0);
        assertThat(s).isEqualTo(new Streamer(s.id(), org.id(), device.id(), 1, 0, null, 0xD7FF, false, 2, T0));
        assertThat(s.slug()).isEqualTo(Slugs.streamer(device.id(), 1));
        assertThat(store.streamers().find(device.id(), 1)).contains(s);
        assertThat(store.streamers().find(device.id(), 2)).isEmpty();
        assertConflict(() -> store.streamers().create(org.id(), device.id(), 1, 0xD7FF, false, T0));

        assertThat(store.streamers().advance(s.id(), 0, 40, 0x5FFF, T0.plusSeconds(5))).isTrue();
        assertThat(store.streamers().advance(s.id(), 40, 30, 0x5FFF, null)).isTrue();
        // A report that read the last id before another one moved it acknowledges nothing.
        assertThat(store.streamers().advance(s.id(), 0, 50, 0x1234, T0.plusSeconds(9))).isFalse();
        Streamer advanced = store.streamers().byId(s.id()).orElseThrow();
        assertThat(advanced.lastId()).isEqualTo(40);
        assertThat(advanced.selector()).isEqualTo(0x5FFF);
        assertThat(advanced.lastRebootTs()).isEqualTo(T0.plusSeconds(5));

        Streamer system = store.streamers().create(org.id(), device.id(), 0, 0x5FFF, true, T0);
        Org other = org("other", account("bob"));
        Device foreign = store.devices().create(other.id(), "x", null, null, T0);
        store.streamers().create(other.id(), foreign.id(), 0, 0x5FFF, true, T0);
        assertThat(store.streamers().list(List.of(org.id()), null, PageRequest.ALL).items()).containsExactly(system, advanced);
        assertThat(store.streamers().list(List.of(org.id()), foreign.id(), PageRequest.ALL).items()).isEmpty();
        assertThat(store.streamers().list(List.of(org.id(), other.id()), foreign.id(), PageRequest.ALL).total()).isEqualTo(1);
        assertThat(store.streamers().list(List.of(), null, PageRequest.ALL).items()).isEmpty();
    }

    @Test
    void streamerReportsRoundTripAndRecordTheirOutcome() {
        Org org = org("acme", account("ann"));
        Device device = store.devices().create(org.id(), "logger", null, null, T0);
        StreamerReport first = store.streamers().createReport(report("4b8f7f52-0000-4000-8000-000000000001", org, device, 1, T0));
        assertThat(first).isEqualTo(report("4b8f7f52-0000-4000-8000-000000000001", org, device, 1, T0));
        StreamerReport second = store.streamers().createReport(report("4b8f7f52-0000-4000-8000-000000000002", org, device, 1, T0.plusSeconds(1)));
        store.streamers().createReport(report("4b8f7f52-0000-4000-8000-000000000003", org, device, 2, T0));
        assertConflict(() -> store.streamers().createReport(first));

        StreamerReport done = new StreamerReport(first.id(), first.orgId(), first.deviceId(), 1, 1, 10, 3L, 10L, first.sentTimestamp(), 500,
                10, null, first.createdOn(), 7, StreamerReport.State.DONE, null, first.fileKey(), 10, "pid-1");
        store.streamers().updateReport(done);
        assertThat(store.streamers().report(first.id())).contains(done);
        StreamerReport refused = second.withOutcome(StreamerReport.State.REFUSED, "device is not claimed", null, null);
        store.streamers().updateReport(refused);
        assertThat(store.streamers().report(second.id())).contains(refused);
        assertThat(store.streamers().reports(device.id(), 1, PageRequest.ALL).items()).containsExactly(refused, done);
        assertThat(store.streamers().report("nope")).isEmpty();
        store.streamers().setPid(refused.id(), "pid-2");
        assertThat(store.streamers().report(second.id()).orElseThrow()).isEqualTo(refused.withPid("pid-2"));
    }

    // ---- data blocks

    @Test
    void dataBlocksAreNumberedPerDeviceAndOnlyOneArchivesAtATime() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        Device other = store.devices().create(o.id(), "e", null, null, T0);
        DataBlock first = store.blocks().create(o.id(), d.id(), p.id(), "Trip 1", "", ann.id(), T0);
        assertThat(first).isEqualTo(new DataBlock(first.id(), o.id(), d.id(), 1, p.id(), "Trip 1", "", DataBlock.State.ARCHIVING, null,
                ann.id(), T0, null));
        assertThat(store.blocks().busy(d.id())).isTrue();
        assertThat(store.blocks().busy(other.id())).isFalse();
        assertConflict(() -> store.blocks().create(o.id(), d.id(), p.id(), "Trip 1 again", "", ann.id(), T0));
        assertThat(store.blocks().byDevice(d.id())).containsExactly(first);

        DataBlock ready = new DataBlock(first.id(), o.id(), d.id(), 1, p.id(), "Trip one", "renamed", DataBlock.State.READY, "pid-1",
                ann.id(), T0, T0.plusSeconds(1));
        store.blocks().rename(first.id(), "Trip one", "renamed");
        // A job's state change and a user's rename touch their own columns, so neither undoes the other.
        store.blocks().update(first.withState(DataBlock.State.READY, "pid-1", T0.plusSeconds(1)));
        assertThat(store.blocks().find(d.id(), 1)).contains(ready);
        assertThat(store.blocks().busy(d.id())).isFalse();
        assertThat(store.blocks().deleteIfArchiving(ready.id())).isFalse();
        assertThat(store.blocks().byId(ready.id())).contains(ready);
        DataBlock second = store.blocks().create(o.id(), d.id(), null, "Trip 2", "x", ann.id(), T0);
        assertThat(second.number()).isEqualTo(2);
        DataBlock otherFirst = store.blocks().create(o.id(), other.id(), p.id(), "E", "", ann.id(), T0);
        assertThat(otherFirst.number()).isEqualTo(1);

        assertThat(store.blocks().list(List.of(o.id()), null, null, PageRequest.ALL).items()).hasSize(3);
        assertThat(store.blocks().list(List.of(o.id()), d.id(), null, PageRequest.ALL).items()).containsExactly(ready, second);
        assertThat(store.blocks().list(List.of(o.id()), null, p.id(), PageRequest.ALL).items()).extracting(DataBlock::deviceId)
                .containsExactly(d.id(), other.id());
        assertThat(store.blocks().list(List.of(), null, null, PageRequest.ALL).items()).isEmpty();
        store.blocks().delete(second.id());
        assertThat(store.blocks().find(d.id(), 2)).isEmpty();
        assertThat(store.blocks().deleteIfArchiving(otherFirst.id())).isTrue();
        assertThat(store.blocks().busy(other.id())).isFalse();
    }

    @Test
    void movingDeviceDataRekeysItsStreamsAndLeavesFreshOnesAndMovesItsAnnotations() {
        Account ann = account("ann");
        Org o = org("acme", ann);
        Project p = store.projects().create(o.id(), "P", null, ann.id(), T0);
        Variable v = store.variables().create(p.id(), 0x5001, "temp", null, null, T0);
        Device d = store.devices().create(o.id(), "d", null, null, T0);
        Stream s = stream(o, p, d.id(), v);
        store.notes().create(o.id(), s.slug(), T0, "on the stream", "ui", ann.id(), T0);
        store.notes().create(o.id(), d.slug(), T0, "on the device", "ui", ann.id(), T0);
        store.notes().create(o.id(), d.slug(), T0, "system", "si", ann.id(), T0);
        store.locations().create(d.id(), T0, 1.5, 2.5, ann.id());
        store.properties().upsert(o.id(), d.slug(), "cargo", "str", "apples", false);
        store.properties().upsert(o.id(), d.slug(), "model", "str", "X1", true);
        dev.feedline.model.UnitSettings units = new dev.feedline.model.UnitSettings(null, null, null, null, 3);
        store.units().setForStream(s.id(), units);
        DataBlock b = store.blocks().create(o.id(), d.id(), p.id(), "Trip 1", "", ann.id(), T0);

        List<Long> moved = store.inTransaction(() -> store.blocks().moveDeviceData(b, p.id(), T0.plusSeconds(1)));

        String archived = Slugs.stream(p.gid(), b.key(), v.lid());
        assertThat(moved).containsExactly(s.id());
        Stream rekeyed = store.streams().byId(s.id()).orElseThrow();
        assertThat(rekeyed.slug()).isEqualTo(archived);
        assertThat(rekeyed.deviceId()).isEqualTo(b.key());
        assertThat(store.streams().byDevice(b.key())).containsExactly(rekeyed);
        Stream fresh = store.streams().bySlug(s.slug()).orElseThrow();
        assertThat(fresh.id()).isNotEqualTo(s.id());
        assertThat(fresh.deviceId()).isEqualTo(d.id());
        assertThat(store.units().ofStreams(List.of(s.id(), fresh.id()))).containsEntry(s.id(), units).containsEntry(fresh.id(), units);
        assertThat(store.notes().list(archived, TimeRange.ALL, PageRequest.ALL).items()).extracting(StreamNote::note).containsExactly("on the stream");
        assertThat(store.notes().list(b.slug(), TimeRange.ALL, PageRequest.ALL).items()).extracting(StreamNote::note).containsExactly("on the device");
        assertThat(store.notes().list(d.slug(), TimeRange.ALL, PageRequest.ALL).items()).extracting(StreamNote::note).containsExactly("system");
        assertThat(store.locations().list(d.id(), TimeRange.ALL, PageRequest.ALL).items()).isEmpty();
        assertThat(store.locations().listOfBlock(b, TimeRange.ALL, PageRequest.ALL).items()).singleElement()
                .satisfies(l -> assertThat(l.deviceId()).isEqualTo(b.key()));
        assertThat(store.properties().byTarget(b.slug())).extracting(Property::name).containsExactly("cargo", "model");
        assertThat(store.properties().byTarget(d.slug())).extracting(Property::name).containsExactly("model");

        store.blocks().deleteAnnotations(b, List.of(archived));
        assertThat(store.notes().list(archived, TimeRange.ALL, PageRequest.ALL).items()).isEmpty();
        assertThat(store.notes().list(b.slug(), TimeRange.ALL, PageRequest.ALL).items()).isEmpty();
        assertThat(store.properties().byTarget(b.slug())).isEmpty();
        store.blocks().delete(b.id());
        assertThat(store.locations().listOfBlock(b, TimeRange.ALL, PageRequest.ALL).items()).isEmpty();
    }

    // ---- report templates

    @Test
    void advanceNextRunMovesOnlyTheRunAndOnlyFromTheExpectedValue() {
        Account a = account("ann");
        Org o = org("acme", a);
        Instant next = T0.plus(Duration.ofDays(1));
        UserReport r = store.userReports().create(new UserReport(0, o.id(), "daily", "{}", "d", "06:00", "UTC", true, T0, T0, a.id()));

        assertThat(store.userReports().advanceNextRun(r.id(), T0, next)).isTrue();
        assertThat(store.userReports().byId(r.id())).contains(r.withNextRun(next));
        // A second run that read the same due row (another node, a retry) moves nothing.
        assertThat(store.userReports().advanceNextRun(r.id(), T0, next.plus(Duration.ofDays(1)))).isFalse();
        assertThat(store.userReports().byId(r.id())).contains(r.withNextRun(next));
        // Paused since it was read (next run null): it stays paused.
        UserReport paused = new UserReport(r.id(), o.id(), "renamed", "{}", "d", "06:00", "UTC", false, null, T0, a.id());
        store.userReports().update(paused);
        assertThat(store.userReports().advanceNextRun(r.id(), next, next.plus(Duration.ofDays(1)))).isFalse();
        assertThat(store.userReports().byId(r.id())).contains(paused);
    }

    /** A PATCH that pauses a template between the scheduler's read of it and its write is not undone. */
    @Test
    void schedulerDoesNotUndoAChangeMadeAfterItReadTheDueTemplate() {
        Account a = account("ann");
        Org o = org("acme", a);
        String config = "{\"sources\":[],\"columns\":[\"avg\"],\"period\":\"day\",\"bucket\":\"1h\",\"formats\":[\"csv\"],\"recipients\":[]}";
        UserReport r = store.userReports().create(new UserReport(0, o.id(), "daily", config, "d", "06:00", "UTC", true, T0, T0, a.id()));
        UserReport paused = new UserReport(r.id(), o.id(), "daily", config, "d", "06:00", "UTC", false, null, T0, a.id());
        UserReportRepository real = store.userReports();
        UserReportRepository racing = delegate(UserReportRepository.class, (method, args) -> {
            Object result = method.invoke(real, args);
            if (method.getName().equals("due")) real.update(paused); // the PATCH, right after the scheduler's read
            return result;
        });
        MetadataStore seen = delegate(MetadataStore.class, (method, args) ->
                method.getName().equals("userReports") ? racing : method.invoke(store, args));
        List<String> queued = new ArrayList<>();
        JobQueue jobs = delegate(JobQueue.class, (method, args) -> {
            if (!method.getName().equals("enqueue")) throw new UnsupportedOperationException(method.getName());
            queued.add((String) args[2]);
            return "job-" + queued.size();
        });
        Clock clock = Clock.fixed(T0.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
        UserReports reports = new UserReports(seen, null, jobs, null, null, null, null, clock);

        assertThat(new ReportScheduler(seen, reports, null, clock).tick()).isZero();
        assertThat(store.userReports().byId(r.id())).contains(paused);
        assertThat(queued).isEmpty();
    }

    private interface Call {
        Object on(java.lang.reflect.Method method, Object[] args) throws Exception;
    }

    /** An implementation of type that hands every call to call. */
    private static <T> T delegate(Class<T> type, Call call) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) return method.getName().equals("equals") ? proxy == args[0] : method.invoke(call, args);
            try {
                return call.on(method, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
