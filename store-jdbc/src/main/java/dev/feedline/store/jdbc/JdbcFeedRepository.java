package dev.feedline.store.jdbc;

import dev.feedline.core.port.FeedRepository;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.FeedTrigger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Feeds, feed groups (with their members) and triggers; a feed goes with its stream through the foreign key. */
final class JdbcFeedRepository implements FeedRepository {
    private static final String SELECT = "SELECT * FROM feed";
    private static final String SELECT_GROUP = "SELECT * FROM feed_group";
    private final Jdbc jdbc;

    JdbcFeedRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Feed create(Feed f) {
        return jdbc.inTransaction(() -> {
            long id = jdbc.insert("INSERT INTO feed (org_id, stream_id, group_id, key, name, description, unit_type, unit_symbol, visibility,"
                            + " license, history, status_notify, status_timeout, created_on, updated_on)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    f.orgId(), f.streamId(), f.groupId(), f.key(), f.name(), f.description(), f.unitType(), f.unitSymbol(), f.visibility(),
                    f.license(), f.history(), f.statusNotify(), f.statusTimeout(), f.createdOn(), f.updatedOn());
            addMember(f.groupId(), id);
            return byId(id).orElseThrow();
        });
    }

    @Override
    public Optional<Feed> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcFeedRepository::map, id); }

    @Override
    public Optional<Feed> byStreamId(long streamId) { return jdbc.one(SELECT + " WHERE stream_id = ?", JdbcFeedRepository::map, streamId); }

    @Override
    public Optional<Feed> byKey(long orgId, String key) {
        return jdbc.one(SELECT + " WHERE org_id = ? AND key = ?", JdbcFeedRepository::map, orgId, key);
    }

    @Override
    public Optional<Feed> byName(long orgId, String name) {
        return jdbc.one(SELECT + " WHERE org_id = ? AND name = ? ORDER BY id LIMIT 1", JdbcFeedRepository::map, orgId, name);
    }

    @Override
    public List<Feed> byOrg(long orgId) { return jdbc.list(SELECT + " WHERE org_id = ? ORDER BY key", JdbcFeedRepository::map, orgId); }

    @Override
    public void update(Feed f) {
        jdbc.update("UPDATE feed SET group_id = ?, key = ?, name = ?, description = ?, unit_type = ?, unit_symbol = ?, visibility = ?,"
                        + " license = ?, history = ?, status_notify = ?, status_timeout = ?, updated_on = ? WHERE id = ?",
                f.groupId(), f.key(), f.name(), f.description(), f.unitType(), f.unitSymbol(), f.visibility(), f.license(), f.history(),
                f.statusNotify(), f.statusTimeout(), f.updatedOn(), f.id());
    }

    @Override
    public void setReadPointer(long feedId, Long micros) { jdbc.update("UPDATE feed SET read_pointer = ? WHERE id = ?", micros, feedId); }

    @Override
    public void setWebhookTokenHash(long feedId, String hash) {
        jdbc.update("UPDATE feed SET webhook_token_hash = ? WHERE id = ?", hash, feedId);
    }

    @Override
    public Optional<Feed> byWebhookTokenHash(String hash) {
        return jdbc.one(SELECT + " WHERE webhook_token_hash = ?", JdbcFeedRepository::map, hash);
    }

    @Override
    public FeedGroup createGroup(FeedGroup g) {
        long id = jdbc.insert("INSERT INTO feed_group (org_id, key, name, description, created_on, updated_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                g.orgId(), g.key(), g.name(), g.description(), g.createdOn(), g.updatedOn());
        return groupById(id).orElseThrow();
    }

    @Override
    public Optional<FeedGroup> groupById(long id) { return jdbc.one(SELECT_GROUP + " WHERE id = ?", JdbcFeedRepository::mapGroup, id); }

    @Override
    public Optional<FeedGroup> groupByKey(long orgId, String key) {
        return jdbc.one(SELECT_GROUP + " WHERE org_id = ? AND key = ?", JdbcFeedRepository::mapGroup, orgId, key);
    }

    @Override
    public List<FeedGroup> groups(long orgId) {
        return jdbc.list(SELECT_GROUP + " WHERE org_id = ? ORDER BY key", JdbcFeedRepository::mapGroup, orgId);
    }

    @Override
    public void updateGroup(FeedGroup g) {
        jdbc.update("UPDATE feed_group SET key = ?, name = ?, description = ?, updated_on = ? WHERE id = ?",
                g.key(), g.name(), g.description(), g.updatedOn(), g.id());
    }

    @Override
    public void deleteGroup(long groupId) { jdbc.update("DELETE FROM feed_group WHERE id = ?", groupId); }

    @Override
    public List<Feed> members(long groupId) {
        return jdbc.list("SELECT f.* FROM feed f JOIN feed_group_member m ON m.feed_id = f.id WHERE m.group_id = ? ORDER BY f.key",
                JdbcFeedRepository::map, groupId);
    }

    @Override
    public List<FeedGroup> groupsOf(long feedId) {
        return jdbc.list("SELECT g.* FROM feed_group g JOIN feed_group_member m ON m.group_id = g.id WHERE m.feed_id = ? ORDER BY g.key",
                JdbcFeedRepository::mapGroup, feedId);
    }

    @Override
    public void addMember(long groupId, long feedId) {
        jdbc.update("INSERT INTO feed_group_member (group_id, feed_id) VALUES (?, ?) ON CONFLICT (group_id, feed_id) DO NOTHING", groupId, feedId);
    }

    @Override
    public void removeMember(long groupId, long feedId) {
        jdbc.update("DELETE FROM feed_group_member WHERE group_id = ? AND feed_id = ?", groupId, feedId);
    }

    @Override
    public FeedTrigger createTrigger(FeedTrigger t) {
        long id = jdbc.insert("INSERT INTO feed_trigger (org_id, json, created_on, updated_on) VALUES (?, ?, ?, ?) RETURNING id",
                t.orgId(), t.json(), t.createdOn(), t.updatedOn());
        return trigger(id).orElseThrow();
    }

    @Override
    public Optional<FeedTrigger> trigger(long id) {
        return jdbc.one("SELECT * FROM feed_trigger WHERE id = ?", JdbcFeedRepository::mapTrigger, id);
    }

    @Override
    public List<FeedTrigger> triggers(long orgId) {
        return jdbc.list("SELECT * FROM feed_trigger WHERE org_id = ? ORDER BY id", JdbcFeedRepository::mapTrigger, orgId);
    }

    @Override
    public void updateTrigger(FeedTrigger t) {
        jdbc.update("UPDATE feed_trigger SET json = ?, updated_on = ? WHERE id = ?", t.json(), t.updatedOn(), t.id());
    }

    @Override
    public void deleteTrigger(long id) { jdbc.update("DELETE FROM feed_trigger WHERE id = ?", id); }

    private static Feed map(ResultSet rs) throws SQLException {
        return new Feed(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("stream_id"), rs.getLong("group_id"), rs.getString("key"),
                rs.getString("name"), rs.getString("description"), rs.getString("unit_type"), rs.getString("unit_symbol"),
                rs.getString("visibility"), rs.getString("license"), Rows.bool(rs, "history"), Rows.bool(rs, "status_notify"),
                rs.getInt("status_timeout"), Rows.nullableLong(rs, "read_pointer"), Time.instant(rs, "created_on"), Time.instant(rs, "updated_on"));
    }

    private static FeedGroup mapGroup(ResultSet rs) throws SQLException {
        return new FeedGroup(rs.getLong("id"), rs.getLong("org_id"), rs.getString("key"), rs.getString("name"), rs.getString("description"),
                Time.instant(rs, "created_on"), Time.instant(rs, "updated_on"));
    }

    private static FeedTrigger mapTrigger(ResultSet rs) throws SQLException {
        return new FeedTrigger(rs.getLong("id"), rs.getLong("org_id"), rs.getString("json"), Time.instant(rs, "created_on"), Time.instant(rs, "updated_on"));
    }
}
