package dev.feedline.model;

import java.time.Instant;

/**
 * A device. Its id is the 48-bit number in its d-- slug; projectId is null while unclaimed.
 * The access token is stored only as a hash.
 */
public record Device(long id, long orgId, Long projectId, String label, boolean active, String externalId,
                     Double lat, Double lon, String state, String tokenHash, Long claimedBy, Instant claimedOn,
                     Instant lastSeen, Instant createdOn) {
    public String slug() { return Slugs.device(id); }

    public boolean claimed() { return projectId != null; }
}
