package dev.feedline.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.port.ActionStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Stream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rule actions delivered through the durable job queue: firing queues one job per action (type
 * {@link ActionDelivery#JOB_TYPE}) in the caller's store transaction, so the jobs exist exactly when the rule's new
 * state commits; {@link ActionDelivery} runs them, retrying with the queue's back-off. Nothing here waits for a
 * mail server or a webhook, so ingest and evaluation never do.
 *
 * <p>Cooldown: an action with a cooldown queues a job for a (rule, originator, action) at most once per cooldown;
 * the time it last did is stored in the same transaction. A firing whose (rule, position, transition) was queued
 * before (handled again after a crash) queues nothing.
 */
public final class JobRuleActions implements RuleActions {
    private final MetadataStore store;
    private final ActionStore actions;
    private final JobQueue jobs;
    private final ActionSpecs specs;
    private final Clock clock;

    public JobRuleActions(MetadataStore store, ActionStore actions, JobQueue jobs, ActionSpecs specs, Clock clock) {
        this.store = store;
        this.actions = actions;
        this.jobs = jobs;
        this.specs = specs;
        this.clock = clock;
    }

    @Override
    public String validate(long orgId, String actionsJson) { return specs.validate(orgId, actionsJson); }

    @Override
    public Set<Long> writtenStreams(long orgId, String actionsJson) {
        Set<Long> ids = new LinkedHashSet<>();
        for (ObjectNode action : ActionSpecs.parse(actionsJson)) {
            if (action.path("kind").asText().equals("write")) specs.writeTarget(orgId, action).map(Stream::id).ifPresent(ids::add);
        }
        return ids;
    }

    @Override
    public void fire(Firing firing, String actionsJson) {
        List<ObjectNode> list = ActionSpecs.parse(actionsJson);
        if (list.isEmpty()) return;
        store.inTransaction(() -> {
            Instant now = clock.instant();
            if (!actions.recordFiring(firing.orgId(), firing.ruleId(), firing.position(), firing.transition(), now)) return null;
            for (int i = 0; i < list.size(); i++) {
                ObjectNode action = list.get(i);
                if (runsOn(action, firing.transition()) && cooledDown(firing, i, action, now)) {
                    jobs.enqueue(ActionDelivery.JOB_TYPE, firing.orgId(), new ActionJob(firing, i, action).toJson());
                }
            }
            return null;
        });
    }

    private static boolean runsOn(JsonNode action, String transition) {
        JsonNode on = action.get("on");
        if (on == null || !on.isArray()) return ActionSpecs.DEFAULT_ON.contains(transition);
        for (JsonNode t : on) if (t.asText().equals(transition)) return true;
        return false;
    }

    /** Whether the action's cooldown has passed for the firing's originator; if so, it starts again now. */
    private boolean cooledDown(Firing firing, int index, JsonNode action, Instant now) {
        long seconds = action.path("cooldown").asLong(0);
        if (seconds <= 0) return true;
        Optional<Instant> last = actions.lastQueued(firing.ruleId(), firing.originator(), index);
        if (last.isPresent() && now.isBefore(last.get().plus(Duration.ofSeconds(seconds)))) return false;
        actions.putLastQueued(firing.orgId(), firing.ruleId(), firing.originator(), index, now);
        return true;
    }
}
