package dev.feedline.model;

import java.time.Instant;
import java.util.UUID;

/** A project groups devices that measure the same things; gid is the 32-bit number in its p-- slug. */
public record Project(long id, UUID uuid, int gid, long orgId, String name, String about, long createdBy, Instant createdOn) {
    public String slug() { return Slugs.project(gid); }
}
