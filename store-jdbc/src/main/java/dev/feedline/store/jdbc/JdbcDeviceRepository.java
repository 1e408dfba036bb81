package dev.feedline.store.jdbc;

import dev.feedline.core.port.DeviceRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Device;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcDeviceRepository implements DeviceRepository {
    private static final String SELECT = "SELECT * FROM device";
    private final Jdbc jdbc;

    JdbcDeviceRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Device create(long orgId, String label, String externalId, String tokenHash, Instant now) {
        long id = jdbc.insert("INSERT INTO device (org_id, label, active, external_id, token_hash, created_on) VALUES (?, ?, 1, ?, ?, ?) RETURNING id",
                orgId, label, externalId, tokenHash, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Device> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcDeviceRepository::map, id); }

    @Override
    public List<Device> byIds(Collection<Long> ids) {
        List<Long> distinct = List.copyOf(new java.util.LinkedHashSet<>(ids));
        List<Device> out = new ArrayList<>();
        // In slices, to stay under every engine's limit of bound parameters.
        for (int from = 0; from < distinct.size(); from += 500) {
            List<Long> slice = distinct.subList(from, Math.min(distinct.size(), from + 500));
            out.addAll(jdbc.list(SELECT + " WHERE id IN (" + Jdbc.placeholders(slice.size()) + ")", JdbcDeviceRepository::map, slice.toArray()));
        }
        return out;
    }

    @Override
    public Optional<Device> byTokenHash(String tokenHash) {
        return jdbc.one(SELECT + " WHERE token_hash = ?", JdbcDeviceRepository::map, tokenHash);
    }

    @Override
    public Page<Device> list(Collection<Long> orgIds, Long projectId, boolean includeInactive, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        StringBuilder from = new StringBuilder("FROM device WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")");
        List<Object> params = new ArrayList<>(orgIds);
        if (projectId != null) {
            from.append(" AND project_id = ?");
            params.add(projectId);
        }
        if (!includeInactive) from.append(" AND active = 1");
        return jdbc.page(from.toString(), "id", page, JdbcDeviceRepository::map, params);
    }

    @Override
    public void update(Device d) {
        jdbc.update("UPDATE device SET project_id = ?, label = ?, active = ?, external_id = ?, lat = ?, lon = ?, state = ?,"
                        + " token_hash = ?, claimed_by = ?, claimed_on = ?, last_seen = ? WHERE id = ?",
                d.projectId(), d.label(), d.active(), d.externalId(), d.lat(), d.lon(), d.state(), d.tokenHash(),
                d.claimedBy(), d.claimedOn(), d.lastSeen(), d.id());
    }

    @Override
    public void touchAll(Map<Long, Instant> lastSeen) {
        if (lastSeen.isEmpty()) return;
        jdbc.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE device SET last_seen = ? WHERE id = ? AND (last_seen IS NULL OR last_seen < ?)")) {
                for (Map.Entry<Long, Instant> e : lastSeen.entrySet()) {
                    Jdbc.bind(ps, e.getValue(), e.getKey(), e.getValue());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void delete(long deviceId) {
        // Streams have no foreign key to device (device 0 means virtual), so they are deleted here;
        // their events and the device's locations follow through ON DELETE CASCADE.
        jdbc.inTransaction(() -> {
            jdbc.update("DELETE FROM stream WHERE device_id = ?", deviceId);
            return jdbc.update("DELETE FROM device WHERE id = ?", deviceId);
        });
    }

    private static Device map(ResultSet rs) throws SQLException {
        return new Device(rs.getLong("id"), rs.getLong("org_id"), Rows.nullableLong(rs, "project_id"), rs.getString("label"),
                Rows.bool(rs, "active"), rs.getString("external_id"), Rows.nullableDouble(rs, "lat"), Rows.nullableDouble(rs, "lon"),
                rs.getString("state"), rs.getString("token_hash"), Rows.nullableLong(rs, "claimed_by"),
                Time.instant(rs, "claimed_on"), Time.instant(rs, "last_seen"), Time.instant(rs, "created_on"));
    }
}
