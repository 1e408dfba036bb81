package dev.feedline.store.jdbc;

import dev.feedline.core.port.NoteRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.StreamNote;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcNoteRepository implements NoteRepository {
    private final Jdbc jdbc;

    JdbcNoteRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public StreamNote create(long orgId, String target, Instant timestamp, String note, String type, long userId, Instant now) {
        long id = jdbc.insert("INSERT INTO note (org_id, target, ts, note, type, user_id, created_on) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                orgId, target, timestamp, note, type, userId, now);
        return jdbc.one("SELECT * FROM note WHERE id = ?", JdbcNoteRepository::map, id).orElseThrow();
    }

    @Override
    public Page<StreamNote> list(String target, TimeRange range, PageRequest page) {
        List<Object> params = new ArrayList<>(List.of(target));
        String from = "FROM note WHERE target = ?" + TimeRanges.where("ts", range, params);
        return jdbc.page(from, "ts, id", page, JdbcNoteRepository::map, params);
    }

    private static StreamNote map(ResultSet rs) throws SQLException {
        return new StreamNote(rs.getLong("id"), rs.getLong("org_id"), rs.getString("target"), Time.instant(rs, "ts"),
                rs.getString("note"), rs.getString("type"), rs.getLong("user_id"), Time.instant(rs, "created_on"));
    }
}
