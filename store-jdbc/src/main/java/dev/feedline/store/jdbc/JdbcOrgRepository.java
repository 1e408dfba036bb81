package dev.feedline.store.jdbc;

import dev.feedline.core.port.OrgRepository;
import dev.feedline.model.Invitation;
import dev.feedline.model.Membership;
import dev.feedline.model.Org;
import dev.feedline.model.PersonalOrg;
import dev.feedline.model.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Orgs, memberships and invitations; deleting an org cascades through the foreign keys. */
final class JdbcOrgRepository implements OrgRepository {
    private static final String SELECT = "SELECT * FROM org";
    private static final String SELECT_INVITATION = "SELECT * FROM invitation";
    private final Jdbc jdbc;

    JdbcOrgRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Org create(String slug, String name, String about, long createdBy, Instant now) {
        long id = jdbc.insert("INSERT INTO org (uuid, slug, name, about, created_by, created_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                UUID.randomUUID(), slug, name, about, createdBy, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Org> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcOrgRepository::map, id); }

    @Override
    public Optional<Org> bySlug(String slug) { return jdbc.one(SELECT + " WHERE slug = ?", JdbcOrgRepository::map, slug); }

    @Override
    public Optional<Org> byUuid(UUID uuid) { return jdbc.one(SELECT + " WHERE uuid = ?", JdbcOrgRepository::map, uuid); }

    @Override
    public List<Org> forAccount(long accountId) {
        return jdbc.list("SELECT o.* FROM org o JOIN membership m ON m.org_id = o.id WHERE m.account_id = ? ORDER BY o.name, o.id",
                JdbcOrgRepository::map, accountId);
    }

    @Override
    public void update(Org org) {
        jdbc.update("UPDATE org SET name = ?, about = ?, retention_days = ? WHERE id = ?", org.name(), org.about(), org.retentionDays(), org.id());
    }

    @Override
    public List<Org> withRetention() { return jdbc.list(SELECT + " WHERE retention_days IS NOT NULL ORDER BY id", JdbcOrgRepository::map); }

    @Override
    public void delete(long orgId) { jdbc.update("DELETE FROM org WHERE id = ?", orgId); }

    @Override
    public Optional<Membership> membership(long orgId, long accountId) {
        return jdbc.one("SELECT * FROM membership WHERE org_id = ? AND account_id = ?", JdbcOrgRepository::mapMembership, orgId, accountId);
    }

    @Override
    public List<Membership> members(long orgId) {
        return jdbc.list("SELECT * FROM membership WHERE org_id = ? ORDER BY created_on, account_id", JdbcOrgRepository::mapMembership, orgId);
    }

    @Override
    public void putMember(long orgId, long accountId, Role role, Instant now) {
        // A role change keeps the original join time, so members() keeps its order.
        jdbc.update("INSERT INTO membership (org_id, account_id, role, created_on) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (org_id, account_id) DO UPDATE SET role = excluded.role", orgId, accountId, role.name(), now);
    }

    @Override
    public void removeMember(long orgId, long accountId) {
        jdbc.update("DELETE FROM membership WHERE org_id = ? AND account_id = ?", orgId, accountId);
    }

    @Override
    public Invitation createInvitation(long orgId, String email, Role role, String tokenHash, long invitedBy, Instant now, Instant expiresOn) {
        long id = jdbc.insert("INSERT INTO invitation (org_id, email, role, token_hash, invited_by, created_on, expires_on)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", orgId, email, role.name(), tokenHash, invitedBy, now, expiresOn);
        return invitation(id).orElseThrow();
    }

    @Override
    public Optional<Invitation> invitationByTokenHash(String tokenHash) {
        return jdbc.one(SELECT_INVITATION + " WHERE token_hash = ?", JdbcOrgRepository::mapInvitation, tokenHash);
    }

    @Override
    public Optional<Invitation> invitation(long id) {
        return jdbc.one(SELECT_INVITATION + " WHERE id = ?", JdbcOrgRepository::mapInvitation, id);
    }

    @Override
    public List<Invitation> invitations(long orgId) {
        return jdbc.list(SELECT_INVITATION + " WHERE org_id = ? ORDER BY created_on, id", JdbcOrgRepository::mapInvitation, orgId);
    }

    @Override
    public void markInvitationAccepted(long id, Instant now) {
        jdbc.update("UPDATE invitation SET accepted_on = ? WHERE id = ?", now, id);
    }

    @Override
    public void deleteInvitation(long id) { jdbc.update("DELETE FROM invitation WHERE id = ?", id); }

    private static Org map(ResultSet rs) throws SQLException {
        return new Org(rs.getLong("id"), UUID.fromString(rs.getString("uuid")), rs.getString("slug"), rs.getString("name"),
                rs.getString("about"), rs.getLong("created_by"), Time.instant(rs, "created_on"), Rows.nullableInt(rs, "retention_days"));
    }

    private static Membership mapMembership(ResultSet rs) throws SQLException {
        return new Membership(rs.getLong("org_id"), rs.getLong("account_id"), Role.valueOf(rs.getString("role")),
                Time.instant(rs, "created_on"));
    }

    private static Invitation mapInvitation(ResultSet rs) throws SQLException {
        return new Invitation(rs.getLong("id"), rs.getLong("org_id"), rs.getString("email"), Role.valueOf(rs.getString("role")),
                rs.getString("token_hash"), rs.getLong("invited_by"), Time.instant(rs, "created_on"),
                Time.instant(rs, "expires_on"), Time.instant(rs, "accepted_on"));
    }

    @Override
    public Optional<PersonalOrg> personalOrg(long accountId) {
        return jdbc.one("SELECT * FROM personal_org WHERE account_id = ?",
                rs -> new PersonalOrg(rs.getLong("account_id"), rs.getLong("org_id"), rs.getLong("project_id")), accountId);
    }

    @Override
    public void putPersonalOrg(PersonalOrg p) {
        jdbc.update("INSERT INTO personal_org (account_id, org_id, project_id) VALUES (?, ?, ?)", p.accountId(), p.orgId(), p.projectId());
    }
}
