package dev.feedline.store.jdbc;

import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.StreamerRepository;
import dev.feedline.model.Streamer;
import dev.feedline.model.StreamerReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcStreamerRepository implements StreamerRepository {
    private final Jdbc jdbc;

    JdbcStreamerRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Streamer create(long orgId, long deviceId, int index, int selector, boolean isSystem, Instant now) {
        long id = jdbc.insert("INSERT INTO streamer (org_id, device_id, idx, selector, is_system, created_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                orgId, deviceId, index, selector, isSystem, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Streamer> byId(long id) { return jdbc.one("SELECT * FROM streamer WHERE id = ?", JdbcStreamerRepository::streamer, id); }

    @Override
    public Optional<Streamer> find(long deviceId, int index) {
        return jdbc.one("SELECT * FROM streamer WHERE device_id = ? AND idx = ?", JdbcStreamerRepository::streamer, deviceId, index);
    }

    @Override
    public Page<Streamer> list(Collection<Long> orgIds, Long deviceId, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        String from = "FROM streamer WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (deviceId != null) {
            from += " AND device_id = ?";
            params.add(deviceId);
        }
        return jdbc.page(from, "device_id, idx", page, JdbcStreamerRepository::streamer, params);
    }

    @Override
    public boolean advance(long streamerId, long expectedLastId, long lastId, int selector, Instant lastRebootTs) {
        // On PostgreSQL a concurrent advance holds the row: this UPDATE waits for it, then sees its last_id and matches nothing.
        return jdbc.update("UPDATE streamer SET last_id = ?, selector = ?, last_reboot_ts = COALESCE(?, last_reboot_ts)"
                + " WHERE id = ? AND last_id = ?", Math.max(expectedLastId, lastId), selector, lastRebootTs, streamerId, expectedLastId) == 1;
    }

    @Override
    public StreamerReport createReport(StreamerReport r) {
        jdbc.update("INSERT INTO streamer_report (id, org_id, device_id, streamer_idx, original_first_id, original_last_id, actual_first_id,"
                        + " actual_last_id, sent_timestamp, device_sent_timestamp, incremental_id, time_epsilon, created_on, created_by, state,"
                        + " refusal, file_key, reading_count, pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.orgId(), r.deviceId(), r.streamerIndex(), r.originalFirstId(), r.originalLastId(), r.actualFirstId(),
                r.actualLastId(), r.sentTimestamp(), r.deviceSentTimestamp(), r.incrementalId(), r.timeEpsilon(), r.createdOn(),
                r.createdBy(), r.state().name(), r.refusal(), r.fileKey(), r.count(), r.pid());
        return report(r.id()).orElseThrow();
    }

    @Override
    public Optional<StreamerReport> report(String id) {
        return jdbc.one("SELECT * FROM streamer_report WHERE id = ?", JdbcStreamerRepository::report, id);
    }

    @Override
    public Page<StreamerReport> reports(long deviceId, int index, PageRequest page) {
        return jdbc.page("FROM streamer_report WHERE device_id = ? AND streamer_idx = ?", "created_on DESC, id", page,
                JdbcStreamerRepository::report, List.of(deviceId, index));
    }

    @Override
    public List<StreamerReport> storedOverlapping(long streamerId, long deviceId, int index, long fromId, long toId, boolean lock) {
        if (lock) jdbc.one("SELECT id FROM streamer WHERE id = ?" + jdbc.dialect().lockRow(), rs -> rs.getLong(1), streamerId);
        return jdbc.list("SELECT * FROM streamer_report WHERE device_id = ? AND streamer_idx = ? AND state = 'DONE'"
                + " AND actual_first_id <= ? AND actual_last_id >= ? ORDER BY actual_first_id", JdbcStreamerRepository::report,
                deviceId, index, toId, fromId);
    }

    @Override
    public void setPid(String reportId, String pid) { jdbc.update("UPDATE streamer_report SET pid = ? WHERE id = ?", pid, reportId); }

    @Override
    public void updateReport(StreamerReport r) {
        jdbc.update("UPDATE streamer_report SET state = ?, refusal = ?, actual_first_id = ?, actual_last_id = ?, pid = ? WHERE id = ?",
                r.state().name(), r.refusal(), r.actualFirstId(), r.actualLastId(), r.pid(), r.id());
    }

    private static Streamer streamer(ResultSet rs) throws SQLException {
        Long reboot = Rows.nullableLong(rs, "last_reboot_ts");
        return new Streamer(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("device_id"), rs.getInt("idx"), rs.getLong("last_id"),
                reboot == null ? null : Time.instant(reboot), rs.getInt("selector"), Rows.bool(rs, "is_system"),
                rs.getInt("process_engine_ver"), Time.instant(rs, "created_on"));
    }

    private static StreamerReport report(ResultSet rs) throws SQLException {
        return new StreamerReport(rs.getString("id"), rs.getLong("org_id"), rs.getLong("device_id"), rs.getInt("streamer_idx"),
                rs.getLong("original_first_id"), rs.getLong("original_last_id"), Rows.nullableLong(rs, "actual_first_id"),
                Rows.nullableLong(rs, "actual_last_id"), Time.instant(rs, "sent_timestamp"), rs.getLong("device_sent_timestamp"),
                rs.getLong("incremental_id"), Rows.nullableInt(rs, "time_epsilon"), Time.instant(rs, "created_on"), rs.getLong("created_by"),
                StreamerReport.State.valueOf(rs.getString("state")), rs.getString("refusal"), rs.getString("file_key"),
                rs.getInt("reading_count"), rs.getString("pid"));
    }

    @Override
    public boolean requiresSignedReports(long deviceId) {
        return jdbc.one("SELECT requires_signed_reports FROM device WHERE id = ?", rs -> rs.getInt(1) == 1, deviceId).orElse(false);
    }

    @Override
    public void setRequiresSignedReports(long deviceId, boolean required) {
        jdbc.update("UPDATE device SET requires_signed_reports = ? WHERE id = ?", required ? 1 : 0, deviceId);
    }
}
