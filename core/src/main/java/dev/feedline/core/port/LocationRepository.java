package dev.feedline.core.port;

import dev.feedline.model.DeviceLocation;
import java.time.Instant;

public interface LocationRepository {
    DeviceLocation create(long deviceId, Instant timestamp, double lat, double lon, long userId);

    /** Locations of the device in the range ordered by timestamp. */
    Page<DeviceLocation> list(long deviceId, TimeRange range, PageRequest page);
}
