package dev.feedline.core.port;

import dev.feedline.core.rule.RuleState;
import dev.feedline.model.Rule;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules, and what the rules engine keeps of them: a state per (rule, originator), the newest point time evaluated
 * per stream, how far along the event outbox it got, and a log of firings.
 */
public interface RuleRepository {
    /** Stores a new rule (its id is ignored) and returns it with its id. */
    Rule create(Rule rule);

    Optional<Rule> byId(long id);

    /** Rules of these orgs ordered by id; projectId narrows to one project when non-null. */
    Page<Rule> list(Collection<Long> orgIds, Long projectId, PageRequest page);

    /** Every rule of the org (for limits and loop checks). */
    List<Rule> ofOrg(long orgId);

    /** Every enabled rule of every org: what the engine evaluates. */
    List<Rule> enabled();

    /** Stores every field but id, org, createdBy and createdOn. */
    void update(Rule rule);

    /** Deletes the rule, its states and its alarms. */
    void delete(long id);

    /** The rule's states, one per originator. */
    List<RuleState> states(long ruleId);

    Optional<RuleState> state(long ruleId, String originator);

    /** Stores the state (inserted or replaced). */
    void saveState(RuleState state);

    /** Many states at once (the engine's commit), in the caller's transaction; a store may send them as one batch. */
    default void saveStates(java.util.Collection<RuleState> states) { states.forEach(this::saveState); }

    /** Forgets every state of the rule (its definition changed). */
    void deleteStates(long ruleId);

    /** The newest point time evaluated of each of these streams that has one. */
    Map<Long, Long> marks(Collection<Long> streamIds);

    /** Stores the newest point time evaluated of the stream (never lowers it). */
    void saveMark(long streamId, long micros);

    /** Many marks at once (stream id → micros), as {@link #saveMark} each. */
    default void saveMarks(java.util.Map<Long, Long> marks) { marks.forEach(this::saveMark); }

    /**
     * Takes the engine's partition over: increments its owner epoch (creating its row, at position 0, if it has none)
     * and answers the new epoch. On PostgreSQL this waits for a commit of the previous owner under way.
     */
    long takeOver(String engine);

    /**
     * Whether {@code epoch} is still the engine's owner epoch, checked first in every commit of the engine; on
     * PostgreSQL the row stays locked to the end of the transaction, so a take-over waits for this commit or fences it.
     */
    boolean holdsEpoch(String engine, long epoch);

    /** The outbox position the engine named {@code engine} has handled up to; 0 before the first. */
    long progress(String engine);

    /**
     * Moves the engine's position to {@code position} if it is behind it and answers true; answers false (changing
     * nothing) when it is already there or past it: another evaluation of this event committed first. On PostgreSQL
     * the row stays locked to the end of the transaction, so two nodes evaluating the same event serialise here.
     */
    boolean advanceProgress(String engine, long position);

    /** Records a firing and returns its id, unique to it: the firing's position for the actions. */
    long logFiring(long orgId, long ruleId, String originator, String transition, Instant at, Double value, String text);

    /** Forgets firings logged, and alarms cleared, before the given time (with their history). */
    int pruneHistory(Instant before);

    /** Stores (or replaces) where a rule came from; see RuleOrigin. */
    void saveOrigin(dev.feedline.core.rule.RuleOrigin origin);

    Optional<dev.feedline.core.rule.RuleOrigin> origin(long ruleId);

    Optional<dev.feedline.core.rule.RuleOrigin> originByRef(String dialect, String ref);
}
