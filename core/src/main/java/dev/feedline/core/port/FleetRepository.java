package dev.feedline.core.port;

import dev.feedline.model.Fleet;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Fleets and their members (issue 17). */
public interface FleetRepository {
    Fleet create(long orgId, String name, String description, boolean isNetwork, Instant now, Long createdBy);

    Optional<Fleet> byId(long id);

    /** Fleets of these orgs by id; deviceId (when non-null) narrows to the fleets that device is in. */
    Page<Fleet> list(Collection<Long> orgIds, Long deviceId, PageRequest page);

    /** Stores name, description and isNetwork. */
    void update(Fleet fleet);

    void delete(long id);

    /** CONFLICT when the device is a member already. */
    void addMember(Fleet.Member member);

    /** False when the device was no member. */
    boolean removeMember(long fleetId, long deviceId);

    /** Members ordered by device id. */
    Page<Fleet.Member> members(long fleetId, PageRequest page);

    /** Ids of the active member devices, in id order (a deployment's scope). */
    List<Long> memberIds(long fleetId);
}
