package dev.feedline.core.data;

import dev.feedline.core.port.DeviceRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each device was last heard from. Updated on every ingest, so it is kept in memory and
 * written to the store in one sweep by {@link #flush} (run periodically and at shutdown) rather than
 * once per point. The periodic flush runs on the ingest writer ({@link IngestQueue#runOnWriter}), so
 * on SQLite it never competes with a data commit for the write lock.
 */
public final class LastSeen {
    private final DeviceRepository devices;
    private final Map<Long, Instant> unsaved = new ConcurrentHashMap<>();

    public LastSeen(DeviceRepository devices) { this.devices = devices; }

    public void seen(long deviceId, Instant at) {
        unsaved.merge(deviceId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The newest not yet stored sighting, if any; callers fall back to the stored value. */
    public Optional<Instant> pending(long deviceId) { return Optional.ofNullable(unsaved.get(deviceId)); }

    /**
     * Stores what was seen since the last flush in one transaction. If that fails, the sightings are
     * kept for the next flush (a newer sighting meanwhile wins).
     */
    public void flush() {
        Map<Long, Instant> batch = new HashMap<>();
        for (Long deviceId : unsaved.keySet()) {
            Instant at = unsaved.remove(deviceId);
            if (at != null) batch.put(deviceId, at);
        }
        try {
            devices.touchAll(batch);
        } catch (RuntimeException e) {
            batch.forEach(this::seen);
            throw e;
        }
    }
}
