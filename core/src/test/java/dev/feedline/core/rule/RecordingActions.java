package dev.feedline.core.rule;

import dev.feedline.core.action.Firing;
import dev.feedline.core.action.RuleActions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rule actions for tests: any JSON array is valid, {@code {"kind":"write","stream":ID}} writes stream ID, and every
 * firing is recorded (only once it commits, since fire() runs inside the engine's transaction: a rolled-back
 * firing is taken back by {@link #committed}'s caller through the firing log).
 */
public final class RecordingActions implements RuleActions {
    public final List<Firing> fired = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Long>> writes = new ConcurrentHashMap<>();

    @Override
    public String validate(long orgId, String actionsJson) { return actionsJson.strip(); }

    /** The streams an actions text writes: set by the test. */
    public void writes(String actionsJson, Set<Long> streams) { writes.put(actionsJson.strip(), streams); }

    @Override
    public Set<Long> writtenStreams(long orgId, String actionsJson) { return writes.getOrDefault(actionsJson.strip(), Set.of()); }

    @Override
    public void fire(Firing firing, String actionsJson) { fired.add(firing); }

    /** "fired 31.0 s--..." for each firing, in order. */
    public List<String> committed() {
        return fired.stream().map(f -> f.transition() + " " + (f.value() != null ? f.value() : f.text()) + " " + f.originator()).toList();
    }
}
