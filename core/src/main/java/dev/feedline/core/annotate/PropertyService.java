package dev.feedline.core.annotate;

import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.fleet.PropertyTemplates;
import dev.feedline.core.port.PropertyRepository;
import dev.feedline.model.Property;
import dev.feedline.model.Role;
import java.util.List;

/** Name/value properties of devices and projects (IOTile GenericProperty). */
public final class PropertyService {
    static final int MAX_STR_VALUE = 256;
    private final PropertyRepository properties;
    private final Lookup lookup;
    private final Text text;

    public PropertyService(PropertyRepository properties, Lookup lookup, Text text) {
        this.properties = properties;
        this.lookup = lookup;
        this.text = text;
    }

    /** A typed value: exactly one of the three is non-null. */
    public record Value(Long intValue, String strValue, Boolean boolValue) {}

    public List<Property> list(Caller caller, String target) {
        return properties.byTarget(deviceOrProject(caller, target, Role.VIEWER).slug());
    }

    /** Creates or replaces the property named name on the target. */
    public Property put(Caller caller, String target, String name, Value value, boolean system) {
        Target t = deviceOrProject(caller, target, Role.MEMBER);
        int given = (value.intValue() != null ? 1 : 0) + (value.strValue() != null ? 1 : 0) + (value.boolValue() != null ? 1 : 0);
        if (given != 1) throw FeedlineException.invalid("give exactly one of int_value, str_value or bool_value");
        if (value.strValue() != null && value.strValue().length() > MAX_STR_VALUE) {
            throw FeedlineException.invalidField("str_value", "longer than " + MAX_STR_VALUE + " characters");
        }
        String type = value.intValue() != null ? "int" : value.strValue() != null ? "str" : "bool";
        String stored = value.intValue() != null ? value.intValue().toString()
                : value.strValue() != null ? value.strValue() : value.boolValue().toString();
        String cleanName = text.required("name", name);
        // The org's property template of this name, if any, decides the type and the allowed values (issue 17).
        PropertyTemplates.check(lookup.store().templates(), t.orgId(), cleanName, type, stored);
        return properties.upsert(t.orgId(), t.slug(), cleanName, type, stored, system);
    }

    public Property get(Caller caller, long id) {
        Property p = properties.byId(id).orElseThrow(() -> FeedlineException.notFound("property"));
        lookup.access().require(caller, p.orgId(), Role.VIEWER, "property");
        return p;
    }

    public void delete(Caller caller, long id) {
        Property p = get(caller, id);
        lookup.access().require(caller, p.orgId(), Role.MEMBER, "property");
        properties.delete(id);
    }

    private Target deviceOrProject(Caller caller, String target, Role min) {
        Target t = Target.resolve(lookup, caller, target, min);
        if (t.device() == null && t.project() == null && t.block() == null) {
            throw FeedlineException.invalidField("target", "properties belong to a d-- device, b-- data block or p-- project");
        }
        return t;
    }
}
