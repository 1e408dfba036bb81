package dev.feedline.model;

import java.time.Instant;

/**
 * An Adafruit IO trigger (reactive or scheduled action), kept as the JSON the client sent: stored and
 * listed, not evaluated until a rules engine exists.
 */
public record FeedTrigger(long id, long orgId, String json, Instant createdOn, Instant updatedOn) {}
