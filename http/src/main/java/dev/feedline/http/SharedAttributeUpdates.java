package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.json.ThingsBoardJson;
import dev.feedline.model.Device;
import java.util.concurrent.CompletableFuture;

/**
 * Shared-attribute updates over HTTP: GET /api/v1/{token}/attributes/updates waits for the device's
 * next shared-attribute change (a config attribute ":k" on the device). Every waiting poll of the
 * device gets it; a change while no poll waits is not kept, as in ThingsBoard (the device reads the
 * current values with GET /attributes).
 */
final class SharedAttributeUpdates {
    private final DevicePolls<ObjectNode> polls = new DevicePolls<>();

    /** A config attribute of a device changed: every poll of the device waiting now gets it. */
    void changed(DomainEvent.ConfigChanged event) {
        Device device = event.device();
        if (polls.waiting(device.id())) polls.offerAll(device.id(), ThingsBoardJson.sharedAttributeUpdate(event.attribute()));
    }

    CompletableFuture<ObjectNode> next(Device device) { return polls.await(device.id()); }

    DevicePolls<ObjectNode> polls() { return polls; }
}
