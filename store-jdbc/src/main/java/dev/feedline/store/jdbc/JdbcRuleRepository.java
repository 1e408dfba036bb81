package dev.feedline.store.jdbc;

import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.RuleRepository;
import dev.feedline.core.rule.RuleCodec;
import dev.feedline.core.rule.RuleOrigin;
import dev.feedline.core.rule.RuleState;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleScope;
import dev.feedline.model.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rules and the rules engine's state in the rule, rule_state, rule_mark, rule_progress (V17, its epoch V31) and rule_firing tables (V17), rule_origin (V23). */
final class JdbcRuleRepository implements RuleRepository {
    private final Jdbc jdbc;

    JdbcRuleRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Rule create(Rule r) {
        long id = jdbc.insert("INSERT INTO rule (org_id, project_id, name, enabled, scope_kind, target, stream_id, device_id, variable_id, definition,"
                        + " alarm, severity, actions, created_by, created_on, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                r.orgId(), r.projectId(), r.name(), r.enabled(), r.scope().kind().name(), r.scope().target(), r.scope().streamId(),
                r.scope().deviceId(), r.scope().variableId(), RuleCodec.definition(r.condition(), r.clear(), r.hold()), r.alarm(),
                r.severity().name(), r.actions(), r.createdBy(), r.createdOn(), r.updatedOn());
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Rule> byId(long id) { return jdbc.one("SELECT * FROM rule WHERE id = ?", JdbcRuleRepository::rule, id); }

    @Override
    public Page<Rule> list(Collection<Long> orgIds, Long projectId, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        String from = "FROM rule WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (projectId != null) {
            from += " AND project_id = ?";
            params.add(projectId);
        }
        return jdbc.page(from, "id", page, JdbcRuleRepository::rule, params);
    }

    @Override
    public List<Rule> ofOrg(long orgId) { return jdbc.list("SELECT * FROM rule WHERE org_id = ? ORDER BY id", JdbcRuleRepository::rule, orgId); }

    @Override
    public List<Rule> enabled() { return jdbc.list("SELECT * FROM rule WHERE enabled = 1 ORDER BY id", JdbcRuleRepository::rule); }

    @Override
    public void update(Rule r) {
        jdbc.update("UPDATE rule SET project_id = ?, name = ?, enabled = ?, scope_kind = ?, target = ?, stream_id = ?, device_id = ?, variable_id = ?,"
                        + " definition = ?, alarm = ?, severity = ?, actions = ?, updated_on = ? WHERE id = ?",
                r.projectId(), r.name(), r.enabled(), r.scope().kind().name(), r.scope().target(), r.scope().streamId(), r.scope().deviceId(),
                r.scope().variableId(), RuleCodec.definition(r.condition(), r.clear(), r.hold()), r.alarm(), r.severity().name(), r.actions(),
                r.updatedOn(), r.id());
    }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM rule WHERE id = ?", id); }

    @Override
    public List<RuleState> states(long ruleId) {
        return jdbc.list("SELECT * FROM rule_state WHERE rule_id = ? ORDER BY originator", JdbcRuleRepository::state, ruleId);
    }

    @Override
    public Optional<RuleState> state(long ruleId, String originator) {
        return jdbc.one("SELECT * FROM rule_state WHERE rule_id = ? AND originator = ?", JdbcRuleRepository::state, ruleId, originator);
    }

    @Override
    public void saveState(RuleState s) { saveStates(List.of(s)); }

    @Override
    public void saveStates(Collection<RuleState> states) {
        jdbc.updateEach("INSERT INTO rule_state (rule_id, originator, active, since_micros, in_row, seen_micros, last_value, last_text, stream_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, originator) DO UPDATE SET active = excluded.active,"
                        + " since_micros = excluded.since_micros, in_row = excluded.in_row, seen_micros = excluded.seen_micros,"
                        + " last_value = excluded.last_value, last_text = excluded.last_text, stream_id = excluded.stream_id",
                states.stream().map(s -> new Object[] {s.ruleId(), s.originator(), s.active(), s.sinceMicros(), s.inRow(), s.seenMicros(), s.lastValue(),
                        s.lastText(), s.streamId()}).toList());
    }

    @Override
    public void deleteStates(long ruleId) { jdbc.update("DELETE FROM rule_state WHERE rule_id = ?", ruleId); }

    @Override
    public Map<Long, Long> marks(Collection<Long> streamIds) {
        Map<Long, Long> out = new HashMap<>();
        if (streamIds.isEmpty()) return out;
        jdbc.list("SELECT stream_id, micros FROM rule_mark WHERE stream_id IN (" + Jdbc.placeholders(streamIds.size()) + ")",
                rs -> out.put(rs.getLong(1), rs.getLong(2)), streamIds.toArray());
        return out;
    }

