package dev.feedline.core.action;

import java.time.Instant;
import java.util.Objects;

/**
 * One firing of a rule: what the rule's actions are told (and what email, webhook and notification templates
 * can show). Built by the rules engine when a rule's state changes; plain data, so it can be a job's payload.
 *
 * @param orgId the rule's org
 * @param ruleId the rule that fired
 * @param ruleName its name, for messages
 * @param transition what happened: {@code "fired"} (the condition became true: an alarm opened or a trigger
 *                   fired) or {@code "cleared"} (the clear condition held: an alarm cleared)
 * @param alarmId the alarm opened or cleared by this firing; null for a rule without an alarm
 * @param severity the alarm's severity (CRITICAL, MAJOR, MINOR, WARNING, INDETERMINATE); null without an alarm
 * @param originator the slug of what the rule fired for: a device ({@code d--…}) or a stream ({@code s--…})
 * @param stream the slug of the stream whose point made it fire; null for a deadman or presence rule
 * @param value the numeric value that made it fire (after a window: the window's aggregate); null if none
 * @param text the text value that made it fire (a text or boolean state); null if none
 * @param at when the condition changed: the point's timestamp, or the engine's clock for deadman and presence
 * @param position a number unique to this firing of this rule: the id of the engine's firing-log row, written in
 *                 the same transaction (an outbox position is not unique: one commit can fire a rule for several
 *                 originators, or several times), so a firing handled twice after a crash is recognised and queued once
 */
public record Firing(long orgId, long ruleId, String ruleName, String transition, Long alarmId, String severity,
                     String originator, String stream, Double value, String text, Instant at, long position) {
    public static final String FIRED = "fired";
    public static final String CLEARED = "cleared";

    /** Most characters of a text value a firing carries: its actions' jobs must stay small whatever a device sent. */
    public static final int MAX_TEXT = 1_000;

    public Firing {
        if (text != null && text.length() > MAX_TEXT) text = text.substring(0, MAX_TEXT) + "…";
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(at, "at");
    }
}
