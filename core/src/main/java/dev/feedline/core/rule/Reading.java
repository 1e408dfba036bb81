package dev.feedline.core.rule;

import dev.feedline.model.RuleCondition;
import java.util.function.Function;

/**
 * One committed point as a rule sees it.
 *
 * @param context for a WINDOW condition, the window's aggregate ending at this point; for a COMPARE condition, the
 *                other stream's latest value; null when there is none (an empty window, a stream without data)
 */
public record Reading(long streamId, long micros, Double value, String text, Function<RuleCondition, Double> context) {
    /** A reading without windows or other streams. */
    public static Reading of(long streamId, long micros, Double value, String text) {
        return new Reading(streamId, micros, value, text, c -> null);
    }
}
