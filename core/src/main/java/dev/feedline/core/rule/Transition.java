package dev.feedline.core.rule;

import dev.feedline.model.Rule;

/**
 * A rule fired or cleared for an originator: what the engine turns into an alarm change, a firing-log row and the
 * rule's actions, in the transaction that stores the new state.
 *
 * @param transition {@link dev.feedline.core.action.Firing#FIRED} or {@code CLEARED}
 * @param atMicros   the point's timestamp, or the engine's clock for a firing by the clock
 */
public record Transition(Rule rule, String originator, String transition, Double value, String text, Long streamId, long atMicros) {}
