package dev.feedline.core.org;

import dev.feedline.core.access.Access;
import dev.feedline.core.auth.AccountService;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.auth.Secrets;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Account;
import dev.feedline.model.Invitation;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Invitations to join an org. The invitation secret is shown once to the admin who creates it (who
 * passes it on); whoever presents it joins with the invited role, creating an account if needed —
 * an invitation is the permission to sign up even when self sign-up is off.
 */
public final class InvitationService {
    private static final Duration VALIDITY = Duration.ofDays(14);
    private final MetadataStore store;
    private final OrgService orgService;
    private final AccountService accountService;
    private final Access access;
    private final Clock clock;

    public InvitationService(MetadataStore store, OrgService orgService, AccountService accountService, Access access, Clock clock) {
        this.store = store;
        this.orgService = orgService;
        this.accountService = accountService;
        this.access = access;
        this.clock = clock;
    }

    public record Created(Invitation invitation, String secret) {}

    public Created invite(Caller caller, String orgSlug, String email, Role role) {
        Org org = orgService.get(caller, orgSlug);
        Role mine = access.require(caller, org.id(), Role.ADMIN, "org");
        if (email == null || !email.contains("@") || email.length() > 254) throw FeedlineException.invalidField("email", "not an email address");
        Role invitedRole = role == null ? Role.MEMBER : role;
        if (invitedRole == Role.OWNER && mine != Role.OWNER) throw FeedlineException.forbidden("only an owner may invite owners");
        String secret = Secrets.newSecret(Secrets.INVITATION_PREFIX);
        Instant now = clock.instant();
        Invitation invitation = store.orgs().createInvitation(org.id(), email.trim().toLowerCase(java.util.Locale.ROOT), invitedRole,
                Secrets.hash(secret), access.user(caller).id(), now, now.plus(VALIDITY));
        return new Created(invitation, secret);
    }

    public List<Invitation> list(Caller caller, String orgSlug) {
        Org org = orgService.get(caller, orgSlug);
        access.require(caller, org.id(), Role.ADMIN, "org");
        return store.orgs().invitations(org.id());
    }

    public void revoke(Caller caller, String orgSlug, long invitationId) {
        Org org = orgService.get(caller, orgSlug);
        access.require(caller, org.id(), Role.ADMIN, "org");
        Invitation invitation = store.orgs().invitation(invitationId).filter(i -> i.orgId() == org.id())
                .orElseThrow(() -> FeedlineException.notFound("invitation"));
        store.orgs().deleteInvitation(invitation.id());
    }

    /**
     * Accepts an invitation. A logged-in caller joins as themselves; otherwise password (and
     * optionally username) create an account for the invited email. Returns the member's account.
     */
    public Account accept(Caller caller, String secret, String username, String password) {
        if (secret == null) throw FeedlineException.invalidField("token", "this field is required");
        return store.inTransaction(() -> {
            Invitation invitation = store.orgs().invitationByTokenHash(Secrets.hash(secret))
                    .filter(i -> i.acceptedOn() == null && clock.instant().isBefore(i.expiresOn()))
                    .orElseThrow(() -> FeedlineException.notFound("invitation"));
            Account account = caller instanceof Caller.User u
                    ? u.account()
                    : accountService.byEmail(invitation.email()).isPresent()
                        ? failExisting()
                        : accountService.create(invitation.email(), username, null, password, false);
            if (store.orgs().membership(invitation.orgId(), account.id()).isEmpty()) {
                store.orgs().putMember(invitation.orgId(), account.id(), invitation.role(), clock.instant());
            }
            store.orgs().markInvitationAccepted(invitation.id(), clock.instant());
            return account;
        });
    }

    private static Account failExisting() {
        throw FeedlineException.unauthenticated("an account with this email exists; log in first, then accept the invitation");
    }
}
