package dev.feedline.store.jdbc;

import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.StreamRepository;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcStreamRepository implements StreamRepository {
    private static final String SELECT = "SELECT * FROM stream";
    private final Jdbc jdbc;

    JdbcStreamRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Stream createIfAbsent(String slug, long orgId, long projectId, long deviceId, long variableId,
                                 String dataLabel, ValueType valueType, Instant now) {
        // Read first: after a restart every device's first message lands here for a stream that exists, and
        // a write transaction each would queue behind (and delay) the ingest writer's commits.
        Optional<Stream> existing = bySlug(slug);
        if (existing.isPresent()) return existing.get();
        // ON CONFLICT DO NOTHING makes the race harmless: the loser inserts nothing and reads the winner's row.
        return jdbc.inTransaction(() -> {
            jdbc.update("INSERT INTO stream (slug, org_id, project_id, device_id, variable_id, data_label, value_type, enabled, created_on)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (slug) DO NOTHING",
                    slug, orgId, projectId, deviceId, variableId, dataLabel, valueType.name(), now);
            return bySlug(slug).orElseThrow();
        });
    }

    @Override
    public Optional<Stream> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcStreamRepository::map, id); }

    @Override
    public Optional<Stream> bySlug(String slug) { return jdbc.one(SELECT + " WHERE slug = ?", JdbcStreamRepository::map, slug); }

    @Override
    public Page<Stream> list(Collection<Long> orgIds, Long projectId, Long deviceId, Long variableId, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        StringBuilder from = new StringBuilder("FROM stream WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")");
        List<Object> params = new ArrayList<>(orgIds);
        narrow(from, params, "project_id", projectId);
        narrow(from, params, "device_id", deviceId);
        narrow(from, params, "variable_id", variableId);
        return jdbc.page(from.toString(), "id", page, JdbcStreamRepository::map, params);
    }

    private static void narrow(StringBuilder from, List<Object> params, String column, Long value) {
        if (value == null) return;
        from.append(" AND ").append(column).append(" = ?");
        params.add(value);
    }

    @Override
    public List<Stream> byDevice(long deviceId) {
        return jdbc.list(SELECT + " WHERE device_id = ? ORDER BY id", JdbcStreamRepository::map, deviceId);
    }

    @Override
    public void update(Stream s) {
        jdbc.update("UPDATE stream SET data_label = ?, value_type = ?, enabled = ? WHERE id = ?",
                s.dataLabel(), s.valueType().name(), s.enabled(), s.id());
    }

    @Override
    public void delete(long streamId) { jdbc.update("DELETE FROM stream WHERE id = ?", streamId); }

    private static Stream map(ResultSet rs) throws SQLException {
        return new Stream(rs.getLong("id"), rs.getString("slug"), rs.getLong("org_id"), rs.getLong("project_id"),
                rs.getLong("device_id"), rs.getLong("variable_id"), rs.getString("data_label"),
                ValueType.valueOf(rs.getString("value_type")), Rows.bool(rs, "enabled"), Time.instant(rs, "created_on"));
    }
}
