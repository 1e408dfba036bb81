package dev.feedline.store.jdbc;

import dev.feedline.core.port.VariableRepository;
import dev.feedline.model.Variable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Variables; deleting one removes its streams through ON DELETE CASCADE. */
final class JdbcVariableRepository implements VariableRepository {
    private static final String SELECT = "SELECT * FROM variable";
    private final Jdbc jdbc;

    JdbcVariableRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Variable create(long projectId, int lid, String name, String units, String about, Instant now) {
        long id = jdbc.insert("INSERT INTO variable (project_id, lid, name, units, about, created_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                projectId, lid, name, units, about, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Variable> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcVariableRepository::map, id); }

    @Override
    public Optional<Variable> byLid(long projectId, int lid) {
        return jdbc.one(SELECT + " WHERE project_id = ? AND lid = ?", JdbcVariableRepository::map, projectId, lid);
    }

    @Override
    public Optional<Variable> byName(long projectId, String name) {
        return jdbc.one(SELECT + " WHERE project_id = ? AND name = ?", JdbcVariableRepository::map, projectId, name);
    }

    @Override
    public List<Variable> byProject(long projectId) {
        return jdbc.list(SELECT + " WHERE project_id = ? ORDER BY lid", JdbcVariableRepository::map, projectId);
    }

    @Override
    public void update(Variable v) {
        jdbc.update("UPDATE variable SET name = ?, units = ?, about = ? WHERE id = ?", v.name(), v.units(), v.about(), v.id());
    }

    @Override
    public void delete(long variableId) { jdbc.update("DELETE FROM variable WHERE id = ?", variableId); }

    private static Variable map(ResultSet rs) throws SQLException {
        return new Variable(rs.getLong("id"), rs.getLong("project_id"), rs.getInt("lid"), rs.getString("name"),
                rs.getString("units"), rs.getString("about"), Time.instant(rs, "created_on"));
    }
}
