package dev.feedline.core.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.action.ActionSpecs;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.rule.RuleOrigin;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedTrigger;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules of a personal org made elsewhere (Feedline's rules API, the UI, an IOTile filter) read as Adafruit IO
 * triggers where the shape allows (docs/RULES.md, Adafruit IO triggers): a rule on one feed's stream whose condition
 * is a threshold (a number, or a text with eq/ne) or a comparison with another feed, without hold or clear
 * condition, reads as a reactive trigger; its first email, webhook or feed-write action is the trigger's action.
 * Such a trigger is read-only ({@code "read_only": true}, {@code "rule"}: the rule's id): it is changed through
 * {@code /api/v1/rule/}. Its id is {@link #ID_OFFSET} plus the rule's id, apart from stored triggers' ids.
 */
final class TriggerViews {
    /** Added to a rule's id to make the id of its trigger view: far above any stored trigger's id. */
    static final long ID_OFFSET = 1_000_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<RuleCondition.Op, String> OPERATORS = Map.of(RuleCondition.Op.GT, "gt", RuleCondition.Op.LT, "lt", RuleCondition.Op.EQ, "eq",
            RuleCondition.Op.NE, "ne", RuleCondition.Op.GE, "gte", RuleCondition.Op.LE, "lte");

    private final MetadataStore store;

    TriggerViews(MetadataStore store) { this.store = store; }

    static boolean isView(long id) { return id > ID_OFFSET; }

    /** The org's rules made elsewhere that read as triggers, in rule order. */
    List<FeedTrigger> list(long orgId) {
        List<FeedTrigger> out = new ArrayList<>();
        for (Rule r : store.rules().ofOrg(orgId)) view(r).ifPresent(out::add);
        return out;
    }

    Optional<FeedTrigger> get(long orgId, long id) {
        return store.rules().byId(id - ID_OFFSET).filter(r -> r.orgId() == orgId).flatMap(this::view);
    }

    private Optional<FeedTrigger> view(Rule r) {
        if (store.rules().origin(r.id()).map(o -> o.dialect().equals(RuleOrigin.ADAFRUIT_TRIGGER)).orElse(false)) return Optional.empty();
        if (r.scope().kind() != RuleScope.Kind.STREAM || r.clear() != null || r.hold() != null) return Optional.empty();
        Optional<Feed> feed = store.feeds().byStreamId(r.scope().streamId());
        RuleCondition c = r.condition();
        if (feed.isEmpty() || c.op() == null || !OPERATORS.containsKey(c.op())) return Optional.empty();
        ObjectNode t = MAPPER.createObjectNode();
        t.put("name", r.name());
        t.put("trigger_type", "reactive");
        t.put("feed_id", feed.get().id());
        t.put("operator", OPERATORS.get(c.op()));
        switch (c.kind()) {
            case THRESHOLD -> {
                if (c.value() != null) t.put("value", c.value()); else t.put("value", c.text());
            }
            case COMPARE -> {
                Optional<Feed> other = store.feeds().byStreamId(c.streamId());
                if (other.isEmpty()) return Optional.empty();
                t.put("to_feed_id", other.get().id());
            }
            default -> { return Optional.empty(); }
        }
        t.put("enabled", r.enabled());
        action(r, t);
        t.put("read_only", true);
        t.put("rule", r.id());
        return Optional.of(new FeedTrigger(ID_OFFSET + r.id(), r.orgId(), t.toString(), r.createdOn(), r.updatedOn()));
    }

    /** The first action Adafruit IO can name: email, webhook (action_url) or a feed write (action_feed_id, action_value). */
    private void action(Rule r, ObjectNode t) {
        for (ObjectNode a : ActionSpecs.parse(r.actions())) {
            String kind = a.path("kind").asText();
            switch (kind) {
                case "email" -> t.put("action", "email");
                case "webhook" -> t.put("action", "webhook").put("action_url", a.path("url").asText());
                case "write" -> {
                    Optional<Feed> target = a.hasNonNull("feed") ? store.feeds().byKey(r.orgId(), a.get("feed").asText())
                            : Optional.ofNullable(dev.feedline.model.Slugs.parseStream(a.path("stream").asText()))
                                    .flatMap(ref -> store.streams().bySlug(ref.slug())).flatMap(s -> store.feeds().byStreamId(s.id()));
                    if (target.isEmpty()) continue;
                    t.put("action", "feed").put("action_feed_id", target.get().id());
                    JsonNode value = a.get("value");
                    if (value != null && !"{{value}}".equals(value.asText())) t.set("action_value", value);
                }
                default -> { continue; }
            }
            t.put("notify_on_reset", a.path("on").toString().contains("cleared"));
            return;
        }
    }
}
