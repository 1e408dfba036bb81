package dev.feedline.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.TemplateRepository;
import dev.feedline.model.FleetTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Property templates: an org's definition of a property name — its type (str, int, bool, or enum: a str from a
 * fixed list of values) and default. A property set on a device or project of the org under a name that has a
 * template must fit it; names without a template stay free.
 */
public final class PropertyTemplates {
    private PropertyTemplates() {}

    /** Checks a property template's own fields: the type, enum values only for enums, the default fitting both. */
    static void checkDefinition(ObjectNode f, Set<String> types) {
        String type = f.path("type").asText("str");
        if (!types.contains(type)) throw FeedlineException.invalidField("type", "must be one of str, int, bool, enum");
        f.put("type", type);
        if (f.has("enums") && !type.equals("enum")) throw FeedlineException.invalidField("enums", "only a template of type enum has values");
        if (type.equals("enum") && f.path("enums").isEmpty()) throw FeedlineException.invalidField("enums", "an enum needs at least one value");
        if (f.has("default") && !f.get("default").asText().isEmpty()) {
            try {
                check(f, type.equals("enum") ? "str" : type, f.get("default").asText());
            } catch (FeedlineException e) {
                throw FeedlineException.invalidField("default", e.getMessage());
            }
        }
    }

    /**
     * Checks a property about to be stored against the org's template of that name, if there is one: INVALID
     * (field naming the value) when the type differs or an enum value is not in the list.
     *
     * @param type the property's type as stored: int, str or bool
     */
    public static void check(TemplateRepository templates, long orgId, String name, String type, String value) {
        templates.bySlug(FleetTemplate.Kind.PROPERTY, orgId + "/" + name).ifPresent(t -> check(Templates.body(t), type, value));
    }

    private static void check(ObjectNode template, String type, String value) {
        String expected = template.path("type").asText("str");
        String field = type + "_value";
        if (expected.equals("enum")) {
            if (!type.equals("str")) throw FeedlineException.invalidField(field, "the property template wants one of its values as str_value");
            List<String> allowed = new ArrayList<>();
            for (JsonNode e : template.path("enums")) allowed.add(e.asText());
            if (!allowed.contains(value)) throw FeedlineException.invalidField(field, "'" + value + "' is not one of " + allowed);
        } else if (!expected.equals(type)) {
            throw FeedlineException.invalidField(field, "the property template wants a " + expected + "_value");
        } else if (type.equals("int")) {
            try {
                Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw FeedlineException.invalidField(field, "'" + value + "' is not a whole number");
            }
        } else if (type.equals("bool") && !value.equals("true") && !value.equals("false")) {
            throw FeedlineException.invalidField(field, "'" + value + "' is not true or false");
        }
    }
}
