package dev.feedline.store.jdbc;

import dev.feedline.core.port.ConfigRepository;
import dev.feedline.model.ConfigAttribute;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcConfigRepository implements ConfigRepository {
    private static final String SELECT = "SELECT * FROM config_attribute";
    private static final int READ_CHUNK = 500;
    private final Jdbc jdbc;

    JdbcConfigRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public ConfigAttribute upsert(String target, String name, String data, long updatedBy, Instant now) {
        long id = jdbc.insert("INSERT INTO config_attribute (target, name, data, updated_by, updated_on) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (target, name) DO UPDATE SET data = excluded.data, updated_by = excluded.updated_by,"
                        + " updated_on = excluded.updated_on RETURNING id",
                target, name, data, updatedBy, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Map<String, List<ConfigAttribute>> upsertAll(List<String> targets, Map<String, String> values, long updatedBy, Instant now) {
        List<Object[]> rows = new ArrayList<>(targets.size() * values.size());
        for (String target : targets) values.forEach((name, data) -> rows.add(new Object[] {target, name, data, updatedBy, now}));
        jdbc.updateEach("INSERT INTO config_attribute (target, name, data, updated_by, updated_on) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (target, name) DO UPDATE SET data = excluded.data, updated_by = excluded.updated_by, updated_on = excluded.updated_on", rows);
        Map<String, List<ConfigAttribute>> out = new LinkedHashMap<>();
        for (int from = 0; from < targets.size(); from += READ_CHUNK) {
            List<String> chunk = targets.subList(from, Math.min(targets.size(), from + READ_CHUNK));
            jdbc.list(SELECT + " WHERE target IN (" + Jdbc.placeholders(chunk.size()) + ") ORDER BY target, name", JdbcConfigRepository::map, chunk.toArray())
                    .stream().filter(a -> values.containsKey(a.name())).forEach(a -> out.computeIfAbsent(a.target(), k -> new ArrayList<>()).add(a));
        }
        return out;
    }

    @Override
    public Optional<ConfigAttribute> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcConfigRepository::map, id); }

    @Override
    public Optional<ConfigAttribute> find(String target, String name) {
        return jdbc.one(SELECT + " WHERE target = ? AND name = ?", JdbcConfigRepository::map, target, name);
    }

    @Override
    public List<ConfigAttribute> byTarget(String target) {
        return jdbc.list(SELECT + " WHERE target = ? ORDER BY name", JdbcConfigRepository::map, target);
    }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM config_attribute WHERE id = ?", id); }

    private static ConfigAttribute map(ResultSet rs) throws SQLException {
        return new ConfigAttribute(rs.getLong("id"), rs.getString("target"), rs.getString("name"), rs.getString("data"),
                rs.getLong("updated_by"), Time.instant(rs, "updated_on"));
    }

    @Override
    public void deleteByTarget(String target) { jdbc.update("DELETE FROM config_attribute WHERE target = ?", target); }
}
