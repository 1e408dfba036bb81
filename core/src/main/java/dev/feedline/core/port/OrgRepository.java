package dev.feedline.core.port;

import dev.feedline.model.Invitation;
import dev.feedline.model.Membership;
import dev.feedline.model.Org;
import dev.feedline.model.PersonalOrg;
import dev.feedline.model.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Orgs, their memberships and invitations. */
public interface OrgRepository {
    /** CONFLICT when the slug is taken. */
    Org create(String slug, String name, String about, long createdBy, Instant now);

    Optional<Org> byId(long id);
    Optional<Org> bySlug(String slug);
    Optional<Org> byUuid(UUID uuid);

    /** The orgs the account is a member of, ordered by name. */
    List<Org> forAccount(long accountId);

    /** Stores name, about and retentionDays. */
    void update(Org org);

    /** The orgs that have a retention (the others keep their data forever), by id. */
    List<Org> withRetention();

    /** Deletes the org and everything it owns (memberships, invitations, projects, devices, streams, data rows of metadata). */
    void delete(long orgId);

    Optional<Membership> membership(long orgId, long accountId);

    /** Members ordered by join time. */
    List<Membership> members(long orgId);

    /** Adds the member or changes its role. */
    void putMember(long orgId, long accountId, Role role, Instant now);

    void removeMember(long orgId, long accountId);

    /** email null makes a shareable link (see {@link Invitation}). */
    Invitation createInvitation(long orgId, String email, Role role, String tokenHash, long invitedBy, Instant now, Instant expiresOn);
    Optional<Invitation> invitationByTokenHash(String tokenHash);
    Optional<Invitation> invitation(long id);
    List<Invitation> invitations(long orgId);
    void markInvitationAccepted(long id, Instant now);
    void deleteInvitation(long id);

    /** The account's personal org (for the Adafruit IO dialect), if it has one. */
    Optional<PersonalOrg> personalOrg(long accountId);

    /** Marks an org as the account's personal one; CONFLICT when the account already has one. */
    void putPersonalOrg(PersonalOrg personal);
}
