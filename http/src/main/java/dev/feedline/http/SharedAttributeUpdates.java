package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.annotate.ConfigService;
import dev.feedline.json.ThingsBoardJson;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.Device;
import java.util.concurrent.CompletableFuture;

/**
 * Shared-attribute updates over HTTP: GET /api/v1/{token}/attributes/updates waits for the device's
 * next shared-attribute change (a config attribute ":k" on the device). Every waiting poll of the
 * device gets it; a change while no poll waits is not kept, as in ThingsBoard (the device reads the
 * current values with GET /attributes).
 */
final class SharedAttributeUpdates implements ConfigService.DeviceConfigListener {
    private final DevicePolls<ObjectNode> polls = new DevicePolls<>();

    @Override
    public void changed(Device device, ConfigAttribute attribute) {
        if (polls.waiting(device.id())) polls.offerAll(device.id(), ThingsBoardJson.sharedAttributeUpdate(attribute));
    }

    CompletableFuture<ObjectNode> next(Device device) { return polls.await(device.id()); }

    DevicePolls<ObjectNode> polls() { return polls; }
}
