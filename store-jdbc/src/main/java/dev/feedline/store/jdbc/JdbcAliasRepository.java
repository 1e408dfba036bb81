package dev.feedline.store.jdbc;

import dev.feedline.core.port.AliasRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.AliasTap;
import dev.feedline.model.StreamAlias;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stream aliases and taps; an alias's taps go with it, and a stream's taps with the stream, through ON DELETE CASCADE. */
final class JdbcAliasRepository implements AliasRepository {
    private final Jdbc jdbc;

    JdbcAliasRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public StreamAlias create(long orgId, String name, Instant now, Long createdBy) {
        long id = jdbc.insert("INSERT INTO stream_alias (org_id, name, created_on, created_by) VALUES (?, ?, ?, ?) RETURNING id",
                orgId, name, now, createdBy);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<StreamAlias> byId(long id) { return jdbc.one("SELECT * FROM stream_alias WHERE id = ?", JdbcAliasRepository::alias, id); }

    @Override
    public Page<StreamAlias> list(Collection<Long> orgIds, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        return jdbc.page("FROM stream_alias WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")", "id", page,
                JdbcAliasRepository::alias, new ArrayList<>(orgIds));
    }

    @Override
    public void rename(long id, String name) { jdbc.update("UPDATE stream_alias SET name = ? WHERE id = ?", name, id); }

    @Override
    public void delete(long id) { jdbc.update("DELETE FROM stream_alias WHERE id = ?", id); }

    @Override
    public AliasTap createTap(long aliasId, long timestampMicros, long streamId, Instant now, Long createdBy) {
        long id = jdbc.insert("INSERT INTO stream_alias_tap (alias_id, ts, stream_id, created_on, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
                aliasId, timestampMicros, streamId, now, createdBy);
        return tap(id).orElseThrow();
    }

    @Override
    public Optional<AliasTap> tap(long id) { return jdbc.one("SELECT * FROM stream_alias_tap WHERE id = ?", JdbcAliasRepository::tap, id); }

    @Override
    public Page<AliasTap> taps(Collection<Long> aliasIds, PageRequest page) {
        if (aliasIds.isEmpty()) return new Page<>(List.of(), 0);
        return jdbc.page("FROM stream_alias_tap WHERE alias_id IN (" + Jdbc.placeholders(aliasIds.size()) + ")", "alias_id, ts, id", page,
                JdbcAliasRepository::tap, new ArrayList<>(aliasIds));
    }

    @Override
    public List<AliasTap> tapsOf(long aliasId) {
        return jdbc.list("SELECT * FROM stream_alias_tap WHERE alias_id = ? ORDER BY ts, id", JdbcAliasRepository::tap, aliasId);
    }

    @Override
    public void updateTap(AliasTap t) {
        jdbc.update("UPDATE stream_alias_tap SET alias_id = ?, ts = ?, stream_id = ? WHERE id = ?", t.aliasId(), t.timestampMicros(), t.streamId(), t.id());
    }

    @Override
    public void deleteTap(long id) { jdbc.update("DELETE FROM stream_alias_tap WHERE id = ?", id); }

    private static StreamAlias alias(ResultSet rs) throws SQLException {
        return new StreamAlias(rs.getLong("id"), rs.getLong("org_id"), rs.getString("name"), Time.instant(rs, "created_on"),
                Rows.nullableLong(rs, "created_by"));
    }

    private static AliasTap tap(ResultSet rs) throws SQLException {
        return new AliasTap(rs.getLong("id"), rs.getLong("alias_id"), rs.getLong("ts"), rs.getLong("stream_id"),
                Time.instant(rs, "created_on"), Rows.nullableLong(rs, "created_by"));
    }
}
