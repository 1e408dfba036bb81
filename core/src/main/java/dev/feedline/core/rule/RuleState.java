package dev.feedline.core.rule;

/**
 * What the engine remembers of one rule for one originator between points, stored with every change in the same
 * transaction as the alarm changes and actions it caused, so it survives a restart.
 *
 * @param active     the rule has fired for the originator and not cleared yet
 * @param sinceMicros while not active: time of the first point of the current run that met the condition; else null
 * @param inRow      while not active: how many points in a row met the condition
 * @param seenMicros NO_DATA: engine clock when data of the originator was last seen; OFFLINE: when the device went
 *                   offline (null while online); else null
 * @param lastValue  the value of the originator's latest point (a window's aggregate for a window condition): the
 *                   previous value of a change condition, and what a firing by the clock reports
 * @param lastText   the text of the originator's latest point, if text
 * @param streamId   the stream of the originator's latest point
 */
public record RuleState(long ruleId, String originator, boolean active, Long sinceMicros, int inRow, Long seenMicros, Double lastValue,
                        String lastText, Long streamId) {

    /** A state for an originator seen for the first time. */
    public static RuleState fresh(long ruleId, String originator) {
        return new RuleState(ruleId, originator, false, null, 0, null, null, null, null);
    }

    RuleState run(Long since, int count) { return new RuleState(ruleId, originator, active, since, count, seenMicros, lastValue, lastText, streamId); }

    RuleState active(boolean now) { return new RuleState(ruleId, originator, now, null, 0, seenMicros, lastValue, lastText, streamId); }

    RuleState seen(Long micros) { return new RuleState(ruleId, originator, active, sinceMicros, inRow, micros, lastValue, lastText, streamId); }

    RuleState last(Double value, String text, Long stream) {
        return new RuleState(ruleId, originator, active, sinceMicros, inRow, seenMicros, value, text, stream);
    }
}
