package dev.feedline.model;

import java.time.Instant;

/** A named set of feeds of an org; every org with feeds has one keyed "default". */
public record FeedGroup(long id, long orgId, String key, String name, String description, Instant createdOn, Instant updatedOn) {
    public static final String DEFAULT_KEY = "default";

    public boolean isDefault() { return DEFAULT_KEY.equals(key); }
}
