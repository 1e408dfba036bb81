package dev.feedline.core.feed;

import dev.feedline.core.Text;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.stream.StreamService;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.PersonalOrg;
import dev.feedline.model.Project;
import dev.feedline.model.Stream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Feeds of a personal org. Each feed is a virtual stream of the org's feed project (its variable is
 * named after the feed's full key), so its values are ordinary data points: in the native API, live
 * subscriptions and the UI. A feed is found by full key, then numeric id, then name, as Adafruit IO
 * clients expect; an unknown key may be created on first write ({@link #ensure}).
 */
public final class Feeds {
    public static final int MAX_FEEDS = 10_000;
    /** status_timeout is in minutes; Adafruit IO allows up to a month. */
    public static final int MAX_STATUS_TIMEOUT = 43_200;
    private static final Set<String> VISIBILITIES = Set.of("private", "public");
    private final MetadataStore store;
    private final StreamService streams;
    private final Text text;
    private final Clock clock;

    public Feeds(MetadataStore store, StreamService streams, Text text, Clock clock) {
        this.store = store;
        this.streams = streams;
        this.text = text;
        this.clock = clock;
    }

    public List<Feed> list(PersonalOrg org) { return store.feeds().byOrg(org.orgId()); }

    /** The feed a client names by full key, id or name; NOT_FOUND if none. */
    public Feed get(PersonalOrg org, String ref) { return find(org, ref).orElseThrow(() -> FeedlineException.notFound("feed " + ref)); }

    public Optional<Feed> find(PersonalOrg org, String ref) {
        if (ref == null || ref.isEmpty() || ref.length() > text.maxLength()) return Optional.empty();
        Optional<Feed> byKey = store.feeds().byKey(org.orgId(), ref);
        if (byKey.isEmpty() && !ref.equals(ref.toLowerCase(Locale.ROOT))) byKey = store.feeds().byKey(org.orgId(), ref.toLowerCase(Locale.ROOT));
        if (byKey.isPresent()) return byKey;
        if (ref.chars().allMatch(Character::isDigit) && ref.length() < 19) {
            Optional<Feed> byId = store.feeds().byId(Long.parseLong(ref)).filter(f -> f.orgId() == org.orgId());
            if (byId.isPresent()) return byId;
        }
        return store.feeds().byName(org.orgId(), ref);
    }

    /**
     * The feed a write names, to be created when it does not exist (Adafruit IO creates feeds on first
     * publish): a full key "k" goes to the default group, "grp.k" to group grp (created too). Only reads:
     * everything the creation would refuse is refused here, and the feed is created by the ingest writer
     * with the write's values ({@link FeedTarget}).
     */
    public FeedTarget target(PersonalOrg org, String ref) {
        Optional<Feed> found = find(org, ref);
        if (found.isPresent()) return FeedTarget.of(found.get());
        if (ref == null || !FeedKeys.isFullKey(ref)) throw FeedlineException.invalidField("feed_key", "not a valid feed key: letters, digits, '-' and one '.'");
        int dot = ref.indexOf('.');
        String groupKey = dot < 0 ? null : FeedKeys.keyOf("group_key", ref.substring(0, dot), null);
        String key = FeedKeys.keyOf("key", dot < 0 ? ref : ref.substring(dot + 1), null);
        text.required("name", key);
        if (store.feeds().byOrg(org.orgId()).size() >= MAX_FEEDS) throw FeedlineException.invalid("at most " + MAX_FEEDS + " feeds per user");
        FeedGroup group = groupKey == null ? defaultGroup(org) : store.feeds().groupByKey(org.orgId(), groupKey).orElse(null);
        if (group == null && store.feeds().groups(org.orgId()).size() >= FeedGroups.MAX_GROUPS) {
            throw FeedlineException.invalid("at most " + FeedGroups.MAX_GROUPS + " groups per user");
        }
        String fullKey = group == null ? groupKey + "." + key : FeedKeys.full(group.key(), key, group.isDefault());
        return FeedTarget.toCreate(fullKey, () -> createOnWrite(org, groupKey, fullKey, key));
    }

    /** Runs inside the transaction of the write's values (see {@link #target}). */
    private Feed createOnWrite(PersonalOrg org, String groupKey, String fullKey, String key) {
        // An earlier write created it since the target was chosen.
        Optional<Feed> made = store.feeds().byKey(org.orgId(), fullKey);
        if (made.isPresent()) return made.get();
        FeedGroup group = groupKey == null ? defaultGroup(org) : store.feeds().groupByKey(org.orgId(), groupKey).orElseGet(() -> {
            Instant now = clock.instant();
            return store.feeds().createGroup(new FeedGroup(0, org.orgId(), groupKey, groupKey, null, now, now));
        });
        return create(org, group, FeedFields.named(key));
    }

    /** The stream of a feed just created in the current transaction, read past the stream cache (it may still roll back). */
    Stream newStream(Feed feed) {
        return store.streams().byId(feed.streamId()).orElseThrow(() -> FeedlineException.notFound("stream of feed " + feed.key()));
    }

    public FeedGroup defaultGroup(PersonalOrg org) {
        return store.feeds().groupByKey(org.orgId(), FeedGroup.DEFAULT_KEY).orElseThrow(() -> FeedlineException.notFound("default group"));
    }

    /** A new feed in group (the default group when null); CONFLICT when its key is taken. */
    public Feed create(PersonalOrg org, FeedGroup group, FeedFields f) {
        if (f.name() == null && f.key() == null) throw FeedlineException.invalidField("name", "this field is required");
        if (store.feeds().byOrg(org.orgId()).size() >= MAX_FEEDS) throw FeedlineException.invalid("at most " + MAX_FEEDS + " feeds per user");
        FeedGroup home = group == null ? defaultGroup(org) : group;
        String name = text.required("name", f.name() == null ? f.key() : f.name());
        String key = FeedKeys.full(home.key(), FeedKeys.keyOf("key", f.key(), name), home.isDefault());
        if (store.feeds().byKey(org.orgId(), key).isPresent()) throw FeedlineException.conflictField("key", "a feed with key " + key + " already exists");
        Feed draft = apply(new Feed(0, org.orgId(), 0, home.id(), key, name, null, null, null, "private", null, true, false, 60, null,
                clock.instant(), clock.instant()), f, false);
        Project project = store.projects().byId(org.projectId()).orElseThrow(() -> FeedlineException.notFound("feed project"));
        return store.inTransaction(() -> {
            Stream stream = streams.forVirtualKey(project, key);
            return store.feeds().create(new Feed(0, draft.orgId(), stream.id(), draft.groupId(), draft.key(), draft.name(), draft.description(),
                    draft.unitType(), draft.unitSymbol(), draft.visibility(), draft.license(), draft.history(), draft.statusNotify(),
                    draft.statusTimeout(), null, draft.createdOn(), draft.updatedOn()));
        });
    }

    public Feed update(PersonalOrg org, String ref, FeedFields f) {
        Feed feed = get(org, ref);
        Feed updated = apply(feed, f, true);
        if (!updated.key().equals(feed.key()) && store.feeds().byKey(org.orgId(), updated.key()).isPresent()) {
            throw FeedlineException.conflictField("key", "a feed with key " + updated.key() + " already exists");
        }
        if (updated.key().equals(feed.key())) {
            store.feeds().update(updated);
            return updated;
        }
        // The feed's variable is named by its key (so a publish to a key finds its stream): a new key
        // renames it, and the old key is free for a new feed.
        Stream stream = stream(feed);
        store.inTransaction(() -> {
            store.variables().byId(stream.variableId()).ifPresent(v -> store.variables().update(
                    new dev.feedline.model.Variable(v.id(), v.projectId(), v.lid(), updated.key(), v.units(), v.about(), v.createdOn())));
            store.feeds().update(updated);
            return null;
        });
        streams.evictAll();
        return updated;
    }

    /** Deletes the feed with its stream and every value. */
    public Feed delete(PersonalOrg org, String ref) {
        Feed feed = get(org, ref);
        Stream stream = streams.byId(feed.streamId());
        if (stream != null) streams.deleteAll(List.of(stream));
        return feed;
    }

    public Stream stream(Feed feed) {
        Stream stream = streams.byId(feed.streamId());
        if (stream == null) throw FeedlineException.notFound("stream of feed " + feed.key());
        return stream;
    }

    /** The feed with f's non-null fields applied and checked; a new key keeps the feed in its home group. */
    private Feed apply(Feed feed, FeedFields f, boolean rekey) {
        String key = feed.key();
        if (rekey && f.key() != null) {
            FeedGroup home = store.feeds().groupById(feed.groupId()).orElseThrow();
            key = FeedKeys.full(home.key(), FeedKeys.keyOf("key", f.key(), null), home.isDefault());
        }
        String visibility = f.visibility() == null ? feed.visibility() : f.visibility().trim().toLowerCase(Locale.ROOT);
        if (!VISIBILITIES.contains(visibility)) throw FeedlineException.invalidField("visibility", "private or public");
        int timeout = f.statusTimeout() == null ? feed.statusTimeout() : f.statusTimeout();
        if (timeout < 0 || timeout > MAX_STATUS_TIMEOUT) throw FeedlineException.invalidField("status_timeout", "minutes, 0 to " + MAX_STATUS_TIMEOUT);
        return new Feed(feed.id(), feed.orgId(), feed.streamId(), feed.groupId(), key,
                f.name() == null ? feed.name() : text.required("name", f.name()),
                or(text.optional("description", f.description()), feed.description()), or(text.optional("unit_type", f.unitType()), feed.unitType()),
                or(text.optional("unit_symbol", f.unitSymbol()), feed.unitSymbol()), visibility, or(text.optional("license", f.license()), feed.license()),
                f.history() == null ? feed.history() : f.history(), f.statusNotify() == null ? feed.statusNotify() : f.statusNotify(),
                timeout, feed.readPointerMicros(), feed.createdOn(), clock.instant());
    }

    private static String or(String value, String fallback) { return value == null ? fallback : value; }
}
