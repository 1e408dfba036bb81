package dev.feedline.core.device;

import dev.feedline.core.Limits;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.Device;
import dev.feedline.model.Property;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ThingsBoard attributes on the IOTile model. Client attributes, which the device writes, are the
 * device's properties. Shared attributes, which users write and the device reads, are the device's
 * config attributes: shared key {@code k} is config attribute {@code :k} on target {@code d--…}, so
 * POST /api/v1/config/attr/ {"target": "d--…", "name": ":k", "data": …} pushes {"k": …} to the device.
 */
public final class DeviceAttributes {
    /** A client attribute value: type is int, float, bool, str or json; value is its text form. */
    public record Value(String type, String value) {}

    /** Both scopes of a device's attributes, values as JSON text for shared ones. */
    public record Snapshot(Map<String, Value> client, Map<String, String> shared) {}

    private final MetadataStore store;
    private final Limits limits;

    public DeviceAttributes(MetadataStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Stores client attributes of the device, all or none. */
    public void putClient(Device device, Map<String, Value> attributes) {
        if (attributes.size() > limits.maxPointsPerRequest()) throw FeedlineException.invalid("too many attributes in one message");
        attributes.forEach((key, v) -> {
            if (key.isBlank() || key.length() > limits.maxStringLength()) throw FeedlineException.invalidField("key", "attribute keys must be 1 to " + limits.maxStringLength() + " characters");
            if (v.value().length() > limits.maxValueLength()) throw FeedlineException.invalidField(key, "longer than " + limits.maxValueLength() + " characters");
        });
        store.inTransaction(() -> {
            attributes.forEach((key, v) -> store.properties().upsert(device.orgId(), device.slug(), key, v.type(), v.value(), false));
            return null;
        });
    }

    /** The named attributes (null = all of that scope). */
    public Snapshot read(Device device, Collection<String> clientKeys, Collection<String> sharedKeys) {
        Map<String, Value> client = new LinkedHashMap<>();
        for (Property p : store.properties().byTarget(device.slug())) {
            if (clientKeys == null || clientKeys.contains(p.name())) client.put(p.name(), new Value(p.type(), p.value()));
        }
        Map<String, String> shared = new LinkedHashMap<>();
        List<ConfigAttribute> configs = store.configs().byTarget(device.slug());
        for (ConfigAttribute a : configs) {
            String key = sharedKey(a.name());
            if (sharedKeys == null || sharedKeys.contains(key)) shared.put(key, a.data());
        }
        return new Snapshot(client, shared);
    }

    /** The shared attribute key of a config attribute name (":k" → "k"). */
    public static String sharedKey(String configName) { return configName.substring(1); }
}
