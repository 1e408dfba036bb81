package dev.feedline.http.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.model.Alarm;
import dev.feedline.model.Command;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceLocation;
import dev.feedline.model.Stream;
import java.time.Instant;

/**
 * What a {@link LiveHub} follower is told, on the hub's delivery thread; each method must return at once (queue, never
 * block). The JSON records are built once per event for every listener (the live API's message bodies).
 */
public interface LiveListener {
    default void point(DataPoint point, Stream stream, String committed, JsonNode record) {}

    default void presence(Device device, boolean online, Instant at) {}

    default void alarm(Alarm alarm, String change, JsonNode record) {}

    default void location(Device device, DeviceLocation location) {}

    default void command(Command command) {}

    /** Work was dropped before it reached any listener (the hub fell behind): count batches, not messages. */
    default void missed(long count) {}
}
