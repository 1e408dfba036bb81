package dev.feedline.store.jdbc;

import dev.feedline.core.port.EventRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.Event;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcEventRepository implements EventRepository {
    private final Jdbc jdbc;

    JdbcEventRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Event create(Event e) {
        long id = jdbc.insert("INSERT INTO event (stream_id, ts, extra_data, file_key, ext, device_ts, streamer_local_id, status)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                e.streamId(), e.timestampMicros(), e.extraData(), e.fileKey(), e.ext(), e.deviceTimestamp(), e.streamerLocalId(), e.status());
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Event> byId(long id) { return jdbc.one("SELECT * FROM event WHERE id = ?", JdbcEventRepository::map, id); }

    @Override
    public Page<Event> list(Collection<Long> streamIds, TimeRange range, PageRequest page) {
        if (streamIds.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>(streamIds);
        String from = "FROM event WHERE stream_id IN (" + Jdbc.placeholders(streamIds.size()) + ")" + TimeRanges.where("ts", range, params);
        return jdbc.page(from, "ts, id", page, JdbcEventRepository::map, params);
    }

    private static Event map(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("id"), rs.getLong("stream_id"), rs.getLong("ts"), rs.getString("extra_data"),
                rs.getString("file_key"), rs.getString("ext"), Rows.nullableLong(rs, "device_ts"),
                Rows.nullableLong(rs, "streamer_local_id"), rs.getString("status"));
    }
}
