package dev.feedline.store.jdbc;

import dev.feedline.core.port.DashboardRepository;
import dev.feedline.model.Dashboard;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcDashboardRepository implements DashboardRepository {
    private static final String SELECT = "SELECT * FROM dashboard";
    private final Jdbc jdbc;

    JdbcDashboardRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Dashboard create(Dashboard d) {
        long id = jdbc.insert("INSERT INTO dashboard (org_id, name, shared, layout, created_by, created_on, updated_on) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", d.orgId(), d.name(), d.shared(), d.layout(), d.createdBy(), d.createdOn(), d.updatedOn());
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Dashboard> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcDashboardRepository::map, id); }

    @Override
    public List<Dashboard> visibleTo(long accountId, Collection<Long> orgIds) {
        if (orgIds.isEmpty()) return List.of();
        List<Object> params = new ArrayList<>(orgIds);
        params.add(accountId);
        return jdbc.list(SELECT + " WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ") AND (shared = 1 OR created_by = ?) ORDER BY name, id",
                JdbcDashboardRepository::map, params.toArray());
    }

    @Override
    public void update(Dashboard d) {
        jdbc.update("UPDATE dashboard SET name = ?, shared = ?, layout = ?, updated_on = ? WHERE id = ?",
                d.name(), d.shared(), d.layout(), d.updatedOn(), d.id());
    }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM dashboard WHERE id = ?", id); }

    private static Dashboard map(ResultSet rs) throws SQLException {
        return new Dashboard(rs.getLong("id"), rs.getLong("org_id"), rs.getString("name"), Rows.bool(rs, "shared"), rs.getString("layout"),
                rs.getLong("created_by"), Time.instant(rs, "created_on"), Time.instant(rs, "updated_on"));
    }
}
