package dev.feedline.core.access;

import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.OrgRepository;
import dev.feedline.model.Account;
import dev.feedline.model.Role;
import java.util.List;

/**
 * Tenant isolation in one place. An object in an org the caller does not belong to is reported as
 * NOT_FOUND (its existence is not revealed); a member whose role is too weak gets FORBIDDEN.
 *
 * <p>Roles: viewer reads; member also writes data, events, notes, locations, properties and
 * config and claims devices; admin also manages projects, devices, variables, streams and
 * members; owner also deletes the org and appoints owners.
 */
public final class Access {
    private final OrgRepository orgs;

    public Access(OrgRepository orgs) { this.orgs = orgs; }

    /** The calling user; UNAUTHENTICATED for anyone else (devices may only ingest). */
    public Account user(Caller caller) {
        if (caller instanceof Caller.User u) return u.account();
        throw FeedlineException.unauthenticated("authentication credentials were not provided");
    }

    /** Checks the caller holds at least {@code min} in the org; {@code what} names the object for the 404. */
    public Role require(Caller caller, long orgId, Role min, String what) {
        Account account = user(caller);
        Role role = orgs.membership(orgId, account.id()).map(m -> m.role())
                .orElseThrow(() -> FeedlineException.notFound(what));
        if (!role.atLeast(min)) {
            throw FeedlineException.forbidden("your role '" + role.wire() + "' may not do this; it needs '" + min.wire() + "'");
        }
        return role;
    }

    public boolean isMember(Caller caller, long orgId) {
        return caller instanceof Caller.User u && orgs.membership(orgId, u.account().id()).isPresent();
    }

    /** Ids of the orgs the caller belongs to: the scope of every list. */
    public List<Long> orgIds(Caller caller) {
        return orgs.forAccount(user(caller).id()).stream().map(o -> o.id()).toList();
    }
}
