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

    public Device withLabel(String newLabel) {
        return new Device(id, orgId, projectId, newLabel, active, externalId, lat, lon, state, tokenHash, claimedBy, claimedOn, lastSeen, createdOn);
    }

    public Device withTokenHash(String newHash) {
        return new Device(id, orgId, projectId, label, active, externalId, lat, lon, state, newHash, claimedBy, claimedOn, lastSeen, createdOn);
    }

    /** Claimed into a project by an account, or unclaimed when newProjectId is null. */
    public Device withClaim(Long newProjectId, Long by, Instant on) {
        return new Device(id, orgId, newProjectId, label, active, externalId, lat, lon, state, tokenHash, by, on, lastSeen, createdOn);
    }

    public Device withLocation(double newLat, double newLon) {
        return new Device(id, orgId, projectId, label, active, externalId, newLat, newLon, state, tokenHash, claimedBy, claimedOn, lastSeen, createdOn);
    }
}
