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
     * Hands a queued command to the device. Must not block. Completes with true once the device took
     * it (its session accepted the message; {@link Commands} then marks it sent), false if it could not
     * after all (say, it is connected but not subscribed for commands): the command then stays queued.
     * Confirmation of receipt comes through {@link Commands#delivered}, possibly before this completes.
     */
    java.util.concurrent.CompletableFuture<Boolean> send(Device device, Command command);
}
