package dev.feedline.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.stream.StreamService;
import dev.feedline.core.units.Units;
import dev.feedline.model.Account;
import dev.feedline.model.Device;
import dev.feedline.model.FleetTemplate;
import dev.feedline.model.FleetTemplate.Kind;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Slugs;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Device templates, sensor graphs, project templates and property templates. Who may write them (IOTile let only
 * staff): a template of an org is written by that org's admins and read by its members; a server-wide template
 * (no org) is written by server admins (staff) and read by every user. Property templates always belong to an org.
 * Another org's template is NOT_FOUND.
 */
public final class Templates {
    private static final Set<String> NOT_BODY = Set.of("org", "id", "slug", "created_on", "created_by", "version", "os_version",
            "hw_version", "app_version");
    private static final Set<String> PROPERTY_TYPES = Set.of("str", "int", "bool", "enum");

    private final MetadataStore store;
    private final Lookup lookup;
    private final Units units;
    private final StreamService streams;
    private final Clock clock;

    public Templates(MetadataStore store, Lookup lookup, Units units, StreamService streams, Clock clock) {
        this.streams = streams;
        this.store = store;
        this.lookup = lookup;
        this.units = units;
        this.clock = clock;
    }

    /** The template's fields as its owner wrote them. */
    public static ObjectNode body(FleetTemplate t) { return TemplateFields.parse(t.body()); }

    /** Templates of the kind the caller may read: server-wide ones and those of its orgs (or of one org it names). */
    public List<FleetTemplate> list(Caller caller, Kind kind, String orgSlug) {
        List<Long> orgIds = orgSlug == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        List<FleetTemplate> all = store.templates().visible(kind, orgIds);
        return orgSlug == null ? all : all.stream().filter(t -> t.orgId() != null).toList();
    }

    public FleetTemplate get(Caller caller, Kind kind, String ref) { return readable(caller, find(kind, ref)); }

    public FleetTemplate create(Caller caller, Kind kind, JsonNode body) {
        Account user = lookup.access().user(caller);
        String orgSlug = body != null && body.path("org").isTextual() ? body.get("org").textValue() : null;
        Org org = orgSlug == null ? null : lookup.org(caller, orgSlug, Role.ADMIN);
        if (org == null && kind == Kind.PROPERTY) throw FeedlineException.invalidField("org", "this field is required");
        if (org == null && !user.staff()) throw FeedlineException.forbidden("server-wide templates are made by server admins; give the org it belongs to");
        ObjectNode fields = TemplateFields.merged(kind, null, body, NOT_BODY);
        String name = checkedWhole(kind, fields, org == null ? null : org.id());
        String slug = switch (kind) {
            case DT -> versioned(fields, "external_sku");
            case SG, PT -> versioned(fields, "name");
            case PROPERTY -> org.id() + "/" + name;
        };
        try {
            return store.templates().create(kind, org == null ? null : org.id(), slug, name, TemplateFields.write(fields), clock.instant(), user.id());
        } catch (FeedlineException e) {
            if (e.kind() != ErrorKind.CONFLICT) throw e;
            throw FeedlineException.invalidField(kind == Kind.PROPERTY ? "name" : "slug", (kind == Kind.PROPERTY ? "the org has a template named " + name
                    : "a template " + slug + " exists") + "; change it instead, or make a new version");
        }
    }

    public FleetTemplate update(Caller caller, Kind kind, String ref, JsonNode change) {
        FleetTemplate t = writable(caller, find(kind, ref));
        ObjectNode fields = TemplateFields.merged(kind, body(t), change, NOT_BODY);
        String name = checkedWhole(kind, fields, t.orgId());
        FleetTemplate updated = t.withBody(name, TemplateFields.write(fields));
        store.templates().update(updated);
        return updated;
    }

    public void delete(Caller caller, Kind kind, String ref) { store.templates().delete(writable(caller, find(kind, ref)).id()); }

    /** A checked change of the template and sensor graph a device runs, not applied yet. */
    public record Assignment(long deviceId, Long templateId, Long sgId) {}

    /**
     * Checks a change of the device template and/or sensor graph a device runs (a null slug leaves that one, ""
     * clears it): org admins, templates the caller may read. Nothing is changed, so a request that also changes
     * other fields can check everything before it writes anything.
     */
    public Assignment check(Caller caller, String deviceSlug, String templateSlug, String sgSlug) {
        Device d = lookup.device(caller, deviceSlug, Role.ADMIN);
        Long[] link = store.templates().linkOf(d.id());
        Long dt = templateSlug == null ? link[0] : templateSlug.isEmpty() ? null : get(caller, Kind.DT, templateSlug).id();
        Long sg = sgSlug == null ? link[1] : sgSlug.isEmpty() ? null : get(caller, Kind.SG, sgSlug).id();
        return new Assignment(d.id(), dt, sg);
    }

