package dev.feedline.store.jdbc;

import dev.feedline.core.events.OutboxCodec;
import dev.feedline.core.port.EventOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The event outbox and consumer cursors in the event_outbox and event_cursor tables. */
final class JdbcEventOutbox implements EventOutbox {
    private final Jdbc jdbc;

    JdbcEventOutbox(Jdbc jdbc) { this.jdbc = jdbc; }

    /**
     * Records an event on the connection of a transaction under way, as its last statement: the row commits with the
     * change or not at all. Positions follow commit order (see {@link Dialect#outboxInsert}).
     */
    static void record(Connection c, Dialect dialect, OutboxCodec.Encoded event, Clock clock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.outboxInsert())) {
            ps.setString(1, event.kind());
            ps.setLong(2, Time.micros(clock.instant()));
            ps.setString(3, event.payload());
            ps.executeUpdate();
        }
    }

    @Override
    public List<Recorded> after(long position, int limit) {
        return jdbc.list("SELECT position, kind, recorded_at, payload FROM event_outbox WHERE position > ? ORDER BY position LIMIT ?",
                rs -> new Recorded(rs.getLong(1), rs.getString(2), Time.instant(rs.getLong(3)), rs.getString(4)), position, limit);
    }

    @Override
    public long cursor(String consumer) {
        return jdbc.inTransaction(() -> {
            // "WHERE true": without it SQLite would read ON CONFLICT as a join constraint of the SELECT.
            jdbc.update("INSERT INTO event_cursor (consumer, position) SELECT ?, coalesce(max(position), 0) FROM event_outbox WHERE true"
                    + " ON CONFLICT (consumer) DO NOTHING", consumer);
            return jdbc.one("SELECT position FROM event_cursor WHERE consumer = ?", rs -> rs.getLong(1), consumer).orElseThrow();
        });
    }

    @Override
    public void adopt(String family, List<String> consumers) {
        jdbc.inTransaction(() -> {
            String members = "(consumer = ? OR consumer LIKE ?)";
            Long lowest = jdbc.one("SELECT position FROM event_cursor WHERE " + members + " ORDER BY position LIMIT 1", rs -> rs.getLong(1),
                    family, family + "-%").orElse(null);
            for (String consumer : consumers) {
                if (lowest == null) cursor(consumer); // a new family: from now on, as any new consumer
                else jdbc.update("INSERT INTO event_cursor (consumer, position) VALUES (?, ?) ON CONFLICT (consumer) DO NOTHING", consumer, lowest);
            }
            List<Object> params = new java.util.ArrayList<>(List.of(family, family + "-%"));
            params.addAll(consumers);
            String kept = consumers.isEmpty() ? "" : " AND consumer NOT IN (" + Jdbc.placeholders(consumers.size()) + ")";
            jdbc.update("DELETE FROM event_cursor WHERE " + members + kept, params.toArray());
            return null;
        });
    }

    @Override
    public void advance(String consumer, long position) {
        jdbc.update("INSERT INTO event_cursor (consumer, position) VALUES (?, ?)"
                + " ON CONFLICT (consumer) DO UPDATE SET position = excluded.position WHERE event_cursor.position < excluded.position", consumer, position);
    }

    @Override
    public long prune(Instant olderThan) {
        return jdbc.update("DELETE FROM event_outbox WHERE position <= (SELECT coalesce(min(position), " + Long.MAX_VALUE + ") FROM event_cursor)"
                + " OR recorded_at < ?", Time.micros(olderThan));
    }
}
