package dev.feedline.model;

import java.time.Instant;

/**
 * An Adafruit IO feed: a virtual stream (no device) of its org's feed project, with the metadata
 * Adafruit clients read. {@code key} is the full key ("temp", or "grp.temp" for a feed created in
 * group grp), unique in the org; {@code groupId} is that home group (the org's "default" group for a
 * bare key). {@code readPointerMicros} is the timestamp of the last value read through the queue
 * helpers (first, last, next), null before any.
 */
public record Feed(long id, long orgId, long streamId, long groupId, String key, String name, String description,
                   String unitType, String unitSymbol, String visibility, String license, boolean history,
                   boolean statusNotify, int statusTimeout, Long readPointerMicros, Instant createdOn, Instant updatedOn) {

    public Feed withReadPointer(Long micros) {
        return new Feed(id, orgId, streamId, groupId, key, name, description, unitType, unitSymbol, visibility, license,
                history, statusNotify, statusTimeout, micros, createdOn, updatedOn);
    }
}
