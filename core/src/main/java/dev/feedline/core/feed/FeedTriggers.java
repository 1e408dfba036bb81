package dev.feedline.core.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.action.ActionSpecs;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.rule.RuleOrigin;
import dev.feedline.core.rule.RuleService;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedTrigger;
import dev.feedline.model.PersonalOrg;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Adafruit IO triggers: kept as the JSON the client sent (so they list back unchanged) and each linked to a
 * Feedline rule ({@link TriggerRules}) that the rules engine evaluates. A trigger and its rule are created, changed
 * and refused together. A trigger stored before triggers were evaluated has no rule until it is next changed
 * (PUT/PATCH), which translates it then (docs/ADAFRUIT.md).
 */
public final class FeedTriggers {
    public static final int MAX_TRIGGERS = 1_000;
    public static final int MAX_JSON = 16 * 1024;
    private final MetadataStore store;
    private final RuleService rules;
    private final Clock clock;
    private final TriggerViews views;

    public FeedTriggers(MetadataStore store, RuleService rules, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.clock = clock;
        this.views = new TriggerViews(store);
    }

    /**
     * The stored triggers, then the org's rules made elsewhere that read as triggers (read-only, see {@link TriggerViews}),
     * as the caller may see them ({@link #shown}).
     */
    public List<FeedTrigger> list(Caller caller, PersonalOrg org) {
        List<FeedTrigger> out = new java.util.ArrayList<>(stored(org));
        out.addAll(views.list(org.orgId()));
        boolean editor = rules.mayEdit(caller, org.orgId());
        return out.stream().map(t -> shown(t, editor)).toList();
    }

    /** One trigger as the caller may see it. */
    public FeedTrigger get(Caller caller, PersonalOrg org, long id) { return shown(caller, org, get(org, id)); }

    /** Every trigger answer goes through here (list, get, and what create, update and delete return). */
    private FeedTrigger shown(Caller caller, PersonalOrg org, FeedTrigger t) { return shown(t, rules.mayEdit(caller, org.orgId())); }

    /**
     * A webhook trigger's action_url as the rule's actions read: whole for those who may edit the org's rules, with
     * its query values masked for the others (the user reading their own triggers is normally the owner; docs/ACTIONS.md).
     */
    private static FeedTrigger shown(FeedTrigger t, boolean editor) {
        if (editor || !t.json().contains("action_url")) return t;
        JsonNode json = TriggerRules.read(t.json());
        String url = json.path("action_url").asText(null);
        String masked = ActionSpecs.maskedUrl("webhook", url);
        if (url == null || url.equals(masked)) return t;
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("action_url", masked);
        return new FeedTrigger(t.id(), t.orgId(), json.toString(), t.createdOn(), t.updatedOn());
    }

    /** The new trigger JSON with an action_url that is the masked form of the stored one's replaced by the stored one. */
    private static String keepMasked(String json, FeedTrigger stored) {
        if (!json.contains(ActionSpecs.MASKED_SECRET)) return json;
        JsonNode now = TriggerRules.read(json);
        String before = TriggerRules.read(stored.json()).path("action_url").asText(null);
        if (before == null || !now.path("action_url").asText("").equals(ActionSpecs.maskedUrl("webhook", before))) return json;
        ((com.fasterxml.jackson.databind.node.ObjectNode) now).put("action_url", before);
        return now.toString();
    }

    private List<FeedTrigger> stored(PersonalOrg org) { return store.feeds().triggers(org.orgId()); }

    public FeedTrigger get(PersonalOrg org, long id) {
        if (TriggerViews.isView(id)) return views.get(org.orgId(), id).orElseThrow(() -> FeedlineException.notFound("trigger"));
        return store.feeds().trigger(id).filter(t -> t.orgId() == org.orgId()).orElseThrow(() -> FeedlineException.notFound("trigger"));
    }

