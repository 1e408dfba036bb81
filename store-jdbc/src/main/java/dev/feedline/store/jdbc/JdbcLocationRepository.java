package dev.feedline.store.jdbc;

import dev.feedline.core.port.LocationRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.DataBlock;
import dev.feedline.model.DeviceLocation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcLocationRepository implements LocationRepository {
    private final Jdbc jdbc;

    JdbcLocationRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public DeviceLocation create(long deviceId, Instant timestamp, double lat, double lon, long userId) {
        long id = jdbc.insert("INSERT INTO device_location (device_id, ts, lat, lon, user_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
                deviceId, timestamp, lat, lon, userId);
        return jdbc.one("SELECT * FROM device_location WHERE id = ?", JdbcLocationRepository::map, id).orElseThrow();
    }

    @Override
    public Page<DeviceLocation> list(long deviceId, TimeRange range, PageRequest page) {
        List<Object> params = new ArrayList<>(List.of(deviceId));
        String from = "FROM device_location WHERE device_id = ? AND block_id IS NULL" + TimeRanges.where("ts", range, params);
        return jdbc.page(from, "ts, id", page, JdbcLocationRepository::map, params);
    }

    @Override
    public Page<DeviceLocation> listOfBlock(DataBlock block, TimeRange range, PageRequest page) {
        List<Object> params = new ArrayList<>(List.of(block.id()));
        String from = "FROM device_location WHERE block_id = ?" + TimeRanges.where("ts", range, params);
        return jdbc.page(from, "ts, id", page, rs -> {
            DeviceLocation l = map(rs);
            return new DeviceLocation(l.id(), block.key(), l.timestamp(), l.lat(), l.lon(), l.userId());
        }, params);
    }

    private static DeviceLocation map(ResultSet rs) throws SQLException {
        return new DeviceLocation(rs.getLong("id"), rs.getLong("device_id"), Time.instant(rs, "ts"), rs.getDouble("lat"),
                rs.getDouble("lon"), rs.getLong("user_id"));
    }
}
