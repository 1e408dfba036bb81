package dev.feedline.core.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.action.ActionSpecs;
import dev.feedline.core.action.RuleActions;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleCondition.Kind;
import dev.feedline.model.RuleHold;
import dev.feedline.model.RuleScope;
import dev.feedline.model.Severity;
import dev.feedline.model.Stream;
import dev.feedline.model.Variable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Feedline's own rules API: create, read, change and delete rules, each checked whole before anything is stored
 * (scope, conditions, hold, alarm settings, actions, limits, loops). Viewers read rules; admins change them.
 */
public final class RuleService {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final MetadataStore store;
    private final Lookup lookup;
    private final RuleActions actions;
    private final RuleLimits limits;
    private final Text text;
    private final Clock clock;
    private final LongConsumer changed;

    /** @param changed told the id of every rule created, changed or deleted (the engine reloads its rules) */
    public RuleService(MetadataStore store, Lookup lookup, RuleActions actions, RuleLimits limits, Text text, Clock clock, LongConsumer changed) {
        this.store = store;
        this.lookup = lookup;
        this.actions = actions;
        this.limits = limits;
        this.text = text;
        this.clock = clock;
        this.changed = changed;
    }

    public RuleLimits limits() { return limits; }

    /** A new rule from its wire form (docs/RULES.md); {@code org} names the org. */
    public Rule create(Caller caller, JsonNode body) { return create(caller, body, null); }

    /**
     * A new rule made through another dialect (an IOTile filter, an Adafruit IO trigger): checked like any rule and
     * stored with its origin in one transaction, so a refused rule leaves nothing behind. {@code origin} runs in that
     * transaction once the rule is stored (the dialect may store its own row there) and names the rule's origin.
     */
    public Rule create(Caller caller, JsonNode body, java.util.function.Function<Rule, RuleOrigin> origin) {
        if (body == null || !body.isObject()) throw FeedlineException.invalid("expected a JSON object");
        JsonNode orgField = body.get("org");
        if (orgField == null || !orgField.isTextual()) throw FeedlineException.invalidField("org", "this field is required");
        Org org = lookup.org(caller, orgField.asText(), Role.ADMIN);
        long me = lookup.access().user(caller).id();
        Instant now = clock.instant();
        Rule draft = parse(caller, org.id(), body, 0, me, now);
        Rule created = store.inTransaction(() -> {
            if (store.rules().ofOrg(org.id()).size() >= limits.maxRulesPerOrg()) {
                throw FeedlineException.invalid("an org may have at most " + limits.maxRulesPerOrg() + " rules");
            }
            refuseLoops(draft);
            Rule stored = store.rules().create(draft);
            if (origin != null) store.rules().saveOrigin(origin.apply(stored).of(stored.id()));
            return stored;
        });
        changed.accept(created.id());
        return created;
    }

    /** Rules of the caller's orgs, or of one org or project. */
    public Page<Rule> list(Caller caller, String orgSlug, String projectRef, PageRequest page) {
        List<Long> orgIds = orgSlug == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        Long projectId = null;
        if (projectRef != null) {
            Project p = lookup.project(caller, projectRef, Role.VIEWER);
            projectId = p.id();
        }
        Page<Rule> found = store.rules().list(orgIds, projectId, page);
        Map<Long, Boolean> editors = new HashMap<>();
        return new Page<>(found.items().stream().map(r -> shown(caller, r, editors)).toList(), found.total());
    }

    public Rule get(Caller caller, long id) { return shown(caller, visible(caller, id, Role.VIEWER), new HashMap<>()); }

    /**
     * The rule as the caller may see it: a webhook's secret (which signs its requests, so it cannot be stored
     * hashed like an API key), a Slack URL's path and a webhook URL's query values are shown to those who may edit
     * the rule — the org's admins and owners — and masked for the others (docs/ACTIONS.md); an editor saving a
     * masked value back keeps the real one ({@link #update}). {@code editors} remembers each org's answer within one listing.
     */
    private Rule shown(Caller caller, Rule r, Map<Long, Boolean> editors) {
        if (!ActionSpecs.hasSecret(r.actions())) return r;
        boolean editor = editors.computeIfAbsent(r.orgId(), org -> mayEdit(caller, org));
        if (editor) return r;
        return new Rule(r.id(), r.orgId(), r.projectId(), r.name(), r.enabled(), r.scope(), r.condition(), r.clear(), r.hold(), r.alarm(),
                r.severity(), ActionSpecs.maskSecrets(r.actions()), r.createdBy(), r.createdOn(), r.updatedOn());
    }

