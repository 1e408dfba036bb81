package dev.feedline.store.jdbc;

import dev.feedline.core.port.DataBlockRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.DataBlock;
import dev.feedline.model.Slugs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class JdbcDataBlockRepository implements DataBlockRepository {
    private final Jdbc jdbc;

    JdbcDataBlockRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public DataBlock create(long orgId, long deviceId, Long projectId, String title, String description, long createdBy, Instant now) {
        // The number is taken in the INSERT itself; two racing creates collide on UNIQUE (device_id, block) or on the
        // one-ARCHIVING-per-device index, and the loser gets CONFLICT.
        long id = jdbc.insert("INSERT INTO datablock (org_id, device_id, block, project_id, title, description, state, created_by, created_on)"
                        + " VALUES (?, ?, (SELECT COALESCE(MAX(block), 0) + 1 FROM datablock WHERE device_id = ?), ?, ?, ?, 'ARCHIVING', ?, ?) RETURNING id",
                orgId, deviceId, deviceId, projectId, title, description, createdBy, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<DataBlock> byId(long id) { return jdbc.one("SELECT * FROM datablock WHERE id = ?", JdbcDataBlockRepository::map, id); }

    @Override
    public Optional<DataBlock> find(long deviceId, int number) {
        return jdbc.one("SELECT * FROM datablock WHERE device_id = ? AND block = ?", JdbcDataBlockRepository::map, deviceId, number);
    }

    @Override
    public Page<DataBlock> list(Collection<Long> orgIds, Long deviceId, Long projectId, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(orgIds);
        String from = "FROM datablock WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (deviceId != null) {
            from += " AND device_id = ?";
            params.add(deviceId);
        }
        if (projectId != null) {
            from += " AND project_id = ?";
            params.add(projectId);
        }
        return jdbc.page(from, "device_id, block", page, JdbcDataBlockRepository::map, params);
    }

    @Override
    public List<DataBlock> byDevice(long deviceId) {
        return jdbc.list("SELECT * FROM datablock WHERE device_id = ? ORDER BY block", JdbcDataBlockRepository::map, deviceId);
    }

    @Override
    public boolean busy(long deviceId) {
        return jdbc.count("SELECT count(*) FROM datablock WHERE device_id = ? AND state = 'ARCHIVING'", deviceId) > 0;
    }

    @Override
    public void update(DataBlock b) {
        jdbc.update("UPDATE datablock SET state = ?, pid = ?, completed_on = ? WHERE id = ?", b.state().name(), b.pid(), b.completedOn(), b.id());
    }

    @Override
    public void rename(long id, String title, String description) {
        jdbc.update("UPDATE datablock SET title = ?, description = ? WHERE id = ?", title, description, id);
    }

    private record StreamRow(long id, String slug, long projectId, long variableId, long orgId, String dataLabel, String valueType, boolean enabled) {}

    @Override
    public List<Long> moveDeviceData(DataBlock block, Long currentProjectId, Instant now) {
        return jdbc.inTransaction(() -> {
            List<StreamRow> streams = jdbc.list("SELECT id, slug, project_id, variable_id, org_id, data_label, value_type, enabled FROM stream WHERE device_id = ?",
                    rs -> new StreamRow(rs.getLong("id"), rs.getString("slug"), rs.getLong("project_id"), rs.getLong("variable_id"),
                            rs.getLong("org_id"), rs.getString("data_label"), rs.getString("value_type"), Rows.bool(rs, "enabled")),
                    block.deviceId());
            List<Long> moved = new ArrayList<>(streams.size());
            for (StreamRow s : streams) {
                Slugs.StreamRef ref = Slugs.parseStream(s.slug());
                String archived = Slugs.stream(ref.projectGid(), block.key(), ref.lid());
                // Points, events and rollups are keyed by the stream id: re-keying the row moves them all, whatever their number.
                jdbc.update("UPDATE stream SET slug = ?, device_id = ? WHERE id = ?", archived, block.key(), s.id());
                jdbc.update("UPDATE note SET target = ? WHERE target = ?", archived, s.slug());
                if (Objects.equals(currentProjectId, s.projectId())) {
                    long fresh = jdbc.insert("INSERT INTO stream (slug, org_id, project_id, device_id, variable_id, data_label, value_type, enabled,"
                                    + " created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            s.slug(), s.orgId(), s.projectId(), block.deviceId(), s.variableId(), s.dataLabel(), s.valueType(), s.enabled(), now);
                    // The stream's own unit settings stay with its archived data and hold for the device's next trip too.
                    jdbc.update("INSERT INTO stream_units (stream_id, var_type, input_unit, output_unit, m, d, o, decimal_places)"
                            + " SELECT ?, var_type, input_unit, output_unit, m, d, o, decimal_places FROM stream_units WHERE stream_id = ?", fresh, s.id());
                }
                moved.add(s.id());
            }
            String device = block.deviceSlug();
            // As the reference does: the device's user notes move, system notes stay; user properties move, system ones are copied.
            jdbc.update("UPDATE note SET target = ? WHERE target = ? AND type = 'ui'", block.slug(), device);
            jdbc.update("UPDATE device_location SET block_id = ? WHERE device_id = ? AND block_id IS NULL", block.id(), block.deviceId());
            jdbc.update("UPDATE property SET target = ? WHERE target = ? AND system = ?", block.slug(), device, false);
            jdbc.update("INSERT INTO property (org_id, target, name, type, value, system) SELECT org_id, ?, name, type, value, system"
                    + " FROM property WHERE target = ? AND system = ?", block.slug(), device, true);
            return moved;
        });
    }

    @Override
    public void deleteAnnotations(DataBlock block, Collection<String> streamSlugs) {
        jdbc.inTransaction(() -> {
            for (String slug : streamSlugs) jdbc.update("DELETE FROM note WHERE target = ?", slug);
            jdbc.update("DELETE FROM note WHERE target = ?", block.slug());
            jdbc.update("DELETE FROM property WHERE target = ?", block.slug());
            jdbc.update("DELETE FROM config_attribute WHERE target = ?", block.slug());
            return null;
        });
    }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM datablock WHERE id = ?", id); }

    @Override
    public boolean deleteIfArchiving(long id) { return jdbc.update("DELETE FROM datablock WHERE id = ? AND state = 'ARCHIVING'", id) > 0; }

    private static DataBlock map(ResultSet rs) throws SQLException {
        Long completed = Rows.nullableLong(rs, "completed_on");
        return new DataBlock(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("device_id"), rs.getInt("block"),
                Rows.nullableLong(rs, "project_id"), rs.getString("title"), rs.getString("description"),
                DataBlock.State.valueOf(rs.getString("state")), rs.getString("pid"), rs.getLong("created_by"),
                Time.instant(rs, "created_on"), completed == null ? null : Time.instant(completed));
    }
}
