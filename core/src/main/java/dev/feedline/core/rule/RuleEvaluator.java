package dev.feedline.core.rule;

import dev.feedline.core.action.Firing;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleCondition.Kind;
import dev.feedline.model.RuleHold;
import java.util.Objects;

/**
 * The state machine of one rule for one originator, without storage or time of its own: given the state, what
 * happened (a point, the clock, a presence change) and now, it answers the next state and the transition, if
 * any. Not active: the condition must hold (for the hold's duration or points in a row) to fire. Active: the clear
 * condition (or, without one, the condition no longer holding) clears — the hysteresis between the two.
 */
public final class RuleEvaluator {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;

    private RuleEvaluator() {}

    /** The next state and, if the rule fired or cleared, the transition. */
    public record Outcome(RuleState state, Transition transition) {}

    /** A committed point of the originator; {@code nowMicros} is the engine's clock (when data was seen). */
    public static Outcome point(Rule rule, RuleState s, Reading r, long nowMicros) {
        RuleCondition c = rule.condition();
        if (c.kind() == Kind.NO_DATA) {
            RuleState next = s.seen(nowMicros).last(r.value(), r.text(), r.streamId());
            return s.active() ? new Outcome(next.active(false), transition(rule, s, Firing.CLEARED, r.value(), r.text(), r.streamId(), r.micros()))
                    : new Outcome(next, null);
        }
        if (c.kind() == Kind.OFFLINE) return new Outcome(s, null);
        Double reported = reported(c, r);
        if (!s.active()) {
            boolean met = test(c, r, s);
            RuleState next = s.last(reported, r.text(), r.streamId());
            if (!met) return new Outcome(next.run(null, 0), null);
            long since = s.sinceMicros() == null ? r.micros() : s.sinceMicros();
            int inRow = s.inRow() + 1;
            if (!held(rule.hold(), since, inRow, r.micros())) return new Outcome(next.run(since, inRow), null);
            // A change without a clear condition is an edge: it fires on every change and stays armed.
            boolean stays = c.kind() == Kind.CHANGE && rule.clear() == null;
            return new Outcome(next.active(!stays), transition(rule, s, Firing.FIRED, reported, r.text(), r.streamId(), r.micros()));
        }
        boolean cleared = rule.clear() != null ? test(rule.clear(), r, s) : !test(c, r, s);
        RuleState next = s.last(reported, r.text(), r.streamId());
        if (!cleared) return new Outcome(next, null);
        Double clearValue = rule.clear() != null ? reported(rule.clear(), r) : reported;
        return new Outcome(next.active(false), transition(rule, s, Firing.CLEARED, clearValue, r.text(), r.streamId(), r.micros()));
    }

    /**
     * The engine's clock ticked: a NO_DATA or OFFLINE rule whose originator stayed silent or offline long enough
     * fires, and a condition that has held since its first point for the hold's seconds fires.
     */
    public static Outcome tick(Rule rule, RuleState s, long nowMicros) {
        if (s.active()) return new Outcome(s, null);
        RuleCondition c = rule.condition();
        if (c.kind().timed()) {
            if (s.seenMicros() == null || nowMicros - s.seenMicros() < c.minutes() * MICROS_PER_MINUTE) return new Outcome(s, null);
            return new Outcome(s.active(true), transition(rule, s, Firing.FIRED, null, null, s.streamId(), nowMicros));
        }
        RuleHold hold = rule.hold();
        if (hold == null || hold.seconds() == null || s.sinceMicros() == null) return new Outcome(s, null);
        if (nowMicros - s.sinceMicros() < hold.seconds() * MICROS_PER_SECOND) return new Outcome(s, null);
        return new Outcome(s.active(true), transition(rule, s, Firing.FIRED, s.lastValue(), s.lastText(), s.streamId(), nowMicros));
    }

    /** A device of an OFFLINE rule came online (clears) or went offline at {@code atMicros} (the clock starts). */
    public static Outcome presence(Rule rule, RuleState s, boolean online, long atMicros) {
        if (rule.condition().kind() != Kind.OFFLINE) return new Outcome(s, null);
        if (online) {
            RuleState next = s.seen(null);
            return s.active() ? new Outcome(next.active(false), transition(rule, s, Firing.CLEARED, null, null, null, atMicros)) : new Outcome(next, null);
        }
        return new Outcome(s.seenMicros() == null ? s.seen(atMicros) : s, null);
    }

    /** Whether the condition holds for the reading, given the originator's state before it. */
    static boolean test(RuleCondition c, Reading r, RuleState before) {
        return switch (c.kind()) {
            case THRESHOLD -> c.text() != null ? textTest(c, r) : r.value() != null && c.op().test(r.value(), c.value());
            case RANGE -> r.value() != null && (r.value() >= c.min() && r.value() <= c.max()) != Boolean.TRUE.equals(c.outside());
            case CHANGE -> changed(c, r, before);
            case COMPARE, WINDOW -> {
                Double v = c.kind() == Kind.COMPARE ? r.value() : r.context().apply(c);
                Double other = c.kind() == Kind.COMPARE ? r.context().apply(c) : c.value();
                yield v != null && other != null && c.op().test(v, other);
            }
            case NO_DATA, OFFLINE -> false;
        };
    }

    private static boolean textTest(RuleCondition c, Reading r) {
        String v = textOf(r.value(), r.text());
        if (v == null) return false;
        return (c.op() == RuleCondition.Op.EQ) == v.equals(c.text());
    }

    private static boolean changed(RuleCondition c, Reading r, RuleState before) {
        String previous = textOf(before.lastValue(), before.lastText());
        String now = textOf(r.value(), r.text());
        if (previous == null || now == null || previous.equals(now)) return false;
        return c.text() == null || Objects.equals(c.text(), now);
    }

    /** A value as text: the text of a text point, else the number without a needless ".0" (1, not 1.0). */
    static String textOf(Double value, String text) {
        if (text != null) return text;
        if (value == null) return null;
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue()) : value.toString();
    }

    private static Double reported(RuleCondition c, Reading r) { return c.kind() == Kind.WINDOW ? r.context().apply(c) : r.value(); }

    private static boolean held(RuleHold hold, long since, int inRow, long micros) {
        if (hold == null) return true;
        if (hold.points() != null) return inRow >= hold.points();
        return micros - since >= hold.seconds() * MICROS_PER_SECOND;
    }

    private static Transition transition(Rule rule, RuleState s, String what, Double value, String text, Long streamId, long atMicros) {
        return new Transition(rule, s.originator(), what, value, text, streamId, atMicros);
    }
}