    /** Whether the caller may edit the org's rules (its admins and owners): they read actions' credentials unmasked. */
    public boolean mayEdit(Caller caller, long orgId) {
        return lookup.access().isMember(caller, orgId) && lookup.access().require(caller, orgId, Role.VIEWER, "rule").atLeast(Role.ADMIN);
    }

    /**
     * Refuses (403, or 404 to a non-member) a caller who may not edit the org's rules, as {@link #update} and
     * {@link #delete} do: for a dialect's object whose rule may be missing (an Adafruit IO trigger stored before triggers
     * were evaluated), so it is guarded the same with or without one.
     */
    public void requireEdit(Caller caller, long orgId) { lookup.access().require(caller, orgId, Role.ADMIN, "rule"); }

    /** What the engine holds of the rule per originator (active, held since, points in a row), for a viewer. */
    public List<RuleState> states(Caller caller, long id) { return store.rules().states(visible(caller, id, Role.VIEWER).id()); }

    /** Changes the fields present in {@code body}; the rest stay. A changed scope or condition starts the rule afresh. */
    public Rule update(Caller caller, long id, JsonNode body) { return update(caller, id, body, null); }

    /** As {@link #update(Caller, long, JsonNode)}; {@code origin}, when not null, runs in its transaction and replaces the rule's origin. */
    public Rule update(Caller caller, long id, JsonNode body, java.util.function.Function<Rule, RuleOrigin> origin) {
        if (body == null || !body.isObject()) throw FeedlineException.invalid("expected a JSON object");
        Rule old = visible(caller, id, Role.ADMIN);
        if (body.has("org") && !body.get("org").asText().equals(store.orgs().byId(old.orgId()).map(Org::slug).orElse(""))) {
            throw FeedlineException.invalidField("org", "a rule cannot move to another org");
        }
        ObjectNode merged = wire(old);
        body.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        Rule draft = parse(caller, old.orgId(), merged, old.id(), old.createdBy(), old.createdOn());
        Rule updated = new Rule(old.id(), old.orgId(), draft.projectId(), draft.name(), draft.enabled(), draft.scope(), draft.condition(),
                draft.clear(), draft.hold(), draft.alarm(), draft.severity(), ActionSpecs.keepMasked(draft.actions(), old.actions()), old.createdBy(),
                old.createdOn(), clock.instant());
        boolean restart = !Objects.equals(old.scope(), updated.scope()) || !Objects.equals(old.condition(), updated.condition())
                || !Objects.equals(old.clear(), updated.clear()) || !Objects.equals(old.hold(), updated.hold());
        store.inTransaction(() -> {
            refuseLoops(updated);
            store.rules().update(updated);
            if (restart) store.rules().deleteStates(id);
            if (origin != null) store.rules().saveOrigin(origin.apply(updated).of(id));
            return null;
        });
        changed.accept(id);
        return updated;
    }

    /** Deletes the rule with its state and its alarms. */
    public void delete(Caller caller, long id) {
        store.rules().delete(visible(caller, id, Role.ADMIN).id());
        changed.accept(id);
    }

    /** Which dialect made the rule (none: Feedline's own API). */
    public java.util.Optional<RuleOrigin> origin(long ruleId) { return store.rules().origin(ruleId); }

    /** The rule a dialect names {@code ref} (a filter's slug, a trigger's id), if the caller may see it. */
    public java.util.Optional<Rule> byOrigin(Caller caller, String dialect, String ref) {
        return store.rules().originByRef(dialect, ref).map(o -> shown(caller, visible(caller, o.ruleId(), Role.VIEWER), new HashMap<>()));
    }

    /** Every rule of the orgs the caller reads, or of one project (for dialects that list without paging). */
    public List<Rule> all(Caller caller, String projectRef) {
        Long projectId = projectRef == null ? null : lookup.project(caller, projectRef, Role.VIEWER).id();
        List<Rule> out = new ArrayList<>();
        Map<Long, Boolean> editors = new HashMap<>();
        for (long orgId : lookup.access().orgIds(caller)) {
            for (Rule r : store.rules().ofOrg(orgId)) if (projectId == null || r.projectId() == projectId) out.add(shown(caller, r, editors));
        }
        return out;
    }

    private Rule visible(Caller caller, long id, Role min) {
        Rule r = store.rules().byId(id).orElseThrow(() -> FeedlineException.notFound("rule"));
        lookup.access().require(caller, r.orgId(), min, "rule");
        return r;
    }

