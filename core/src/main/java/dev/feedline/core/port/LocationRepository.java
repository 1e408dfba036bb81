package dev.feedline.core.port;

import dev.feedline.model.DeviceLocation;
import java.time.Instant;

public interface LocationRepository {
    DeviceLocation create(long deviceId, Instant timestamp, double lat, double lon, long userId);

    /** Locations of the device in the range ordered by timestamp (not those archived into its data blocks). */
    Page<DeviceLocation> list(long deviceId, TimeRange range, PageRequest page);

    /** Locations archived into a data block, ordered by timestamp; their deviceId is the block's key. */
    Page<DeviceLocation> listOfBlock(dev.feedline.model.DataBlock block, TimeRange range, PageRequest page);
}