    /** A trigger read from a rule made elsewhere: found (else 404), but changed through the rules API only. */
    private void refuseView(PersonalOrg org, long id) {
        if (!TriggerViews.isView(id)) return;
        get(org, id);
        throw FeedlineException.invalid("this trigger is a rule made outside Adafruit IO (read_only); change or delete it through /api/v1/rule/"
                + (id - TriggerViews.ID_OFFSET) + "/");
    }

    /** json is a JSON object's text, already checked by the adapter. */
    public FeedTrigger create(Caller caller, PersonalOrg org, String json) {
        if (stored(org).size() >= MAX_TRIGGERS) throw FeedlineException.invalid("at most " + MAX_TRIGGERS + " triggers per user");
        JsonNode rule = TriggerRules.rule(orgSlug(org), TriggerRules.read(checked(json)), account(org));
        Instant now = clock.instant();
        AtomicReference<FeedTrigger> created = new AtomicReference<>();
        rules.create(caller, rule, r -> origin(created, store.feeds().createTrigger(new FeedTrigger(0, org.orgId(), json, now, now))));
        return shown(caller, org, created.get());
    }

    public FeedTrigger update(Caller caller, PersonalOrg org, long id, String json) {
        refuseView(org, id);
        FeedTrigger t = get(org, id);
        rules.requireEdit(caller, org.orgId()); // whether or not it has a rule yet
        json = keepMasked(json, t);
        JsonNode rule = TriggerRules.rule(orgSlug(org), TriggerRules.read(checked(json)), account(org));
        FeedTrigger updated = new FeedTrigger(t.id(), t.orgId(), json, t.createdOn(), clock.instant());
        AtomicReference<FeedTrigger> out = new AtomicReference<>();
        Optional<Long> ruleId = ruleOf(t);
        if (ruleId.isPresent()) {
            rules.update(caller, ruleId.get(), rule, r -> {
                store.feeds().updateTrigger(updated);
                return origin(out, updated);
            });
        } else {
            rules.create(caller, rule, r -> { // stored before triggers were evaluated: it gets its rule now
                store.feeds().updateTrigger(updated);
                return origin(out, updated);
            });
        }
        return shown(caller, org, out.get());
    }

    /** Deletes the trigger and its rule (the rule first: a trigger left behind is only stored, never evaluated twice). */
    public FeedTrigger delete(Caller caller, PersonalOrg org, long id) {
        refuseView(org, id);
        FeedTrigger t = get(org, id);
        rules.requireEdit(caller, org.orgId()); // a trigger without a rule is guarded as one with a rule
        ruleOf(t).ifPresent(ruleId -> rules.delete(caller, ruleId));
        store.feeds().deleteTrigger(t.id());
        return shown(caller, org, t);
    }

    /** The id of the rule that evaluates the trigger, if it has one. */
    public Optional<Long> ruleOf(FeedTrigger t) {
        return store.rules().originByRef(RuleOrigin.ADAFRUIT_TRIGGER, Long.toString(t.id())).map(RuleOrigin::ruleId);
    }

    private static RuleOrigin origin(AtomicReference<FeedTrigger> holder, FeedTrigger t) {
        holder.set(t);
        return new RuleOrigin(0, RuleOrigin.ADAFRUIT_TRIGGER, Long.toString(t.id()), "{}");
    }

    private String orgSlug(PersonalOrg org) {
        return store.orgs().byId(org.orgId()).orElseThrow(() -> FeedlineException.notFound("org")).slug();
    }

    private TriggerRules.Account account(PersonalOrg org) {
        return new TriggerRules.Account() {
            @Override public Feed feed(String field, JsonNode idOrKey) { return TriggerRules.feed(store, org.orgId(), field, idOrKey); }

            @Override public String streamSlug(Feed feed) {
                return store.streams().byId(feed.streamId()).orElseThrow(() -> FeedlineException.notFound("feed")).slug();
            }

            @Override public String email() {
                return store.accounts().byId(org.accountId()).orElseThrow(() -> FeedlineException.notFound("user")).email();
            }
        };
    }

    private static String checked(String json) {
        if (json.length() > MAX_JSON) throw FeedlineException.invalid("a trigger is at most " + MAX_JSON + " characters of JSON");
        return json;
    }
}
