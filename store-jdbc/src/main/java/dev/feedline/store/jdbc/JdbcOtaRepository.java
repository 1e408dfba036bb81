package dev.feedline.store.jdbc;

import dev.feedline.core.port.OtaRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.DeviceVersion;
import dev.feedline.model.OtaAction;
import dev.feedline.model.OtaRequest;
import dev.feedline.model.OtaRollout;
import dev.feedline.model.OtaScript;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcOtaRepository implements OtaRepository {
    /** Devices per statement when reading versions: well under both engines' limit on bound parameters. */
    private static final int CHUNK = 500;
    private final Jdbc jdbc;

    JdbcOtaRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public OtaScript createScript(OtaScript s) {
        long id = jdbc.insert("INSERT INTO ota_script (org_id, name, major, minor, patch, notes, created_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                s.orgId(), s.name(), s.major(), s.minor(), s.patch(), s.notes(), s.createdOn(), s.createdBy());
        return script(id).orElseThrow();
    }

    @Override
    public Optional<OtaScript> script(long id) { return jdbc.one("SELECT * FROM ota_script WHERE id = ?", JdbcOtaRepository::script, id); }

    @Override
    public Page<OtaScript> scripts(Collection<Long> orgIds, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        return jdbc.page("FROM ota_script WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")", "id", page, JdbcOtaRepository::script,
                new ArrayList<>(orgIds));
    }

    @Override
    public void updateScript(OtaScript s) {
        jdbc.update("UPDATE ota_script SET file_key = ?, file_size = ?, sha256 = ?, released = ?, released_on = ?, notes = ? WHERE id = ?",
                s.fileKey(), s.fileSize(), s.sha256(), s.released(), s.releasedOn(), s.notes(), s.id());
    }

    @Override
    public void deleteScript(long id) { jdbc.update("DELETE FROM ota_script WHERE id = ?", id); }

    @Override
    public OtaRequest createRequest(OtaRequest r) {
        long id = jdbc.insert("INSERT INTO ota_request (org_id, script_id, fleet_id, criteria, released_on, completed_on, created_on, created_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                r.orgId(), r.scriptId(), r.fleetId(), String.join("\n", r.criteria()), r.releasedOn(), r.completedOn(), r.createdOn(), r.createdBy());
        return request(id).orElseThrow();
    }

    @Override
    public Optional<OtaRequest> request(long id) { return jdbc.one("SELECT * FROM ota_request WHERE id = ?", JdbcOtaRepository::request, id); }

    @Override
    public Page<OtaRequest> requests(Collection<Long> orgIds, Long fleetId, boolean activeOnly, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        String from = "FROM ota_request WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (fleetId != null) {
            from += " AND fleet_id = ?";
            params.add(fleetId);
        }
        if (activeOnly) from += " AND released_on IS NOT NULL AND completed_on IS NULL";
        return jdbc.page(from, "id", page, JdbcOtaRepository::request, params);
    }

    @Override
    public void updateRequest(OtaRequest r) {
        jdbc.update("UPDATE ota_request SET released_on = ?, completed_on = ? WHERE id = ?", r.releasedOn(), r.completedOn(), r.id());
    }

    @Override
    public void deleteRequest(long id) { jdbc.update("DELETE FROM ota_request WHERE id = ?", id); }

    @Override
    public void addTargets(long requestId, Collection<Long> deviceIds, Instant now) {
        // One JDBC batch: a release of a large fleet adds thousands.
        jdbc.updateEach("INSERT INTO ota_target (request_id, device_id, state, updated_on) VALUES (?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
                deviceIds.stream().map(deviceId -> new Object[] {requestId, deviceId, now}).toList());
    }

    @Override
    public Map<Long, String> targets(long requestId) {
        return states("SELECT device_id, state FROM ota_target WHERE request_id = ? ORDER BY device_id", requestId);
    }

    @Override
    public Map<Long, String> targetsOf(long deviceId) {
        return states("SELECT request_id, state FROM ota_target WHERE device_id = ? ORDER BY request_id", deviceId);
    }

    /** Target states keyed by the first column, in the query's order. */
    private Map<Long, String> states(String sql, long id) {
        Map<Long, String> out = new LinkedHashMap<>();
        jdbc.list(sql, rs -> out.put(rs.getLong(1), rs.getString(2)), id);
        return out;
    }

    @Override
    public void setTarget(long requestId, long deviceId, String state, Instant now) {
        jdbc.update("UPDATE ota_target SET state = ?, updated_on = ? WHERE request_id = ? AND device_id = ?", state, now, requestId, deviceId);
    }

    @Override
    public OtaAction createAction(OtaAction a) {
        long id = jdbc.insert("INSERT INTO ota_action (request_id, device_id, created_on, last_attempt_on, attempt_successful, device_confirmation, log)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                a.requestId(), a.deviceId(), a.createdOn(), a.lastAttemptOn(), a.attemptSuccessful(), a.deviceConfirmation(), a.log());
        return action(id).orElseThrow();
    }

    @Override
    public Optional<OtaAction> action(long id) { return jdbc.one("SELECT * FROM ota_action WHERE id = ?", JdbcOtaRepository::action, id); }

    @Override
    public Page<OtaAction> actions(Collection<Long> orgIds, Long requestId, Long deviceId, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        String from = "FROM ota_action WHERE request_id IN (SELECT id FROM ota_request WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + "))";
        if (requestId != null) {
            from += " AND request_id = ?";
            params.add(requestId);
        }
        if (deviceId != null) {
            from += " AND device_id = ?";
            params.add(deviceId);
        }
        return jdbc.page(from, "id", page, JdbcOtaRepository::action, params);
    }

    @Override
    public void updateAction(OtaAction a) {
        jdbc.update("UPDATE ota_action SET last_attempt_on = ?, attempt_successful = ?, device_confirmation = ?, log = ? WHERE id = ?",
                a.lastAttemptOn(), a.attemptSuccessful(), a.deviceConfirmation(), a.log(), a.id());
    }

    @Override
    public boolean addVersion(DeviceVersion v, Instant now) {
        return jdbc.update("INSERT INTO device_version (device_id, type, tag, major, minor, updated_ts, created_on) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", v.deviceId(), v.type(), v.tag(), v.major(), v.minor(), v.updatedTs(), now) == 1;
    }

    @Override
    public Map<Long, List<DeviceVersion>> currentVersions(Collection<Long> deviceIds) {
        Map<Long, List<DeviceVersion>> out = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>(deviceIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            jdbc.list("SELECT * FROM device_version v WHERE device_id IN (" + Jdbc.placeholders(chunk.size()) + ")"
                            + " AND updated_ts = (SELECT MAX(updated_ts) FROM device_version w WHERE w.device_id = v.device_id AND w.type = v.type)"
                            + " ORDER BY device_id, type",
                    rs -> out.computeIfAbsent(rs.getLong("device_id"), k -> new ArrayList<>()).add(new DeviceVersion(rs.getLong("device_id"),
                            rs.getString("type"), rs.getInt("tag"), rs.getInt("major"), rs.getInt("minor"), Time.instant(rs, "updated_ts"))),
                    chunk.toArray());
        }
        return out;
    }

    @Override
    public Optional<OtaRollout> rollout(long requestId) {
        return jdbc.one("SELECT id, rate_per_minute, max_failure_percent, min_failure_sample, rollout_state, rollout_reason FROM ota_request WHERE id = ?",
                rs -> new OtaRollout(rs.getLong("id"), nullableInt(rs, "rate_per_minute"), nullableInt(rs, "max_failure_percent"),
                        rs.getInt("min_failure_sample"), rs.getString("rollout_state"), rs.getString("rollout_reason")), requestId);
    }

    @Override
    public void saveRollout(OtaRollout r) {
        jdbc.update("UPDATE ota_request SET rate_per_minute = ?, max_failure_percent = ?, min_failure_sample = ?, rollout_state = ?, rollout_reason = ?"
                + " WHERE id = ?", r.ratePerMinute(), r.maxFailurePercent(), r.minFailureSample(), r.state(), r.reason(), r.requestId());
    }

    @Override
    public List<Long> openRequests() {
        return jdbc.list("SELECT id FROM ota_request WHERE released_on IS NOT NULL AND completed_on IS NULL ORDER BY id", rs -> rs.getLong(1));
    }

    @Override
    public List<Long> runningRollouts() {
        return jdbc.list("SELECT id FROM ota_request r WHERE released_on IS NOT NULL AND completed_on IS NULL AND rollout_state = 'running'"
                + " AND (max_failure_percent IS NOT NULL OR EXISTS (SELECT 1 FROM ota_target t WHERE t.request_id = r.id AND t.dispatched_on IS NULL))"
                + " ORDER BY id", rs -> rs.getLong(1));
    }

    @Override
    public List<Long> waiting(long requestId, int limit) {
        return jdbc.list("SELECT device_id FROM ota_target WHERE request_id = ? AND dispatched_on IS NULL ORDER BY device_id LIMIT ?",
                rs -> rs.getLong(1), requestId, limit);
    }

    @Override
    public int waitingCount(long requestId) {
        return jdbc.one("SELECT COUNT(*) FROM ota_target WHERE request_id = ? AND dispatched_on IS NULL", rs -> rs.getInt(1), requestId).orElse(0);
    }

    @Override
    public int dispatchedSince(long requestId, Instant since) {
        return jdbc.one("SELECT COUNT(*) FROM ota_target WHERE request_id = ? AND dispatched_on > ?", rs -> rs.getInt(1), requestId, since).orElse(0);
    }

    @Override
    public void dispatch(long requestId, Collection<Long> deviceIds, Instant now) {
        // In chunks rather than a statement per device: a deployment without a pace gives thousands at release.
        List<Long> ids = new ArrayList<>(deviceIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            List<Object> params = new ArrayList<>(List.of(now, requestId));
            params.addAll(chunk);
            jdbc.update("UPDATE ota_target SET dispatched_on = ? WHERE request_id = ? AND dispatched_on IS NULL AND device_id IN ("
                    + Jdbc.placeholders(chunk.size()) + ")", params.toArray());
        }
    }

    @Override
    public boolean dispatched(long requestId, long deviceId) {
        return jdbc.one("SELECT 1 FROM ota_target WHERE request_id = ? AND device_id = ? AND dispatched_on IS NOT NULL", rs -> true, requestId, deviceId)
                .isPresent();
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static OtaScript script(ResultSet rs) throws SQLException {
        Long released = Rows.nullableLong(rs, "released_on");
        return new OtaScript(rs.getLong("id"), rs.getLong("org_id"), rs.getString("name"), rs.getInt("major"), rs.getInt("minor"), rs.getInt("patch"),
                rs.getString("file_key"), Rows.nullableLong(rs, "file_size"), rs.getString("sha256"), Rows.bool(rs, "released"),
                released == null ? null : Time.instant(released), rs.getString("notes"), Time.instant(rs, "created_on"), Rows.nullableLong(rs, "created_by"));
    }

    private static OtaRequest request(ResultSet rs) throws SQLException {
        String criteria = rs.getString("criteria");
        Long released = Rows.nullableLong(rs, "released_on");
        Long completed = Rows.nullableLong(rs, "completed_on");
        return new OtaRequest(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("script_id"), Rows.nullableLong(rs, "fleet_id"),
                criteria.isEmpty() ? List.of() : Arrays.asList(criteria.split("\n")), released == null ? null : Time.instant(released),
                completed == null ? null : Time.instant(completed), Time.instant(rs, "created_on"), Rows.nullableLong(rs, "created_by"));
    }

    private static OtaAction action(ResultSet rs) throws SQLException {
        Long last = Rows.nullableLong(rs, "last_attempt_on");
        return new OtaAction(rs.getLong("id"), rs.getLong("request_id"), rs.getLong("device_id"), Time.instant(rs, "created_on"),
                last == null ? null : Time.instant(last), Rows.bool(rs, "attempt_successful"), Rows.bool(rs, "device_confirmation"), rs.getString("log"));
    }
}