    /** The wire form of a rule, without its org (the adapter adds the org's slug). */
    public static ObjectNode wire(Rule r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", r.id());
        n.put("name", r.name());
        n.put("enabled", r.enabled());
        ObjectNode scope = n.putObject("scope");
        scope.put("kind", r.scope().kind().name().toLowerCase(java.util.Locale.ROOT));
        scope.put("target", r.scope().target());
        n.set("condition", RuleCodec.condition(r.condition(), false));
        if (r.clear() == null) n.putNull("clear"); else n.set("clear", RuleCodec.condition(r.clear(), false));
        if (r.hold() == null) n.putNull("hold"); else n.set("hold", RuleCodec.hold(r.hold()));
        n.put("alarm", r.alarm());
        n.put("severity", r.severity().wire());
        try {
            n.set("actions", MAPPER.readTree(r.actions()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored actions are not JSON", e);
        }
        return n;
    }

    private Rule parse(Caller caller, long orgId, JsonNode b, long id, long createdBy, Instant createdOn) {
        String name = text.required("name", string(b, "name"));
        Boolean enabled = bool(b, "enabled");
        RuleScope scope = scope(caller, orgId, b.get("scope"));
        RuleCondition condition = RuleCodec.parseCondition("condition", b.get("condition"), limits, slug -> comparedStream(caller, orgId, slug));
        RuleCondition clear = b.hasNonNull("clear")
                ? RuleCodec.parseCondition("clear", b.get("clear"), limits, slug -> comparedStream(caller, orgId, slug)) : null;
        RuleHold hold = b.hasNonNull("hold") ? RuleCodec.parseHold("hold", b.get("hold"), limits) : null;
        checkFits(scope, condition, clear, hold);
        Boolean alarm = bool(b, "alarm");
        String severityText = string(b, "severity");
        Severity severity = severityText == null ? Severity.MAJOR : Severity.parse(severityText);
        if (severity == null) throw FeedlineException.invalidField("severity", "must be one of critical, major, minor, warning, indeterminate");
        JsonNode actionsNode = b.get("actions");
        if (actionsNode != null && !actionsNode.isNull() && !actionsNode.isArray()) throw FeedlineException.invalidField("actions", "must be a list");
        String actionsJson = actions.validate(orgId, actionsNode == null || actionsNode.isNull() ? "[]" : actionsNode.toString());
        return new Rule(id, orgId, scope.projectId(), name, enabled == null || enabled, scope, condition, clear, hold, alarm == null || alarm,
                severity, actionsJson, createdBy, createdOn, clock.instant());
    }

    private RuleScope scope(Caller caller, long orgId, JsonNode n) {
        if (n == null || n.isNull()) throw FeedlineException.invalidField("scope", "this field is required");
        if (!n.isObject()) throw FeedlineException.invalidField("scope", "must be an object with a kind and a target");
        RuleScope.Kind kind = RuleCodec.parseEnum(RuleScope.Kind.class, "scope.kind", string(n, "kind", "scope.kind", true));
        String target = string(n, "target", "scope.target", true);
        RuleScope scope = switch (kind) {
            case STREAM -> {
                Stream s = lookup.stream(caller, target, Role.ADMIN);
                yield new RuleScope(kind, s.slug(), s.projectId(), s.id(), null, null);
            }
            case VARIABLE -> {
                Variable v = lookup.variable(caller, target, Role.ADMIN);
                Project p = store.projects().byId(v.projectId()).orElseThrow(() -> FeedlineException.notFound("variable"));
                yield new RuleScope(kind, dev.feedline.model.Slugs.variable(p.gid(), v.lid()), p.id(), null, null, v.id());
            }
            case DEVICE -> {
                Device d = lookup.device(caller, target, Role.ADMIN);
                if (d.projectId() == null) throw FeedlineException.invalidField("scope.target", "the device is in no project");
                yield new RuleScope(kind, dev.feedline.model.Slugs.device(d.id()), d.projectId(), null, d.id(), null);
            }
            case PRESENCE -> {
                if (target.startsWith("d--")) {
                    Device d = lookup.device(caller, target, Role.ADMIN);
                    if (d.projectId() == null) throw FeedlineException.invalidField("scope.target", "the device is in no project");
                    yield new RuleScope(kind, dev.feedline.model.Slugs.device(d.id()), d.projectId(), null, d.id(), null);
                }
                Project p = lookup.project(caller, target, Role.ADMIN);
                yield new RuleScope(kind, dev.feedline.model.Slugs.project(p.gid()), p.id(), null, null, null);
            }
        };
        long scopeOrg = store.projects().byId(scope.projectId()).map(Project::orgId).orElse(-1L);
        if (scopeOrg != orgId) throw FeedlineException.invalidField("scope.target", "must belong to the rule's org");
        return scope;
    }

    private Long comparedStream(Caller caller, long orgId, String slug) {
        Stream s = lookup.stream(caller, slug, Role.VIEWER);
        if (s.orgId() != orgId) throw FeedlineException.invalidField("condition.stream", "must belong to the rule's org");
        return s.id();
    }

    /** Which conditions go with which scope, hold and clear condition; see docs/RULES.md. */
    private static void checkFits(RuleScope scope, RuleCondition c, RuleCondition clear, RuleHold hold) {
        boolean presence = scope.kind() == RuleScope.Kind.PRESENCE;
        if (presence != (c.kind() == Kind.OFFLINE)) {
            throw FeedlineException.invalidField("condition.kind", presence ? "a presence scope takes an offline condition" : "an offline condition needs a presence scope");
        }
        if (scope.kind() == RuleScope.Kind.DEVICE && (c.kind() == Kind.WINDOW || c.kind() == Kind.COMPARE || c.kind() == Kind.CHANGE)) {
            throw FeedlineException.invalidField("condition.kind", "a device scope takes threshold, range or no_data (use a stream or variable scope)");
        }
        if (c.kind().timed() && (clear != null || hold != null)) {
            throw FeedlineException.invalidField(clear != null ? "clear" : "hold", "a " + c.kind().wire() + " condition clears when data or the device returns and has no hold");
        }
        if (c.kind() == Kind.CHANGE && hold != null) throw FeedlineException.invalidField("hold", "a change condition fires on the change itself and has no hold");
        if (clear != null) {
            if (clear.kind().timed()) throw FeedlineException.invalidField("clear.kind", "a clear condition is a value condition");
            if (scope.kind() == RuleScope.Kind.DEVICE && (clear.kind() == Kind.WINDOW || clear.kind() == Kind.COMPARE || clear.kind() == Kind.CHANGE)) {
                throw FeedlineException.invalidField("clear.kind", "a device scope takes threshold or range");
            }
        }
    }

    /**
     * Refuses a rule that would be triggered by its own writes: directly (an action writes a stream in its scope) or
     * through other rules of the org (it writes a stream another rule watches, whose actions write one it watches...).
     * The org's other rules were loop-free when stored, so any loop passes through this one.
     */
    private void refuseLoops(Rule rule) {
        Map<Long, Rule> rules = new HashMap<>();
        for (Rule r : store.rules().ofOrg(rule.orgId())) rules.put(r.id(), r);
        rules.put(rule.id(), rule);
        Map<Long, Stream> streams = new HashMap<>();
        Deque<Rule> todo = new ArrayDeque<>(List.of(rule));
        Set<Long> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Rule from = todo.pop();
            for (long streamId : actions.writtenStreams(rule.orgId(), from.actions())) {
                Stream s = streams.computeIfAbsent(streamId, k -> store.streams().byId(k).orElse(null));
                if (s == null) continue;
                for (Rule to : new ArrayList<>(rules.values())) {
                    if (!to.enabled() && to != rule || !to.scope().covers(s)) continue;
                    if (to.id() == rule.id()) {
                        throw FeedlineException.invalidField("actions", from.id() == rule.id()
                                ? "an action writes " + s.slug() + ", which this rule watches: the rule would trigger itself"
                                : "an action leads through rule \"" + from.name() + "\" to " + s.slug() + ", which this rule watches: the rules would trigger each other");
                    }
                    if (seen.add(to.id())) todo.push(to);
                }
            }
        }
    }

    private static String string(JsonNode b, String field) { return string(b, field, field, false); }

    private static String string(JsonNode b, String name, String field, boolean required) {
        JsonNode v = b.get(name);
        if (v == null || v.isNull()) {
            if (required) throw FeedlineException.invalidField(field, "this field is required");
            return null;
        }
        if (!v.isTextual()) throw FeedlineException.invalidField(field, "must be a string");
        return v.asText();
    }

    private static Boolean bool(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw FeedlineException.invalidField(field, "must be true or false");
        return v.asBoolean();
    }
}
