package dev.feedline.model;

import java.time.Instant;

/** A stream alias: a virtual stream stitched from pieces of physical streams by its taps (a-- slug from its id). */
public record StreamAlias(long id, long orgId, String name, Instant createdOn, Long createdBy) {
    public String slug() { return Slugs.alias(id); }
}
