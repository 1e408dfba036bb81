package dev.feedline.core.port;

import dev.feedline.model.Device;
import java.time.Instant;
import java.util.Map;
import java.util.Collection;
import java.util.Optional;

public interface DeviceRepository {
    /** Creates an unclaimed device with the next sequential id. */
    Device create(long orgId, String label, String externalId, String tokenHash, Instant now);

    Optional<Device> byId(long id);
    Optional<Device> byTokenHash(String tokenHash);

    /** The devices of these ids that exist, in one read (GraphQL batches "each stream's device" into it). */
    java.util.List<Device> byIds(Collection<Long> ids);

    /**
     * Devices of these orgs ordered by id; projectId narrows to one project when non-null;
     * includeInactive false hides inactive devices.
     */
    Page<Device> list(Collection<Long> orgIds, Long projectId, boolean includeInactive, PageRequest page);

    /** Stores every mutable field: projectId, label, active, externalId, lat, lon, state, tokenHash, claim and lastSeen. */
    void update(Device device);

    /** Moves each device's lastSeen forward (never backwards), all in one transaction. */
    void touchAll(Map<Long, Instant> lastSeen);

    /** Deletes the device and its streams' metadata. */
    void delete(long deviceId);
}
