package dev.feedline.store.jdbc;

import dev.feedline.core.port.FleetRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Fleet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcFleetRepository implements FleetRepository {
    private final Jdbc jdbc;

    JdbcFleetRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Fleet create(long orgId, String name, String description, boolean isNetwork, Instant now, Long createdBy) {
        long id = jdbc.insert("INSERT INTO fleet (org_id, name, description, is_network, created_on, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                orgId, name, description, isNetwork, now, createdBy);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Fleet> byId(long id) { return jdbc.one("SELECT * FROM fleet WHERE id = ?", JdbcFleetRepository::fleet, id); }

    @Override
    public Page<Fleet> list(Collection<Long> orgIds, Long deviceId, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        String from = "FROM fleet WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (deviceId != null) {
            from += " AND id IN (SELECT fleet_id FROM fleet_member WHERE device_id = ?)";
            params.add(deviceId);
        }
        return jdbc.page(from, "id", page, JdbcFleetRepository::fleet, params);
    }

    @Override
    public void update(Fleet f) {
        jdbc.update("UPDATE fleet SET name = ?, description = ?, is_network = ? WHERE id = ?", f.name(), f.description(), f.isNetwork(), f.id());
    }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM fleet WHERE id = ?", id); }

    @Override
    public void addMember(Fleet.Member m) {
        jdbc.update("INSERT INTO fleet_member (fleet_id, device_id, always_on, is_access_point) VALUES (?, ?, ?, ?)",
                m.fleetId(), m.deviceId(), m.alwaysOn(), m.isAccessPoint());
    }

    @Override
    public boolean removeMember(long fleetId, long deviceId) {
        return jdbc.update("DELETE FROM fleet_member WHERE fleet_id = ? AND device_id = ?", fleetId, deviceId) == 1;
    }

    @Override
    public Page<Fleet.Member> members(long fleetId, PageRequest page) {
        return jdbc.page("FROM fleet_member WHERE fleet_id = ?", "device_id", page,
                rs -> new Fleet.Member(rs.getLong("fleet_id"), rs.getLong("device_id"), Rows.bool(rs, "always_on"), Rows.bool(rs, "is_access_point")),
                List.of(fleetId));
    }

    @Override
    public List<Long> memberIds(long fleetId) {
        return jdbc.list("SELECT m.device_id FROM fleet_member m JOIN device d ON d.id = m.device_id WHERE m.fleet_id = ? AND d.active = 1"
                + " ORDER BY m.device_id", rs -> rs.getLong(1), fleetId);
    }

    private static Fleet fleet(ResultSet rs) throws SQLException {
        return new Fleet(rs.getLong("id"), rs.getLong("org_id"), rs.getString("name"), rs.getString("description"), Rows.bool(rs, "is_network"),
                Time.instant(rs, "created_on"), Rows.nullableLong(rs, "created_by"));
    }
}
