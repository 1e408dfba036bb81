package dev.feedline.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.port.ActionStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The queueing policy of firings (cooldown on the injected clock, duplicates, transitions), over in-memory fakes. */
class JobRuleActionsTest {
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** Keeps firings and cooldowns in maps; the rest is not used by JobRuleActions. */
    private static final class MemoryActionStore implements ActionStore {
        final Set<String> firings = new HashSet<>();
        final Map<String, Instant> cooldowns = new HashMap<>();

        @Override public boolean recordFiring(long orgId, long ruleId, long position, String transition, Instant now) {
            return firings.add(ruleId + "/" + position + "/" + transition);
        }
        @Override public Optional<Instant> lastQueued(long ruleId, String originator, int index) {
            return Optional.ofNullable(cooldowns.get(ruleId + "/" + originator + "/" + index));
        }
        @Override public void putLastQueued(long orgId, long ruleId, String originator, int index, Instant at) {
            cooldowns.put(ruleId + "/" + originator + "/" + index, at);
        }
        @Override public void log(ActionAttempt attempt) { throw new UnsupportedOperationException(); }
        @Override public boolean succeeded(String pid) { throw new UnsupportedOperationException(); }
        @Override public Page<ActionAttempt> attempts(Collection<Long> orgIds, Long ruleId, PageRequest page) { throw new UnsupportedOperationException(); }
        @Override public Notification createNotification(Notification notification) { throw new UnsupportedOperationException(); }
        @Override public Optional<Notification> notification(long id, long accountId) { throw new UnsupportedOperationException(); }
        @Override public Page<Notification> notifications(long accountId, Collection<Long> orgIds, boolean unreadOnly, PageRequest page) { throw new UnsupportedOperationException(); }
        @Override public void markRead(long accountId, Collection<Long> notificationIds, Instant now) { throw new UnsupportedOperationException(); }
        @Override public int markAllRead(long accountId, Collection<Long> orgIds, Instant now) { throw new UnsupportedOperationException(); }
        @Override public int pruneFirings(Instant before) { throw new UnsupportedOperationException(); }
        @Override public int pruneHistory(Instant before) { throw new UnsupportedOperationException(); }
    }

    /** Records what is enqueued. */
    private static final class RecordingQueue implements JobQueue {
        final List<String> payloads = new ArrayList<>();
        @Override public void register(String type, int maxAttempts, Handler handler) {}
        @Override public String enqueue(String type, long orgId, String payload) {
            assertThat(type).isEqualTo(ActionDelivery.JOB_TYPE);
            payloads.add(payload);
            return "pid-" + payloads.size();
        }
        @Override public Optional<Status> status(String pid) { return Optional.empty(); }
        @Override public void start() {}
        @Override public void stop() {}
    }

    /** A store whose only use here is running the work in "a transaction". */
    @SuppressWarnings("unchecked")
    private static final MetadataStore STORE = (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
            new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("inTransaction")) return ((Supplier<Object>) args[0]).get();
                throw new UnsupportedOperationException(method.getName());
            });

    private final MovableClock clock = new MovableClock();
    private final RecordingQueue queue = new RecordingQueue();
    private final ActionSpecs specs = new ActionSpecs(STORE, new ActionSpecs.Capabilities(true, true));
    private final JobRuleActions actions = new JobRuleActions(STORE, new MemoryActionStore(), queue, specs, clock);

    private static Firing firing(String originator, String transition, long position) {
        return new Firing(1, 7, "R", transition, null, null, originator, null, 1.0, null, Instant.EPOCH, position);
    }

    @Test
    void aCooldownHoldsPerOriginatorUntilItHasPassedOnTheClock() {
        String json = specs.validate(1, "[{\"kind\": \"notify\", \"title\": \"t\", \"cooldown\": \"PT5M\"}, {\"kind\": \"notify\", \"title\": \"u\"}]");
        actions.fire(firing("d--0000-0000-0000-0001", Firing.FIRED, 1), json);
        assertThat(queue.payloads).hasSize(2);

        clock.now = clock.now.plus(Duration.ofMinutes(4).plusSeconds(59));
        actions.fire(firing("d--0000-0000-0000-0001", Firing.FIRED, 2), json);
        assertThat(queue.payloads).hasSize(3); // only the action without cooldown
        actions.fire(firing("d--0000-0000-0000-0002", Firing.FIRED, 3), json);
        assertThat(queue.payloads).hasSize(5); // another originator has its own cooldown

        clock.now = clock.now.plusSeconds(1);
        actions.fire(firing("d--0000-0000-0000-0001", Firing.FIRED, 4), json);
        assertThat(queue.payloads).hasSize(7);
    }

    @Test
    void aFiringSeenBeforeQueuesNothingAndEachActionRunsOnItsTransitions() {
        String json = specs.validate(1, "[{\"kind\": \"notify\", \"title\": \"t\"}, {\"kind\": \"notify\", \"title\": \"c\", \"on\": \"cleared\"}]");
        actions.fire(firing("d--0000-0000-0000-0001", Firing.FIRED, 1), json);
        actions.fire(firing("d--0000-0000-0000-0001", Firing.FIRED, 1), json);
        assertThat(queue.payloads).hasSize(1);
        actions.fire(firing("d--0000-0000-0000-0001", Firing.CLEARED, 1), json);
        assertThat(queue.payloads).hasSize(2);
        ActionJob cleared = ActionJob.parse(queue.payloads.get(1));
        assertThat(cleared.index()).isEqualTo(1);
        assertThat(cleared.firing()).isEqualTo(firing("d--0000-0000-0000-0001", Firing.CLEARED, 1));
        assertThat(cleared.action().get("title").asText()).isEqualTo("c");
    }

    @Test
    void noActionsQueueNothing() {
        actions.fire(firing("d--0000-0000-0000-0001", Firing.FIRED, 1), "[]");
        assertThat(queue.payloads).isEmpty();
        assertThat(actions.writtenStreams(1, "[]")).isEmpty();
    }
}
