package dev.feedline.core.feed;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Account;
import dev.feedline.model.Feed;
import dev.feedline.model.Org;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which committed points are feed values, for the Adafruit IO MQTT fan-out: the feed a stream holds and
 * the username whose topics carry it. Every point goes past this, so the answer is cached per stream
 * (including "not a feed"): a feed's stream never changes, and a stream that is not a feed when its
 * points are committed never becomes one (a feed is created with its stream, in one transaction). The
 * feed itself is read fresh, since its key may be renamed.
 */
public final class FeedStreams {
    /** Streams remembered before the cache is cleared; a bound, not an eviction policy. */
    private static final int MAX_CACHED = 100_000;
    private final MetadataStore store;
    private final Map<Long, Optional<Owner>> owners = new ConcurrentHashMap<>();

    /** The feed a stream holds and the username of the feed's owner. */
    public record Owner(long feedId, String username) {}

    /** A feed with its owner's username. */
    public record OwnedFeed(Feed feed, String username) {}

    public FeedStreams(MetadataStore store) { this.store = store; }

    /** The feed whose values the stream holds, with its owner's username; empty for other streams or deleted feeds. */
    public Optional<OwnedFeed> feedOf(long streamId) {
        if (owners.size() > MAX_CACHED) owners.clear();
        Optional<Owner> owner = owners.computeIfAbsent(streamId, this::lookUp);
        return owner.flatMap(o -> store.feeds().byId(o.feedId()).map(f -> new OwnedFeed(f, o.username())));
    }

    private Optional<Owner> lookUp(long streamId) {
        return store.feeds().byStreamId(streamId).flatMap(feed -> ownerName(feed.orgId()).map(name -> new Owner(feed.id(), name)));
    }

    /** Feeds live in personal orgs, created by (and for) their owner. */
    private Optional<String> ownerName(long orgId) {
        return store.orgs().byId(orgId).map(Org::createdBy)
                .filter(accountId -> store.orgs().personalOrg(accountId).map(p -> p.orgId() == orgId).orElse(false))
                .flatMap(accountId -> store.accounts().byId(accountId)).map(Account::username);
    }
}
