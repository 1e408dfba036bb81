package dev.feedline.core.org;

import dev.feedline.core.Text;
import dev.feedline.core.access.Access;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.OrgRepository;
import dev.feedline.model.Account;
import dev.feedline.model.Membership;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import java.time.Clock;
import java.util.List;

/** Orgs and their members. The creator of an org is its owner. */
public final class OrgService {
    /** The longest retention an org may set: a hundred years. */
    public static final int MAX_RETENTION_DAYS = 36_500;

    /**
     * What an update changes; a null name or about is left as is. setsRetention says whether retentionDays
     * (null: keep forever) is part of the change, since null alone cannot tell "forever" from "unchanged".
     */
    public record Changes(String name, String about, boolean setsRetention, Integer retentionDays) {}

    private final MetadataStore store;
    private final OrgRepository orgs;
    private final Access access;
    private final Text text;
    private final Clock clock;
    private final Events events;

    /** @param events where lost access is published ({@link DomainEvent.MembershipEnded}): live connections opened with it must end */
    public OrgService(MetadataStore store, Access access, Text text, Clock clock, Events events) {
        this.store = store;
        this.events = events;
        this.orgs = store.orgs();
        this.access = access;
        this.text = text;
        this.clock = clock;
    }

    /**
     * Creates an org owned by the caller. Names need not be unique: refusing a name would tell anyone which
     * names other tenants use, so a taken slug gets a random suffix ({@link OrgSlugs}).
     */
    public Org create(Caller caller, String name, String about) {
        Account account = access.user(caller);
        String cleanName = text.required("name", name);
        String cleanAbout = text.optional("about", about);
        for (int attempt = 1; ; attempt++) {
            String slug = OrgSlugs.free(orgs, cleanName);
            try {
                return store.inTransaction(() -> {
                    Org org = orgs.create(slug, cleanName, cleanAbout, account.id(), clock.instant());
                    orgs.putMember(org.id(), account.id(), Role.OWNER, clock.instant());
                    return org;
                });
            } catch (FeedlineException e) {
                // Another request took the slug between the check and the insert: try another.
                if (e.kind() != ErrorKind.CONFLICT || attempt >= OrgSlugs.ATTEMPTS) throw e;
            }
        }
    }

    public List<Org> list(Caller caller) { return orgs.forAccount(access.user(caller).id()); }

    /** The org, if the caller belongs to it; NOT_FOUND otherwise. */
    public Org get(Caller caller, String slug) {
        Org org = orgs.bySlug(slug).orElseThrow(() -> FeedlineException.notFound("org"));
        access.require(caller, org.id(), Role.VIEWER, "org");
        return org;
    }

    public Org byId(long id) { return orgs.byId(id).orElseThrow(() -> FeedlineException.notFound("org")); }

    /**
     * Changes name and about (admins and owners) and the retention (owners only: a shorter retention deletes
     * data for good, like deleting the org). Nothing is stored unless every change is allowed and valid.
     */
    public Org update(Caller caller, String slug, Changes changes) {
        Org org = get(caller, slug);
        access.require(caller, org.id(), changes.setsRetention() ? Role.OWNER : Role.ADMIN, "org");
        Integer retention = changes.setsRetention() ? checkRetention(changes.retentionDays()) : org.retentionDays();
        Org updated = new Org(org.id(), org.uuid(), org.slug(), changes.name() == null ? org.name() : text.required("name", changes.name()),
                changes.about() == null ? org.about() : text.optional("about", changes.about()), org.createdBy(), org.createdOn(), retention);
        orgs.update(updated);
        return updated;
    }

    private static Integer checkRetention(Integer days) {
        if (days != null && (days < 1 || days > MAX_RETENTION_DAYS)) {
            throw FeedlineException.invalidField("retention_days", "must be 1 to " + MAX_RETENTION_DAYS + " days, or null to keep data forever");
        }
        return days;
    }

    public void delete(Caller caller, String slug) {
        Org org = get(caller, slug);
        access.require(caller, org.id(), Role.OWNER, "org");
        List<Membership> members = orgs.members(org.id());
        orgs.delete(org.id());
        members.forEach(m -> events.publish(new DomainEvent.MembershipEnded(m.accountId(), org.id(), false)));
    }

    /** The membership of an account in an org the caller may see; NOT_FOUND when the account is no member. */
    public Membership membership(Caller caller, String slug, long accountId) {
        return orgs.membership(get(caller, slug).id(), accountId).orElseThrow(() -> FeedlineException.notFound("member"));
    }

    public Role roleOf(Caller caller, Org org) { return access.require(caller, org.id(), Role.VIEWER, "org"); }

    public List<Membership> members(Caller caller, String slug) {
        return orgs.members(get(caller, slug).id());
    }

    /** Changes a member's role. Only an owner may appoint or demote owners; the last owner stays. */
    public void setRole(Caller caller, String slug, long accountId, Role role) {
        Org org = get(caller, slug);
        Role mine = access.require(caller, org.id(), Role.ADMIN, "org");
        Membership target = orgs.membership(org.id(), accountId).orElseThrow(() -> FeedlineException.notFound("member"));
        if ((role == Role.OWNER || target.role() == Role.OWNER) && mine != Role.OWNER) {
            throw FeedlineException.forbidden("only an owner may appoint or demote owners");
        }
        if (target.role() == Role.OWNER && role != Role.OWNER) requireAnotherOwner(org.id(), accountId);
        orgs.putMember(org.id(), accountId, role, clock.instant());
    }

    /** Removes a member; any member may remove themselves. */
    public void removeMember(Caller caller, String slug, long accountId) {
        Org org = get(caller, slug);
        Account me = access.user(caller);
        Membership target = orgs.membership(org.id(), accountId).orElseThrow(() -> FeedlineException.notFound("member"));
        if (me.id() != accountId) {
            Role mine = access.require(caller, org.id(), Role.ADMIN, "org");
            if (target.role() == Role.OWNER && mine != Role.OWNER) throw FeedlineException.forbidden("only an owner may remove an owner");
        }
        if (target.role() == Role.OWNER) requireAnotherOwner(org.id(), accountId);
        orgs.removeMember(org.id(), accountId);
        events.publish(new DomainEvent.MembershipEnded(accountId, org.id(), me.id() != accountId));
    }

    private void requireAnotherOwner(long orgId, long leavingAccountId) {
        boolean another = orgs.members(orgId).stream().anyMatch(m -> m.role() == Role.OWNER && m.accountId() != leavingAccountId);
        if (!another) throw FeedlineException.invalid("an org needs at least one owner");
    }
}
