package dev.feedline.store.jdbc;

import dev.feedline.core.port.CommandRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Command;
import dev.feedline.model.CommandStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbcCommandRepository implements CommandRepository {
    private static final String SELECT = "SELECT * FROM command";
    private final Jdbc jdbc;

    JdbcCommandRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Command create(Command c) {
        long id = jdbc.insert("INSERT INTO command (org_id, device_id, method, params, one_way, status, reply, error, created_by, "
                        + "created_on, expires_on, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                c.orgId(), c.deviceId(), c.method(), c.params(), c.oneWay(), c.status().name(), c.reply(), c.error(), c.createdBy(),
                c.createdOn(), c.expiresOn(), c.updatedOn());
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Command> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcCommandRepository::map, id); }

    @Override
    public Page<Command> byDevice(long deviceId, PageRequest page) {
        return jdbc.page("FROM command WHERE device_id = ?", "id DESC", page, JdbcCommandRepository::map, List.of(deviceId));
    }

    @Override
    public List<Command> queued(long deviceId, Instant now) {
        return jdbc.list(SELECT + " WHERE device_id = ? AND status = 'QUEUED' AND expires_on > ? ORDER BY id",
                JdbcCommandRepository::map, deviceId, now);
    }

    @Override
    public boolean transition(long id, Collection<CommandStatus> from, CommandStatus to, Instant at, String reply, String error) {
        List<Object> params = new ArrayList<>(java.util.Arrays.asList(to.name(), at, reply, error, id));
        from.forEach(s -> params.add(s.name()));
        return jdbc.update("UPDATE command SET status = ?, updated_on = ?, reply = COALESCE(?, reply), error = COALESCE(?, error) "
                + "WHERE id = ? AND status IN (" + Jdbc.placeholders(from.size()) + ")", params.toArray()) == 1;
    }

    @Override
    public List<Command> expire(Instant now) {
        String due = " WHERE expires_on <= ? AND (status IN ('QUEUED', 'SENT') OR (one_way = 0 AND status = 'DELIVERED'))";
        // The sweep runs every second and almost always finds nothing: look before taking the write lock,
        // so it does not make the ingest writer wait for SQLite's lock once a second for nothing.
        if (jdbc.list(SELECT + due + " LIMIT 1", JdbcCommandRepository::map, now).isEmpty()) return List.of();
        return jdbc.inTransaction(() -> {
            List<Command> expiring = jdbc.list(SELECT + due, JdbcCommandRepository::map, now);
            if (!expiring.isEmpty()) jdbc.update("UPDATE command SET status = 'EXPIRED', updated_on = ?" + due, now, now);
            return expiring.stream().map(c -> new Command(c.id(), c.orgId(), c.deviceId(), c.method(), c.params(), c.oneWay(),
                    CommandStatus.EXPIRED, c.reply(), c.error(), c.createdBy(), c.createdOn(), c.expiresOn(), now)).toList();
        });
    }

    private static Command map(ResultSet rs) throws SQLException {
        return new Command(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("device_id"), rs.getString("method"), rs.getString("params"),
                Rows.bool(rs, "one_way"), CommandStatus.valueOf(rs.getString("status")), rs.getString("reply"), rs.getString("error"),
                Rows.nullableLong(rs, "created_by"), Time.instant(rs, "created_on"), Time.instant(rs, "expires_on"), Time.instant(rs, "updated_on"));
    }
}
