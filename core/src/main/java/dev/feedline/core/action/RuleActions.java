package dev.feedline.core.action;

import java.util.Set;

/**
 * The seam between the rules engine and what rules do. A rule keeps its actions as a JSON array of objects,
 * each with a {@code "kind"} (email, webhook, publish, write, command, notify, …) and that kind's fields; the
 * engine stores that text as {@link #validate} returned it and never looks inside. Delivery is durable: firing
 * only queues jobs, so a slow or failing target never slows evaluation or ingest.
 */
public interface RuleActions {
    /**
     * Checks a rule's actions for its org (every field, every limit, targets that exist and belong to the org) and
     * returns their normalised JSON array text.
     *
     * @throws dev.feedline.core.error.FeedlineException INVALID with a message naming the bad action and field
     */
    String validate(long orgId, String actionsJson);

    /**
     * The ids of the streams that these (validated) actions write to, so the engine can refuse a rule that would
     * be triggered by its own writes (directly or through other rules).
     */
    Set<Long> writtenStreams(long orgId, String actionsJson);

    /**
     * Queues one job per action for the firing (honouring each action's cooldown). Called by the engine inside
     * its store transaction ({@code MetadataStore.inTransaction}) together with the rule's new state, so the
     * actions are queued exactly when that state commits; a firing whose {@code (ruleId, position, transition)}
     * was queued before queues nothing again.
     */
    void fire(Firing firing, String actionsJson);

    /** No actions available: accepts only an empty list. For stores and tests that run rules without actions. */
    RuleActions NONE = new RuleActions() {
        @Override
        public String validate(long orgId, String actionsJson) {
            if (!actionsJson.strip().equals("[]")) {
                throw dev.feedline.core.error.FeedlineException.invalid("actions are not available on this server");
            }
            return "[]";
        }

        @Override
        public Set<Long> writtenStreams(long orgId, String actionsJson) { return Set.of(); }

        @Override
        public void fire(Firing firing, String actionsJson) {}
    };
}