    /**
     * Applies a checked assignment. A claimed device given a new sensor graph gets the graph's variables and their
     * streams in its project at once (an unclaimed one gets them when it is claimed).
     */
    public void assign(Assignment a) {
        Long before = store.templates().linkOf(a.deviceId())[1];
        store.inTransaction(() -> {
            store.templates().link(a.deviceId(), a.templateId(), a.sgId());
            Device d = store.devices().byId(a.deviceId()).orElseThrow(() -> FeedlineException.notFound("device"));
            if (d.projectId() != null && a.sgId() != null && !a.sgId().equals(before)) {
                Project project = store.projects().byId(d.projectId()).orElseThrow();
                new SensorGraphVariables(store, clock).ensure(project, d.id());
                store.variables().byProject(project.id()).forEach(v -> streams.ensure(project, d.id(), v));
            }
            return null;
        });
    }

    /** The slugs of the device template and sensor graph of a device, each null when it has none. */
    public String[] slugsOf(long deviceId) { return new dev.feedline.core.access.Related(store).deviceTemplates(deviceId); }

    private FleetTemplate find(Kind kind, String ref) {
        if (kind == Kind.PROPERTY) {
            long id;
            try {
                id = Long.parseLong(ref);
            } catch (NumberFormatException e) {
                throw FeedlineException.notFound("property template");
            }
            return store.templates().byId(id).filter(t -> t.kind() == Kind.PROPERTY).orElseThrow(() -> FeedlineException.notFound("property template"));
        }
        return store.templates().bySlug(kind, ref == null ? "" : ref.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> FeedlineException.notFound("template"));
    }

    private FleetTemplate readable(Caller caller, FleetTemplate t) {
        if (t.orgId() == null) lookup.access().user(caller);
        else lookup.access().require(caller, t.orgId(), Role.VIEWER, "template");
        return t;
    }

    private FleetTemplate writable(Caller caller, FleetTemplate t) {
        readable(caller, t);
        if (t.orgId() != null) lookup.access().require(caller, t.orgId(), Role.ADMIN, "template");
        else if (!lookup.access().user(caller).staff()) throw FeedlineException.forbidden("server-wide templates are changed by server admins");
        return t;
    }

    /** Checks what spans fields (required ones, units, the property type); returns the template's name. */
    private String checkedWhole(Kind kind, ObjectNode f, Long orgId) {
        String nameField = kind == Kind.DT ? "external_sku" : "name";
        if (!f.path(nameField).isTextual() || f.get(nameField).textValue().isBlank()) throw FeedlineException.invalidField(nameField, "this field is required");
        if (kind == Kind.SG) {
            for (JsonNode vt : f.path("variable_templates")) {
                Map<String, Object> u = new HashMap<>();
                if (vt.path("var_type").isTextual()) u.put("var_type", vt.get("var_type").textValue());
                if (vt.path("default_input_unit").isTextual()) u.put("input_unit", vt.get("default_input_unit").textValue());
                if (vt.path("default_output_unit").isTextual()) u.put("output_unit", vt.get("default_output_unit").textValue());
                try {
                    units.validated(u);
                } catch (FeedlineException e) {
                    throw FeedlineException.invalidField("variable_templates", vt.path("lid_hex").asText() + ": " + e.getMessage());
                }
            }
            if (f.path("project_template").isTextual()) {
                FleetTemplate pt = store.templates().bySlug(Kind.PT, f.get("project_template").textValue())
                        .filter(t -> t.orgId() == null || t.orgId().equals(orgId))
                        .orElseThrow(() -> FeedlineException.invalidField("project_template", "no project template " + f.get("project_template").textValue()));
                f.put("project_template", pt.slug());
            }
        }
        if (kind == Kind.PROPERTY) PropertyTemplates.checkDefinition(f, PROPERTY_TYPES);
        return f.get(nameField).textValue().trim();
    }

    /** IOTile's slug of a versioned template: slugify("{name}--v{major}-{minor}-{patch}"). */
    private static String versioned(ObjectNode f, String nameField) {
        String s = Slugs.slugify(f.get(nameField).textValue() + "--v" + f.path("major_version").asLong(0) + "-"
                + f.path("minor_version").asLong(0) + "-" + f.path("patch_version").asLong(0));
        if (s.isEmpty() || s.length() > 60) throw FeedlineException.invalidField(nameField, "makes no slug of at most 60 characters");
        return s;
    }
}