    @Override
    public void saveMark(long streamId, long micros) { saveMarks(Map.of(streamId, micros)); }

    @Override
    public void saveMarks(Map<Long, Long> marks) {
        jdbc.updateEach("INSERT INTO rule_mark (stream_id, micros) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET micros = excluded.micros"
                + " WHERE rule_mark.micros < excluded.micros", marks.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()}).toList());
    }

    @Override
    public long progress(String engine) {
        return jdbc.one("SELECT position FROM rule_progress WHERE engine = ?", rs -> rs.getLong(1), engine).orElse(0L);
    }

    @Override
    public long takeOver(String engine) {
        return jdbc.insert("INSERT INTO rule_progress (engine, position, epoch) VALUES (?, 0, 1) ON CONFLICT (engine) DO UPDATE"
                + " SET epoch = rule_progress.epoch + 1 RETURNING epoch", engine);
    }

    @Override
    public boolean holdsEpoch(String engine, long epoch) {
        // A write, not a read: it takes the row's lock (PostgreSQL), so a concurrent take-over is ordered with this commit.
        return jdbc.update("UPDATE rule_progress SET epoch = epoch WHERE engine = ? AND epoch = ?", engine, epoch) == 1;
    }

    @Override
    public boolean advanceProgress(String engine, long position) {
        return jdbc.update("INSERT INTO rule_progress (engine, position) VALUES (?, ?) ON CONFLICT (engine) DO UPDATE SET position = excluded.position"
                + " WHERE rule_progress.position < excluded.position", engine, position) == 1;
    }

    @Override
    public long logFiring(long orgId, long ruleId, String originator, String transition, Instant at, Double value, String text) {
        return jdbc.insert("INSERT INTO rule_firing (org_id, rule_id, originator, transition, at, value, text_value) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                orgId, ruleId, originator, transition, at, value, text);
    }

    @Override
    public void saveOrigin(RuleOrigin o) {
        jdbc.update("INSERT INTO rule_origin (rule_id, dialect, ref, doc) VALUES (?, ?, ?, ?) ON CONFLICT (rule_id) DO UPDATE SET dialect = excluded.dialect,"
                + " ref = excluded.ref, doc = excluded.doc", o.ruleId(), o.dialect(), o.ref(), o.doc());
    }

    @Override
    public Optional<RuleOrigin> origin(long ruleId) { return jdbc.one("SELECT * FROM rule_origin WHERE rule_id = ?", JdbcRuleRepository::origin, ruleId); }

    @Override
    public Optional<RuleOrigin> originByRef(String dialect, String ref) {
        return jdbc.one("SELECT * FROM rule_origin WHERE dialect = ? AND ref = ?", JdbcRuleRepository::origin, dialect, ref);
    }

    private static RuleOrigin origin(ResultSet rs) throws SQLException {
        return new RuleOrigin(rs.getLong("rule_id"), rs.getString("dialect"), rs.getString("ref"), rs.getString("doc"));
    }

    private static Rule rule(ResultSet rs) throws SQLException {
        RuleCodec.Definition d = RuleCodec.readDefinition(rs.getString("definition"));
        RuleScope scope = new RuleScope(RuleScope.Kind.valueOf(rs.getString("scope_kind")), rs.getString("target"), rs.getLong("project_id"),
                Rows.nullableLong(rs, "stream_id"), Rows.nullableLong(rs, "device_id"), Rows.nullableLong(rs, "variable_id"));
        return new Rule(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("project_id"), rs.getString("name"), Rows.bool(rs, "enabled"), scope,
                d.condition(), d.clear(), d.hold(), Rows.bool(rs, "alarm"), Severity.valueOf(rs.getString("severity")), rs.getString("actions"),
                rs.getLong("created_by"), Time.instant(rs, "created_on"), Time.instant(rs, "updated_on"));
    }

    private static RuleState state(ResultSet rs) throws SQLException {
        return new RuleState(rs.getLong("rule_id"), rs.getString("originator"), Rows.bool(rs, "active"), Rows.nullableLong(rs, "since_micros"),
                rs.getInt("in_row"), Rows.nullableLong(rs, "seen_micros"), Rows.nullableDouble(rs, "last_value"), rs.getString("last_text"),
                Rows.nullableLong(rs, "stream_id"));
    }

    @Override
    public int pruneHistory(Instant before) {
        return jdbc.inTransaction(() -> jdbc.update("DELETE FROM rule_firing WHERE at < ?", before)
                + jdbc.update("DELETE FROM alarm WHERE status = 'CLEARED' AND cleared_on < ?", before));
    }
}
