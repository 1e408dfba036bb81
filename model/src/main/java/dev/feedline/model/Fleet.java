package dev.feedline.model;

import java.time.Instant;

/** A named group of an org's devices (IOTile fleet, slug g--). A device may be in several fleets. */
public record Fleet(long id, long orgId, String name, String description, boolean isNetwork, Instant createdOn, Long createdBy) {
    public String slug() { return Slugs.fleet(id); }

    /** A device's membership: an access point relays for the others; an always-on device is always reachable. */
    public record Member(long fleetId, long deviceId, boolean alwaysOn, boolean isAccessPoint) {}
}
