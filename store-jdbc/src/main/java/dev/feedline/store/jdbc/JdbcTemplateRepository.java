package dev.feedline.store.jdbc;

import dev.feedline.core.port.TemplateRepository;
import dev.feedline.model.FleetTemplate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

final class JdbcTemplateRepository implements TemplateRepository {
    private final Jdbc jdbc;

    JdbcTemplateRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public FleetTemplate create(FleetTemplate.Kind kind, Long orgId, String slug, String name, String body, Instant now, Long createdBy) {
        long id = jdbc.insert("INSERT INTO fleet_template (kind, org_id, slug, name, body, created_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                kind.wire(), orgId, slug, name, body, now, createdBy);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<FleetTemplate> byId(long id) { return jdbc.one("SELECT * FROM fleet_template WHERE id = ?", JdbcTemplateRepository::template, id); }

    @Override
    public Optional<FleetTemplate> bySlug(FleetTemplate.Kind kind, String slug) {
        return jdbc.one("SELECT * FROM fleet_template WHERE kind = ? AND slug = ?", JdbcTemplateRepository::template, kind.wire(), slug);
    }

    @Override
    public List<FleetTemplate> visible(FleetTemplate.Kind kind, Collection<Long> orgIds) {
        List<Object> params = new ArrayList<>();
        params.add(kind.wire());
        params.addAll(orgIds);
        String orgs = orgIds.isEmpty() ? "" : " OR org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        return jdbc.list("SELECT * FROM fleet_template WHERE kind = ? AND (org_id IS NULL" + orgs + ") ORDER BY slug",
                JdbcTemplateRepository::template, params.toArray());
    }

    @Override
    public void update(FleetTemplate t) { jdbc.update("UPDATE fleet_template SET name = ?, body = ? WHERE id = ?", t.name(), t.body(), t.id()); }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM fleet_template WHERE id = ?", id); }

    @Override
    public void link(long deviceId, Long templateId, Long sgId) {
        jdbc.update("DELETE FROM device_template_link WHERE device_id = ?", deviceId);
        if (templateId != null || sgId != null) {
            jdbc.update("INSERT INTO device_template_link (device_id, template_id, sg_id) VALUES (?, ?, ?)", deviceId, templateId, sgId);
        }
    }

    @Override
    public Long[] linkOf(long deviceId) {
        return jdbc.one("SELECT template_id, sg_id FROM device_template_link WHERE device_id = ?",
                rs -> new Long[] {Rows.nullableLong(rs, "template_id"), Rows.nullableLong(rs, "sg_id")}, deviceId).orElse(new Long[2]);
    }

    private static FleetTemplate template(ResultSet rs) throws SQLException {
        return new FleetTemplate(rs.getLong("id"), FleetTemplate.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                Rows.nullableLong(rs, "org_id"), rs.getString("slug"), rs.getString("name"), rs.getString("body"),
                Time.instant(rs, "created_on"), Rows.nullableLong(rs, "created_by"));
    }
}
