package dev.feedline.core.feed;

import dev.feedline.model.Feed;
import java.util.function.Supplier;

/**
 * The feed a write names: one that exists, or one the write creates (Adafruit IO creates feeds, and the
 * groups their keys name, on first publish). A new feed is created by the ingest writer in the transaction
 * that stores its values, so a write that is refused or fails creates no feed, group or membership.
 */
public final class FeedTarget {
    private final Feed existing;
    private final String fullKey;
    private final Supplier<Feed> create;
    private volatile Feed created;

    private FeedTarget(Feed existing, String fullKey, Supplier<Feed> create) {
        this.existing = existing;
        this.fullKey = fullKey;
        this.create = create;
    }

    public static FeedTarget of(Feed feed) { return new FeedTarget(feed, feed.key(), null); }

    /** A feed to create with the write's values; create finds or creates it in the current metadata transaction. */
    static FeedTarget toCreate(String fullKey, Supplier<Feed> create) { return new FeedTarget(null, fullKey, create); }

    public boolean exists() { return existing != null; }

    /** The feed's full key ("temp", "grp.temp"). */
    public String fullKey() { return fullKey; }

    /** The feed; for a new one, known once the write has committed. */
    public Feed feed() {
        if (existing != null) return existing;
        if (created == null) throw new IllegalStateException("feed " + fullKey + " is created when its write commits");
        return created;
    }

    /** Finds or creates the feed; run by the ingest writer inside the transaction that stores the values. */
    Feed create() {
        Feed feed = create.get();
        created = feed;
        return feed;
    }

    /** Another target of the same write named this feed too and created it. */
    void createdAs(Feed feed) { created = feed; }
}
