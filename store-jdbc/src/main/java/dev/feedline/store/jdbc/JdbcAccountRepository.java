package dev.feedline.store.jdbc;

import dev.feedline.core.port.AccountRepository;
import dev.feedline.model.Account;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcAccountRepository implements AccountRepository {
    private static final String SELECT = "SELECT * FROM account";
    private final Jdbc jdbc;

    JdbcAccountRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Account create(String email, String username, String name, String passwordHash, boolean staff, Instant now) {
        long id = jdbc.insert("INSERT INTO account (email, username, name, password_hash, staff, active, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id", email, username, name, passwordHash, staff, now, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Account> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcAccountRepository::map, id); }

    @Override
    public Optional<Account> byEmail(String email) {
        return jdbc.one(SELECT + " WHERE lower(email) = lower(?)", JdbcAccountRepository::map, email);
    }

    @Override
    public Optional<Account> byUsername(String username) {
        return jdbc.one(SELECT + " WHERE username = ?", JdbcAccountRepository::map, username);
    }

    @Override
    public List<Account> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbc.list(SELECT + " WHERE id IN (" + Jdbc.placeholders(ids.size()) + ")", JdbcAccountRepository::map, ids.toArray());
    }

    @Override
    public void update(Account a) {
        jdbc.update("UPDATE account SET name = ?, tagline = ?, password_hash = ?, active = ?, updated_at = ? WHERE id = ?",
                a.name(), a.tagline(), a.passwordHash(), a.active(), a.updatedAt(), a.id());
    }

    @Override
    public long count() { return jdbc.count("SELECT count(*) FROM account"); }

    @Override
    public List<Account> all() { return jdbc.list(SELECT + " ORDER BY id", JdbcAccountRepository::map); }

    @Override
    public long tokenGeneration(long accountId) {
        return jdbc.one("SELECT token_generation FROM account WHERE id = ?", rs -> rs.getLong(1), accountId).orElse(0L);
    }

    @Override
    public long raiseTokenGeneration(long accountId) {
        return jdbc.insert("UPDATE account SET token_generation = token_generation + 1 WHERE id = ? RETURNING token_generation", accountId);
    }

    @Override
    public long changePassword(long accountId, String passwordHash, Instant now) {
        return jdbc.insert("UPDATE account SET password_hash = ?, updated_at = ?, token_generation = token_generation + 1 WHERE id = ?"
                + " RETURNING token_generation", passwordHash, now, accountId);
    }

    @Override
    public void endSession(String sessionId, long accountId, Instant until, Instant now) {
        jdbc.inTransaction(() -> {
            jdbc.update("DELETE FROM ended_session WHERE until < ?", now);
            return jdbc.update("INSERT INTO ended_session (session_id, account_id, until) VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
                    sessionId, accountId, until);
        });
    }

    @Override
    public boolean sessionEnded(String sessionId) {
        return jdbc.count("SELECT count(*) FROM ended_session WHERE session_id = ?", sessionId) > 0;
    }

    private static Account map(ResultSet rs) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("email"), rs.getString("username"), rs.getString("name"),
                rs.getString("tagline"), rs.getString("password_hash"), Rows.bool(rs, "staff"), Rows.bool(rs, "active"),
                Time.instant(rs, "created_at"), Time.instant(rs, "updated_at"));
    }
}
