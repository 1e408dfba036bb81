package dev.feedline.core.device;

import dev.feedline.model.Command;
import dev.feedline.model.Device;

/**
 * A way to reach devices with commands (the MQTT broker, an HTTP long poll). Implemented by the
 * protocol adapters and registered with {@link Commands}.
 */
public interface CommandChannel {
    /** Whether the device can be reached through this channel right now. */
    boolean reachable(Device device);

    /**
     * Sends a command already marked sent. Must not block. If it turns out the device could not take
     * it after all, call {@link Commands#requeue}; confirmation comes through {@link Commands#delivered}.
     */
    void send(Device device, Command command);
}
