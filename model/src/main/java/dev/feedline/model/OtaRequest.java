package dev.feedline.model;

import java.time.Instant;
import java.util.List;

/** A deployment request: a script for the devices of a fleet, or of the whole org, meeting every selection criterion. */
public record OtaRequest(long id, long orgId, long scriptId, Long fleetId, List<String> criteria, Instant releasedOn,
                         Instant completedOn, Instant createdOn, Long createdBy) {
    public OtaRequest { criteria = List.copyOf(criteria); }

    public boolean active() { return releasedOn != null && completedOn == null; }
}
