package dev.feedline.core.feed;

import dev.feedline.core.Text;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.PersonalOrg;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Feed groups of a personal org. A feed created in a group carries the group's key in its full key
 * ("grp.temp") and is deleted with the group; other feeds may be added to and removed from a group.
 */
public final class FeedGroups {
    public static final int MAX_GROUPS = 1_000;
    private final MetadataStore store;
    private final Feeds feeds;
    private final Text text;
    private final Clock clock;

    public FeedGroups(MetadataStore store, Feeds feeds, Text text, Clock clock) {
        this.store = store;
        this.feeds = feeds;
        this.text = text;
        this.clock = clock;
    }

    public List<FeedGroup> list(PersonalOrg org) { return store.feeds().groups(org.orgId()); }

    /** A group by key, id or name; NOT_FOUND if none. */
    public FeedGroup get(PersonalOrg org, String ref) {
        Optional<FeedGroup> found = ref == null ? Optional.empty() : store.feeds().groupByKey(org.orgId(), ref);
        if (found.isEmpty() && ref != null && ref.chars().allMatch(Character::isDigit) && !ref.isEmpty() && ref.length() < 19) {
            found = store.feeds().groupById(Long.parseLong(ref)).filter(g -> g.orgId() == org.orgId());
        }
        if (found.isEmpty() && ref != null) found = list(org).stream().filter(g -> g.name().equals(ref)).findFirst();
        return found.orElseThrow(() -> FeedlineException.notFound("group " + ref));
    }

    public List<Feed> feeds(FeedGroup group) { return store.feeds().members(group.id()); }

    public List<FeedGroup> groupsOf(Feed feed) { return store.feeds().groupsOf(feed.id()); }

    public FeedGroup create(PersonalOrg org, String name, String key, String description) {
        if (list(org).size() >= MAX_GROUPS) throw FeedlineException.invalid("at most " + MAX_GROUPS + " groups per user");
        String cleanName = text.required("name", name == null ? key : name);
        String cleanKey = FeedKeys.keyOf("key", key, cleanName);
        if (store.feeds().groupByKey(org.orgId(), cleanKey).isPresent()) throw FeedlineException.conflictField("key", "a group with key " + cleanKey + " already exists");
        Instant now = clock.instant();
        return store.feeds().createGroup(new FeedGroup(0, org.orgId(), cleanKey, cleanName, text.optional("description", description), now, now));
    }

    /** Renames or re-describes a group; its key stays, since the full keys of its feeds are built from it. */
    public FeedGroup update(PersonalOrg org, String ref, String name, String description) {
        FeedGroup g = get(org, ref);
        FeedGroup updated = new FeedGroup(g.id(), g.orgId(), g.key(), name == null ? g.name() : text.required("name", name),
                description == null ? g.description() : text.optional("description", description), g.createdOn(), clock.instant());
        store.feeds().updateGroup(updated);
        return updated;
    }

    /** Deletes the group and the feeds created in it (with their values); the default group stays. */
    public FeedGroup delete(PersonalOrg org, String ref) {
        FeedGroup g = get(org, ref);
        if (g.isDefault()) throw FeedlineException.invalid("the default group cannot be deleted");
        for (Feed f : feeds(g)) if (f.groupId() == g.id()) feeds.delete(org, f.key());
        store.feeds().deleteGroup(g.id());
        return g;
    }

    public FeedGroup add(PersonalOrg org, String groupRef, String feedRef) {
        FeedGroup g = get(org, groupRef);
        store.feeds().addMember(g.id(), feeds.get(org, required(feedRef)).id());
        return g;
    }

    public FeedGroup remove(PersonalOrg org, String groupRef, String feedRef) {
        FeedGroup g = get(org, groupRef);
        Feed f = feeds.get(org, required(feedRef));
        if (f.groupId() == g.id()) throw FeedlineException.invalidField("feed_key", "a feed stays in the group its key names; delete it instead");
        store.feeds().removeMember(g.id(), f.id());
        return g;
    }

    /**
     * The feed a group's write names: a member by its own or full key, else a new feed created in the group
     * with the write's values (see {@link Feeds#target}).
     */
    public FeedTarget feedForWrite(PersonalOrg org, FeedGroup group, String key) {
        String k = required(key);
        Optional<Feed> member = member(group, k);
        if (member.isPresent()) return FeedTarget.of(member.get());
        return feeds.target(org, FeedKeys.full(group.key(), FeedKeys.keyOf("key", k, null), group.isDefault()));
    }

    /**
     * As {@link #feedForWrite(PersonalOrg, FeedGroup, String)} for a group named by key, id or name that may not
     * exist yet: then the group (named by its key) is created with the write's first new feed.
     */
    public FeedTarget feedForWrite(PersonalOrg org, String groupRef, String key) {
        FeedGroup group;
        try {
            group = get(org, groupRef);
        } catch (FeedlineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) throw e;
            String groupKey = FeedKeys.keyOf("group_key", groupRef, null);
            return feeds.target(org, FeedKeys.full(groupKey, FeedKeys.keyOf("key", required(key), null), false));
        }
        return feedForWrite(org, group, key);
    }

    /** The member of a group a key names: by its full key or by its key within the group. */
    public Optional<Feed> member(FeedGroup group, String key) {
        String inGroup = FeedKeys.full(group.key(), key, group.isDefault());
        return feeds(group).stream().filter(f -> f.key().equals(key) || f.key().equals(inGroup)).findFirst();
    }

    private static String required(String feedKey) {
        if (feedKey == null || feedKey.isBlank()) throw FeedlineException.invalidField("feed_key", "this field is required");
        return feedKey.trim();
    }
}
