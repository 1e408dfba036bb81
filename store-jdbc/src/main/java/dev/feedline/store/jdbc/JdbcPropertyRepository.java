package dev.feedline.store.jdbc;

import dev.feedline.core.port.PropertyRepository;
import dev.feedline.model.Property;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class JdbcPropertyRepository implements PropertyRepository {
    private static final String SELECT = "SELECT * FROM property";
    private final Jdbc jdbc;

    JdbcPropertyRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Property upsert(long orgId, String target, String name, String type, String value, boolean system) {
        long id = jdbc.insert("INSERT INTO property (org_id, target, name, type, value, system) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (target, name) DO UPDATE SET org_id = excluded.org_id, type = excluded.type,"
                        + " value = excluded.value, system = excluded.system RETURNING id",
                orgId, target, name, type, value, system);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Property> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcPropertyRepository::map, id); }

    @Override
    public List<Property> byTarget(String target) {
        return jdbc.list(SELECT + " WHERE target = ? ORDER BY name", JdbcPropertyRepository::map, target);
    }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM property WHERE id = ?", id); }

    @Override
    public void deleteByTarget(String target) { jdbc.update("DELETE FROM property WHERE target = ?", target); }

    private static Property map(ResultSet rs) throws SQLException {
        return new Property(rs.getLong("id"), rs.getLong("org_id"), rs.getString("target"), rs.getString("name"),
                rs.getString("type"), rs.getString("value"), Rows.bool(rs, "system"));
    }
}
