package dev.feedline.store.jdbc;

import dev.feedline.core.action.ActionAttempt;
import dev.feedline.core.action.Notification;
import dev.feedline.core.port.ActionStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Rule actions' tables (V18), on the metadata store's connection pool and thread-bound transaction. */
final class JdbcActionStore implements ActionStore {
    private final Jdbc jdbc;

    JdbcActionStore(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public boolean recordFiring(long orgId, long ruleId, long position, String transition, Instant now) {
        return jdbc.update("INSERT INTO action_firing (org_id, rule_id, position, transition, created_on) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (rule_id, position, transition) DO NOTHING", orgId, ruleId, position, transition, now) == 1;
    }

    @Override
    public Optional<Instant> lastQueued(long ruleId, String originator, int index) {
        return jdbc.one("SELECT queued_on FROM action_cooldown WHERE rule_id = ? AND originator = ? AND action_idx = ?",
                rs -> Time.instant(rs, "queued_on"), ruleId, originator, index);
    }

    @Override
    public void putLastQueued(long orgId, long ruleId, String originator, int index, Instant at) {
        jdbc.update("INSERT INTO action_cooldown (org_id, rule_id, originator, action_idx, queued_on) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (rule_id, originator, action_idx) DO UPDATE SET queued_on = excluded.queued_on", orgId, ruleId, originator, index, at);
    }

    @Override
    public void log(ActionAttempt a) {
        jdbc.update("INSERT INTO action_log (org_id, rule_id, action_idx, kind, target, pid, attempt, ok, error, duration_ms, created_on)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.orgId(), a.ruleId(), a.index(), a.kind(), a.target(), a.pid(), a.attempt(), a.ok(), a.error(), a.durationMs(), a.at());
    }

    @Override
    public boolean succeeded(String pid) {
        return jdbc.count("SELECT count(*) FROM action_log WHERE pid = ? AND ok = 1", pid) > 0;
    }

    @Override
    public Page<ActionAttempt> attempts(Collection<Long> orgIds, Long ruleId, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        String from = "FROM action_log WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (ruleId != null) {
            from += " AND rule_id = ?";
            params.add(ruleId);
        }
        return jdbc.page(from, "id DESC", page, JdbcActionStore::attempt, params);
    }

    @Override
    public Notification createNotification(Notification n) {
        long id = jdbc.insert("INSERT INTO notification (org_id, rule_id, alarm_id, severity, title, body, link, created_on)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                n.orgId(), n.ruleId(), n.alarmId(), n.severity(), n.title(), n.body(), n.link(), n.createdOn());
        return new Notification(id, n.orgId(), n.ruleId(), n.alarmId(), n.severity(), n.title(), n.body(), n.link(), n.createdOn(), false);
    }

    private static final String WITH_READ = "SELECT n.*, (SELECT count(*) FROM notification_read r WHERE r.notification_id = n.id"
            + " AND r.account_id = ?) AS is_read FROM notification n";

    @Override
    public Optional<Notification> notification(long id, long accountId) {
        return jdbc.one(WITH_READ + " WHERE n.id = ?", JdbcActionStore::notification, accountId, id);
    }

    @Override
    public Page<Notification> notifications(long accountId, Collection<Long> orgIds, boolean unreadOnly, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>();
        params.add(accountId);
        params.addAll(orgIds);
        // jdbc.page puts "SELECT *, count(*) OVER ()" before from: the read flag is computed in a subquery.
        String from = "FROM (" + WITH_READ + " WHERE n.org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")) AS x"
                + (unreadOnly ? " WHERE is_read = 0" : "");
        return jdbc.page(from, "id DESC", page, JdbcActionStore::notification, params);
    }

    @Override
    public void markRead(long accountId, Collection<Long> notificationIds, Instant now) {
        for (long id : notificationIds) {
            jdbc.update("INSERT INTO notification_read (notification_id, account_id, read_on) VALUES (?, ?, ?)"
                    + " ON CONFLICT (notification_id, account_id) DO NOTHING", id, accountId, now);
        }
    }

    @Override
    public int markAllRead(long accountId, Collection<Long> orgIds, Instant now) {
        if (orgIds.isEmpty()) return 0;
        List<Object> params = new ArrayList<>();
        params.add(accountId);
        params.add(now);
        params.addAll(orgIds);
        params.add(accountId);
        return jdbc.update("INSERT INTO notification_read (notification_id, account_id, read_on) SELECT n.id, ?, ? FROM notification n"
                + " WHERE n.org_id IN (" + Jdbc.placeholders(orgIds.size()) + ") AND NOT EXISTS (SELECT 1 FROM notification_read r"
                + " WHERE r.notification_id = n.id AND r.account_id = ?)", params.toArray());
    }

    @Override
    public int pruneFirings(Instant before) {
        return jdbc.update("DELETE FROM action_firing WHERE created_on < ?", before);
    }

    @Override
    public int pruneHistory(Instant before) {
        // Notifications of a deleted rule stay until they are old: people may still want to read them.
        return jdbc.inTransaction(() -> jdbc.update("DELETE FROM action_log WHERE created_on < ? OR rule_id NOT IN (SELECT id FROM rule)", before)
                + jdbc.update("DELETE FROM notification WHERE created_on < ?", before)
                + jdbc.update("DELETE FROM action_cooldown WHERE rule_id NOT IN (SELECT id FROM rule)"));
    }

    private static ActionAttempt attempt(ResultSet rs) throws SQLException {
        return new ActionAttempt(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("rule_id"), rs.getInt("action_idx"), rs.getString("kind"),
                rs.getString("target"), rs.getString("pid"), rs.getInt("attempt"), Rows.bool(rs, "ok"), rs.getString("error"),
                rs.getLong("duration_ms"), Time.instant(rs, "created_on"));
    }

    private static Notification notification(ResultSet rs) throws SQLException {
        return new Notification(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("rule_id"), Rows.nullableLong(rs, "alarm_id"),
                rs.getString("severity"), rs.getString("title"), rs.getString("body"), rs.getString("link"),
                Time.instant(rs, "created_on"), rs.getLong("is_read") > 0);
    }
}
