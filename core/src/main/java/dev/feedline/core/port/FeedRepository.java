package dev.feedline.core.port;

import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.FeedTrigger;
import java.util.List;
import java.util.Optional;

/**
 * Adafruit IO feeds, their groups and triggers. A feed belongs to its home group and to any group it
 * was added to; deleting its stream deletes the feed. Keys are unique per org (CONFLICT otherwise).
 */
public interface FeedRepository {
    /** Stores a new feed (id ignored) and makes it a member of its home group. */
    Feed create(Feed feed);

    Optional<Feed> byId(long id);
    Optional<Feed> byKey(long orgId, String key);
    /** The feed whose values a stream holds, if the stream is a feed's. */
    Optional<Feed> byStreamId(long streamId);
    /** The oldest feed of the org with this name, if any. */
    Optional<Feed> byName(long orgId, String name);
    /** Feeds of the org ordered by key. */
    List<Feed> byOrg(long orgId);

    /** Stores every field but id, orgId, streamId, readPointer and createdOn. */
    void update(Feed feed);

    void setReadPointer(long feedId, Long micros);

    /** Hash of the secret token that lets webhooks post to the feed; null removes it. */
    void setWebhookTokenHash(long feedId, String hash);
    Optional<Feed> byWebhookTokenHash(String hash);

    FeedGroup createGroup(FeedGroup group);
    Optional<FeedGroup> groupById(long id);
    Optional<FeedGroup> groupByKey(long orgId, String key);
    /** Groups of the org ordered by key. */
    List<FeedGroup> groups(long orgId);
    /** Stores key, name, description and updatedOn. */
    void updateGroup(FeedGroup group);
    /** Deletes the group and its memberships (not the feeds). */
    void deleteGroup(long groupId);

    /** Member feeds of a group ordered by key. */
    List<Feed> members(long groupId);
    /** Groups a feed is a member of, ordered by key. */
    List<FeedGroup> groupsOf(long feedId);
    void addMember(long groupId, long feedId);
    void removeMember(long groupId, long feedId);

    FeedTrigger createTrigger(FeedTrigger trigger);
    Optional<FeedTrigger> trigger(long id);
    List<FeedTrigger> triggers(long orgId);
    /** Stores json and updatedOn. */
    void updateTrigger(FeedTrigger trigger);
    void deleteTrigger(long id);
}
