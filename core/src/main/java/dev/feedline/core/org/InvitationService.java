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
 * passes it on). An invitation is bound to the email it was sent to: only that email's account joins
 * with it (logged in, or created on accepting). One created explicitly as a shareable link has no email,
 * and whoever presents it first joins. Either way the invitation is the permission to sign up even when
 * self sign-up is off, and is used once.
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

    /** Invites email, or, with shareable (and no email), makes a link anyone holding it may accept. */
    public Created invite(Caller caller, String orgSlug, String email, Role role, boolean shareable) {
        Org org = orgService.get(caller, orgSlug);
        Role mine = access.require(caller, org.id(), Role.ADMIN, "org");
        if (shareable) {
            if (email != null) throw FeedlineException.invalidField("email", "a shareable link is for anyone: leave out email (or shareable, to bind the invitation to this email)");
        } else if (email == null || !email.contains("@") || email.length() > 254) {
            throw FeedlineException.invalidField("email", "not an email address");
        }
        Role invitedRole = role == null ? Role.MEMBER : role;
        if (invitedRole == Role.OWNER && mine != Role.OWNER) throw FeedlineException.forbidden("only an owner may invite owners");
        String secret = Secrets.newSecret(Secrets.INVITATION_PREFIX);
        Instant now = clock.instant();
        Invitation invitation = store.orgs().createInvitation(org.id(), shareable ? null : email.trim().toLowerCase(java.util.Locale.ROOT), invitedRole,
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
     * Accepts an invitation. A logged-in caller joins as themselves — for an invitation bound to an email,
     * only if it is theirs (FORBIDDEN otherwise, and the invitation stays open). Otherwise password (and
     * optionally username) create an account: for the invited email, or, with a shareable link, for the
     * email given. Returns the member's account.
     */
    public Account accept(Caller caller, String secret, String email, String username, String password) {
        if (secret == null) throw FeedlineException.invalidField("token", "this field is required");
        return store.inTransaction(() -> {
            Invitation invitation = store.orgs().invitationByTokenHash(Secrets.hash(secret))
                    .filter(i -> i.acceptedOn() == null && clock.instant().isBefore(i.expiresOn()))
                    .orElseThrow(() -> FeedlineException.notFound("invitation"));
            Account account;
            if (caller instanceof Caller.User u) {
                if (!invitation.shareable() && !u.account().email().equalsIgnoreCase(invitation.email())) throw sentElsewhere();
                account = u.account();
            } else {
                String forEmail = invitation.shareable() ? email : invitation.email();
                if (forEmail == null) throw FeedlineException.invalidField("email", "this field is required: a shareable link creates the account of the email given");
                if (!invitation.shareable() && email != null && !email.trim().equalsIgnoreCase(invitation.email())) throw sentElsewhere();
                account = accountService.byEmail(forEmail.trim().toLowerCase(java.util.Locale.ROOT)).isPresent()
                        ? failExisting()
                        : accountService.create(forEmail, username, null, password, false);
            }
            if (store.orgs().membership(invitation.orgId(), account.id()).isEmpty()) {
                store.orgs().putMember(invitation.orgId(), account.id(), invitation.role(), clock.instant());
            }
            store.orgs().markInvitationAccepted(invitation.id(), clock.instant());
            return account;
        });
    }

    private static FeedlineException sentElsewhere() {
        return FeedlineException.forbidden("this invitation was sent to another email address; accept it with that account, or ask for a shareable link");
    }

    private static Account failExisting() {
        throw FeedlineException.unauthenticated("an account with this email exists; log in first, then accept the invitation");
    }
}
