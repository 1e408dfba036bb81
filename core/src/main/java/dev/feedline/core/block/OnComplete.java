package dev.feedline.core.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Text;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Device;
import java.util.Iterator;
import java.util.Set;

/**
 * What happens to a device once its data is archived, as the reference's {@code on_complete} says it:
 * {@code {"device": {"state": "N1", "label": "…", "active": false}}}. Those are the device fields Feedline has that make
 * sense after a trip (its state, its label, whether it may send); anything else is refused when the block is requested,
 * so a typo does not silently do nothing. Null fields leave the device as it is.
 */
public record OnComplete(String state, String label, Boolean active) {
    public static final OnComplete NOTHING = new OnComplete(null, null, null);
    private static final Set<String> DEVICE_FIELDS = Set.of("state", "label", "active");

    /** Parses and checks the client's on_complete (null or JSON null: nothing); INVALID naming the field otherwise. */
    public static OnComplete parse(JsonNode node, Text text) {
        if (node == null || node.isNull()) return NOTHING;
        if (!node.isObject()) throw bad("must be an object such as {\"device\": {\"state\": \"N1\"}}");
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("device")) throw bad("unknown key '" + key + "'; only \"device\" is supported");
        }
        JsonNode device = node.get("device");
        if (device == null || device.isNull()) return NOTHING;
        if (!device.isObject()) throw bad("\"device\" must be an object with state, label or active");
        for (Iterator<String> keys = device.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!DEVICE_FIELDS.contains(key)) throw bad("unknown device field '" + key + "'; supported: active, label, state");
        }
        String state = text(device, "state");
        String label = text(device, "label");
        JsonNode active = device.get("active");
        if (active != null && !active.isNull() && !active.isBoolean()) throw bad("device.active must be true or false");
        try {
            return new OnComplete(state == null ? null : text.optional("state", state),
                    label == null ? null : text.required("label", label), active == null || active.isNull() ? null : active.booleanValue());
        } catch (FeedlineException e) {
            throw bad("device." + e.getMessage());
        }
    }

    private static String text(JsonNode device, String field) {
        JsonNode v = device.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw bad("device." + field + " must be a string");
        return v.asText();
    }

    private static FeedlineException bad(String why) { return FeedlineException.invalidField("on_complete", why); }

    /** The device with these changes applied. */
    public Device applyTo(Device d) {
        return new Device(d.id(), d.orgId(), d.projectId(), label == null ? d.label() : label, active == null ? d.active() : active,
                d.externalId(), d.lat(), d.lon(), state == null ? d.state() : state, d.tokenHash(), d.claimedBy(), d.claimedOn(),
                d.lastSeen(), d.createdOn());
    }

    /** As JSON, for the job's payload (read back with {@link #fromPayload}). */
    ObjectNode toJson() {
        ObjectNode device = JsonNodeFactory.instance.objectNode();
        if (state != null) device.put("state", state);
        if (label != null) device.put("label", label);
        if (active != null) device.put("active", active);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("device", device);
        return n;
    }

    /** Reads what {@link #toJson} wrote (already checked when the block was requested). */
    static OnComplete fromPayload(JsonNode node) {
        JsonNode device = node == null ? null : node.get("device");
        if (device == null) return NOTHING;
        return new OnComplete(device.hasNonNull("state") ? device.get("state").asText() : null,
                device.hasNonNull("label") ? device.get("label").asText() : null,
                device.hasNonNull("active") ? device.get("active").booleanValue() : null);
    }
}
