package dev.feedline.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.UserReportRepository;
import dev.feedline.model.GeneratedReport;
import dev.feedline.model.UserReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Report templates and generated reports (V29); a generated report's files are one JSON text column. */
final class JdbcUserReportRepository implements UserReportRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<GeneratedReport.File>> FILES = new TypeReference<>() {};

    private final Jdbc jdbc;

    JdbcUserReportRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public UserReport create(UserReport r) {
        long id = jdbc.insert("INSERT INTO user_report (org_id, label, config, run_interval, time_of_day, timezone, active, next_run_at, created_on, created_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                r.orgId(), r.label(), r.config(), r.interval(), r.timeOfDay(), r.timezone(), r.active(), r.nextRunAt(), r.createdOn(), r.createdBy());
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<UserReport> byId(long id) { return jdbc.one("SELECT * FROM user_report WHERE id = ?", JdbcUserReportRepository::report, id); }

    @Override
    public Page<UserReport> list(Collection<Long> orgIds, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        return jdbc.page("FROM user_report WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")", "id", page,
                JdbcUserReportRepository::report, new ArrayList<>(orgIds));
    }

    @Override
    public void update(UserReport r) {
        jdbc.update("UPDATE user_report SET label = ?, config = ?, run_interval = ?, time_of_day = ?, timezone = ?, active = ?, next_run_at = ? WHERE id = ?",
                r.label(), r.config(), r.interval(), r.timeOfDay(), r.timezone(), r.active(), r.nextRunAt(), r.id());
    }

    @Override
    public boolean advanceNextRun(long id, Instant expected, Instant next) {
        return jdbc.update("UPDATE user_report SET next_run_at = ? WHERE id = ? AND next_run_at = ?", next, id, expected) == 1;
    }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM user_report WHERE id = ?", id); }

    @Override
    public List<UserReport> due(Instant now, int max) {
        return jdbc.list("SELECT * FROM user_report WHERE next_run_at IS NOT NULL AND next_run_at <= ? AND active = 1 ORDER BY next_run_at, id LIMIT ?",
                JdbcUserReportRepository::report, now, max);
    }

    @Override
    public GeneratedReport createGenerated(GeneratedReport g) {
        long id = jdbc.insert("INSERT INTO generated_report (uuid, org_id, report_id, label, source_ref, status, error, files, period_start, period_end,"
                + " share_hash, share_expires_on, created_on, created_by, finished_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                g.uuid(), g.orgId(), g.reportId(), g.label(), g.sourceRef(), g.status(), g.error(), files(g.files()), g.periodStart(), g.periodEnd(),
                g.shareHash(), g.shareExpiresOn(), g.createdOn(), g.createdBy(), g.finishedOn());
        return jdbc.one("SELECT * FROM generated_report WHERE id = ?", JdbcUserReportRepository::generated, id).orElseThrow();
    }

    @Override
    public Optional<GeneratedReport> generated(String uuid) {
        return jdbc.one("SELECT * FROM generated_report WHERE uuid = ?", JdbcUserReportRepository::generated, uuid);
    }

    @Override
    public Page<GeneratedReport> listGenerated(Collection<Long> orgIds, Long reportId, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        String from = "FROM generated_report WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (reportId != null) {
            from += " AND report_id = ?";
            params.add(reportId);
        }
        return jdbc.page(from, "created_on DESC, id DESC", page, JdbcUserReportRepository::generated, params);
    }

    @Override
    public void updateGenerated(GeneratedReport g) {
        jdbc.update("UPDATE generated_report SET status = ?, error = ?, files = ?, share_hash = ?, share_expires_on = ?, finished_on = ? WHERE id = ?",
                g.status(), g.error(), files(g.files()), g.shareHash(), g.shareExpiresOn(), g.finishedOn(), g.id());
    }

    @Override
    public List<GeneratedReport> generatedBefore(Instant before, int max) {
        return jdbc.list("SELECT * FROM generated_report WHERE created_on < ? ORDER BY created_on, id LIMIT ?", JdbcUserReportRepository::generated, before, max);
    }

    @Override
    public void deleteGenerated(long id) { jdbc.update("DELETE FROM generated_report WHERE id = ?", id); }

    private static UserReport report(ResultSet rs) throws SQLException {
        return new UserReport(rs.getLong("id"), rs.getLong("org_id"), rs.getString("label"), rs.getString("config"), rs.getString("run_interval"),
                rs.getString("time_of_day"), rs.getString("timezone"), Rows.bool(rs, "active"), Time.instant(rs, "next_run_at"),
                Time.instant(rs, "created_on"), rs.getLong("created_by"));
    }

    private static GeneratedReport generated(ResultSet rs) throws SQLException {
        List<GeneratedReport.File> files;
        try {
            files = JSON.readValue(rs.getString("files"), FILES);
        } catch (JsonProcessingException e) {
            throw new SQLException("generated_report " + rs.getLong("id") + " has unreadable files", e);
        }
        return new GeneratedReport(rs.getLong("id"), rs.getString("uuid"), rs.getLong("org_id"), Rows.nullableLong(rs, "report_id"),
                rs.getString("label"), rs.getString("source_ref"), rs.getString("status"), rs.getString("error"), files,
                Time.instant(rs, "period_start"), Time.instant(rs, "period_end"), rs.getString("share_hash"), Time.instant(rs, "share_expires_on"),
                Time.instant(rs, "created_on"), Rows.nullableLong(rs, "created_by"), Time.instant(rs, "finished_on"));
    }

    private static String files(List<GeneratedReport.File> files) {
        try {
            return JSON.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
