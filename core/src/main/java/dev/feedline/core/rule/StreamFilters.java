package dev.feedline.core.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Device;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Rule;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IOTile stream filters (/api/v1/filter/) as a dialect of Feedline's rules: a filter is stored as one rule (with
 * its origin, {@link RuleOrigin#IOTILE_FILTER}) and evaluated by the one engine; see {@link FilterShape} for what
 * fits. Rules made through Feedline's API that fit a filter's shape list as filters too, read-only.
 */
public final class StreamFilters {
    private final RuleService rules;
    private final Lookup lookup;

    public StreamFilters(RuleService rules, Lookup lookup) {
        this.rules = rules;
        this.lookup = lookup;
    }

    /** A filter and the rule it is. {@code origin} is empty for a rule made through Feedline's API. */
    public record Filter(String slug, Rule rule, Optional<RuleOrigin> origin) {
        public boolean readOnly() { return origin.isEmpty(); }

        public ObjectNode statesAndTransitions() {
            return FilterShape.statesAndTransitions(rule, origin.map(o -> read(o.doc())).orElse(null));
        }
    }

    public Filter create(Caller caller, JsonNode body) {
        if (body == null || !body.isObject()) throw FeedlineException.invalid("expected a JSON object");
        Project project = lookup.project(caller, text(body, "project", true), Role.ADMIN);
        Variable variable = lookup.variable(caller, text(body, "variable", true), Role.ADMIN);
        if (variable.projectId() != project.id()) throw FeedlineException.invalidField("variable", "must be a variable of the project");
        ObjectNode scope = FilterShape.MAPPER.createObjectNode();
        String device = text(body, "device", false);
        if (device != null) {
            Device d = lookup.device(caller, device, Role.ADMIN);
            String slug = Slugs.stream(project.gid(), d.id(), variable.lid());
            Stream s = lookup.store().streams().bySlug(slug).orElseThrow(() ->
                    FeedlineException.invalidField("device", "Stream corresponding to this device and variable does not exist"));
            scope.put("kind", "stream").put("target", s.slug());
        } else {
            scope.put("kind", "variable").put("target", Slugs.variable(project.gid(), variable.lid()));
        }
        FilterShape.Translation t = FilterShape.toRule(body);
        ObjectNode rule = ruleBody(body, t, "Filter " + scope.get("target").asText());
        rule.put("org", lookup.store().orgs().byId(project.orgId()).orElseThrow(() -> FeedlineException.notFound("org")).slug());
        rule.set("scope", scope);
        rule.put("alarm", true);
        String slug = FilterShape.slug(new dev.feedline.model.RuleScope(
                scope.get("kind").asText().equals("stream") ? dev.feedline.model.RuleScope.Kind.STREAM : dev.feedline.model.RuleScope.Kind.VARIABLE,
                scope.get("target").asText(), project.id(), null, null, null));
        if (lookup.store().rules().originByRef(RuleOrigin.IOTILE_FILTER, slug).isPresent()) {
            throw FeedlineException.invalidField(device != null ? "device" : "variable", "Filter for this stream already exists");
        }
        RuleOrigin origin = new RuleOrigin(0, RuleOrigin.IOTILE_FILTER, slug, t.doc().toString());
        Rule created = rules.create(caller, rule, r -> origin);
        return new Filter(slug, created, Optional.of(origin.of(created.id())));
    }

    /**
     * Replaces a filter's name, states and transitions (the whole filter, as on create; its stream or variable
     * stays). A changed trigger starts the rule afresh, as any rule whose condition changes.
     */
    public Filter update(Caller caller, String slug, JsonNode body) {
        if (body == null || !body.isObject()) throw FeedlineException.invalid("expected a JSON object");
        Filter f = get(caller, slug);
        if (f.readOnly()) throw readOnly(f);
        for (String fixed : new String[] {"project", "variable", "device"}) {
            if (body.hasNonNull(fixed) && !body.get(fixed).asText().equals(scopeField(f.rule(), fixed))) {
                throw FeedlineException.invalidField(fixed, "a filter cannot move to another stream or variable (delete it and create another)");
            }
        }
        FilterShape.Translation t = FilterShape.toRule(body);
        ObjectNode rule = ruleBody(body, t, f.rule().name());
        if (t.clear() == null) rule.putNull("clear");
        RuleOrigin origin = new RuleOrigin(f.rule().id(), RuleOrigin.IOTILE_FILTER, slug, t.doc().toString());
        return new Filter(slug, rules.update(caller, f.rule().id(), rule, r -> origin), Optional.of(origin));
    }

    private static ObjectNode ruleBody(JsonNode body, FilterShape.Translation t, String defaultName) {
        ObjectNode rule = FilterShape.MAPPER.createObjectNode();
        String name = text(body, "name", false);
        rule.put("name", name == null || name.isBlank() ? defaultName : name);
        rule.set("condition", t.condition());
        if (t.clear() != null) rule.set("clear", t.clear());
        rule.set("actions", t.actions());
        return rule;
    }

    /** The project, variable or device slug a filter's rule watches, as the filter answers it. */
    public static String scopeField(Rule r, String field) {
        String target = r.scope().target();
        boolean stream = r.scope().kind() == dev.feedline.model.RuleScope.Kind.STREAM;
        // a stream slug s--{project}--{device}--{variable}; a variable slug v--{project}--{variable}
        String[] parts = target.split("--");
        return switch (field) {
            case "project" -> "p--" + parts[1];
            case "variable" -> stream ? "v--" + parts[1] + "--" + parts[3] : target;
            default -> stream ? "d--" + parts[2] : null;
        };
    }

    private static FeedlineException readOnly(Filter f) {
        return FeedlineException.invalid("this filter is rule " + f.rule().id() + ", made through /api/v1/rule/: change or delete it there");
    }

    /** The caller's filters (of one project): those made as filters, and rules that fit the shape. */
    public List<Filter> list(Caller caller, String projectRef) {
        List<Filter> out = new ArrayList<>();
        for (Rule r : rules.all(caller, projectRef)) {
            Optional<RuleOrigin> origin = rules.origin(r.id()).filter(o -> o.dialect().equals(RuleOrigin.IOTILE_FILTER));
            if (origin.isPresent()) out.add(new Filter(origin.get().ref(), r, origin));
            else if (rules.origin(r.id()).isEmpty() && FilterShape.fits(r)) out.add(new Filter(FilterShape.slug(r.scope()), r, Optional.empty()));
        }
        return out;
    }

    /** A filter by slug: the one made as a filter, else the first rule of that scope that fits. */
    public Filter get(Caller caller, String slug) {
        Optional<Rule> made = rules.byOrigin(caller, RuleOrigin.IOTILE_FILTER, slug);
        if (made.isPresent()) return new Filter(slug, made.get(), rules.origin(made.get().id()));
        return list(caller, null).stream().filter(f -> f.slug().equals(slug)).findFirst().orElseThrow(() -> FeedlineException.notFound("filter"));
    }

    /** Deletes a filter made as one (with its rule); a rule made through Feedline's API is deleted there. */
    public void delete(Caller caller, String slug) {
        Filter f = get(caller, slug);
        if (f.readOnly()) throw readOnly(f);
        rules.delete(caller, f.rule().id());
    }

    private static JsonNode read(String json) {
        try {
            return FilterShape.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored filter doc is not JSON", e);
        }
    }

    private static String text(JsonNode b, String field, boolean required) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            if (required) throw FeedlineException.invalidField(field, "this field is required");
            return null;
        }
        if (!v.isTextual()) throw FeedlineException.invalidField(field, "must be a slug");
        return v.asText();
    }
}
