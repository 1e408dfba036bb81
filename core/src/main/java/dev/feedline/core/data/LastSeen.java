package dev.feedline.core.data;

import dev.feedline.core.port.DeviceRepository;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each device was last heard from. Updated on every ingest, so it is kept in memory and
 * written to the store in one sweep by {@link #flush} (run periodically and at shutdown) rather than
 * once per point.
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

    public void flush() {
        for (Long deviceId : unsaved.keySet()) {
            Instant at = unsaved.remove(deviceId);
            if (at != null) devices.touch(deviceId, at);
        }
    }
}
