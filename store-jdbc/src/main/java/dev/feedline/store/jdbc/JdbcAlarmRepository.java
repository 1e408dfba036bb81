package dev.feedline.store.jdbc;

import dev.feedline.core.port.AlarmRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Alarm;
import dev.feedline.model.AlarmStatus;
import dev.feedline.model.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Alarms and their history in the alarm and alarm_history tables (V17); the alarm_open index keeps one open alarm per (rule, originator). */
final class JdbcAlarmRepository implements AlarmRepository {
    private final Jdbc jdbc;

    JdbcAlarmRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Alarm create(Alarm a) {
        return jdbc.inTransaction(() -> {
            long id = jdbc.insert("INSERT INTO alarm (org_id, project_id, rule_id, rule_name, originator, device_id, stream_id, severity, status, value,"
                            + " text_value, details, created_on, acked_on, acked_by, cleared_on, cleared_by, updated_on)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    a.orgId(), a.projectId(), a.ruleId(), a.ruleName(), a.originator(), a.deviceId(), a.streamId(), a.severity().name(),
                    a.status().name(), a.value(), a.text(), a.details(), a.createdOn(), a.ackedOn(), a.ackedBy(), a.clearedOn(), a.clearedBy(),
                    a.updatedOn());
            history(id, "created", a.createdOn(), null, a.value(), a.text());
            return byId(id).orElseThrow();
        });
    }

    @Override
    public Optional<Alarm> byId(long id) {
        // Locked: the engine and a person (acknowledge, clear) each read an alarm and write it back whole; whoever
        // comes second waits and reads the first one's change instead of overwriting it.
        return jdbc.one("SELECT * FROM alarm WHERE id = ?" + jdbc.dialect().lockRow(), JdbcAlarmRepository::alarm, id);
    }

    @Override
    public Optional<Alarm> open(long ruleId, String originator) {
        return jdbc.one("SELECT * FROM alarm WHERE rule_id = ? AND originator = ? AND status <> 'CLEARED'" + jdbc.dialect().lockRow(),
                JdbcAlarmRepository::alarm, ruleId, originator);
    }

    @Override
    public Page<Alarm> list(Collection<Long> orgIds, Filter f, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        StringBuilder from = new StringBuilder("FROM alarm WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")");
        if (f.status() != null) {
            from.append(" AND status = ?");
            params.add(f.status().name());
        }
        if (f.open() != null) from.append(f.open() ? " AND status <> 'CLEARED'" : " AND status = 'CLEARED'");
        if (f.severity() != null) {
            from.append(" AND severity = ?");
            params.add(f.severity().name());
        }
        if (f.projectId() != null) {
            from.append(" AND project_id = ?");
            params.add(f.projectId());
        }
        if (f.deviceId() != null) {
            from.append(" AND device_id = ?");
            params.add(f.deviceId());
        }
        if (f.ruleId() != null) {
            from.append(" AND rule_id = ?");
            params.add(f.ruleId());
        }
        return jdbc.page(from.toString(), "created_on DESC, id DESC", page, JdbcAlarmRepository::alarm, params);
    }

    @Override
    public void update(Alarm a, String what, Long by) {
        jdbc.inTransaction(() -> {
            jdbc.update("UPDATE alarm SET status = ?, value = ?, text_value = ?, acked_on = ?, acked_by = ?, cleared_on = ?, cleared_by = ?,"
                            + " updated_on = ? WHERE id = ?", a.status().name(), a.value(), a.text(), a.ackedOn(), a.ackedBy(), a.clearedOn(),
                    a.clearedBy(), a.updatedOn(), a.id());
            history(a.id(), what, a.updatedOn(), by, a.value(), a.text());
            return null;
        });
    }

    private void history(long alarmId, String what, java.time.Instant at, Long by, Double value, String text) {
        jdbc.update("INSERT INTO alarm_history (alarm_id, what, at, by_account, value, text_value) VALUES (?, ?, ?, ?, ?, ?)",
                alarmId, what, at, by, value, text);
    }

    @Override
    public List<Alarm.Entry> history(long alarmId) {
        return jdbc.list("SELECT * FROM alarm_history WHERE alarm_id = ? ORDER BY id", rs -> new Alarm.Entry(rs.getLong("id"), rs.getLong("alarm_id"),
                rs.getString("what"), Time.instant(rs, "at"), Rows.nullableLong(rs, "by_account"), Rows.nullableDouble(rs, "value"),
                rs.getString("text_value")), alarmId);
    }

    @Override
    public List<dev.feedline.model.AlarmCount> openCounts(Collection<Long> orgIds, boolean byDevice, Long projectId) {
        if (orgIds.isEmpty()) return List.of();
        String key = byDevice ? "device_id" : "project_id";
        List<Object> params = new ArrayList<>(orgIds);
        String sql = "SELECT " + key + ", sum(CASE WHEN status = 'ACTIVE' THEN 1 ELSE 0 END), sum(CASE WHEN status = 'ACKNOWLEDGED' THEN 1 ELSE 0 END)"
                + " FROM alarm WHERE status <> 'CLEARED' AND " + key + " IS NOT NULL AND org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (projectId != null) {
            sql += " AND project_id = ?";
            params.add(projectId);
        }
        return jdbc.list(sql + " GROUP BY " + key + " ORDER BY " + key, rs -> new dev.feedline.model.AlarmCount(rs.getLong(1), rs.getLong(2), rs.getLong(3)), params.toArray());
    }

    private static Alarm alarm(ResultSet rs) throws SQLException {
        return new Alarm(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("project_id"), rs.getLong("rule_id"), rs.getString("rule_name"),
                rs.getString("originator"), Rows.nullableLong(rs, "device_id"), Rows.nullableLong(rs, "stream_id"),
                Severity.valueOf(rs.getString("severity")), AlarmStatus.valueOf(rs.getString("status")), Rows.nullableDouble(rs, "value"),
                rs.getString("text_value"), rs.getString("details"), Time.instant(rs, "created_on"), Time.instant(rs, "acked_on"),
                Rows.nullableLong(rs, "acked_by"), Time.instant(rs, "cleared_on"), Rows.nullableLong(rs, "cleared_by"), Time.instant(rs, "updated_on"));
    }
}
