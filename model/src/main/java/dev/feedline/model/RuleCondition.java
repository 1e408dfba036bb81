package dev.feedline.model;

import java.util.Locale;

/**
 * When a rule fires (or, as a rule's clear condition, when it clears). One record for every kind; each kind
 * uses some fields and leaves the others null (see {@code docs/RULES.md}).
 *
 * @param op        THRESHOLD, COMPARE, WINDOW: how the value is compared
 * @param value     THRESHOLD, WINDOW: the number compared with
 * @param text      THRESHOLD: the text compared with (eq, ne only); CHANGE: fire only on a change to this text
 * @param min       RANGE: the lower bound, inclusive
 * @param max       RANGE: the upper bound, inclusive
 * @param outside   RANGE: fire when the value lies outside [min, max] rather than inside
 * @param streamId  COMPARE: the other stream, whose latest value the point is compared with
 * @param stream    COMPARE: that stream's slug
 * @param function  WINDOW: the aggregate over the window
 * @param minutes   WINDOW: the window's length; NO_DATA, OFFLINE: how long without data or offline
 */
public record RuleCondition(Kind kind, Op op, Double value, String text, Double min, Double max, Boolean outside,
                            Long streamId, String stream, Function function, Integer minutes) {
    public enum Kind {
        THRESHOLD, RANGE, CHANGE, COMPARE, WINDOW, NO_DATA, OFFLINE;

        public String wire() { return name().toLowerCase(Locale.ROOT); }

        /** Conditions decided by the clock rather than by a point's value. */
        public boolean timed() { return this == NO_DATA || this == OFFLINE; }
    }

    public enum Op {
        EQ, NE, LT, LE, GT, GE;

        public String wire() { return name().toLowerCase(Locale.ROOT); }

        public boolean test(double left, double right) {
            return switch (this) {
                case EQ -> left == right;
                case NE -> left != right;
                case LT -> left < right;
                case LE -> left <= right;
                case GT -> left > right;
                case GE -> left >= right;
            };
        }
    }

    /** What a WINDOW condition aggregates: DELTA is the newest value minus the oldest in the window. */
    public enum Function {
        AVG, MIN, MAX, COUNT, DELTA;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }

    public static RuleCondition threshold(Op op, double value) { return new RuleCondition(Kind.THRESHOLD, op, value, null, null, null, null, null, null, null, null); }

    public static RuleCondition text(Op op, String text) { return new RuleCondition(Kind.THRESHOLD, op, null, text, null, null, null, null, null, null, null); }

    public static RuleCondition range(double min, double max, boolean outside) {
        return new RuleCondition(Kind.RANGE, null, null, null, min, max, outside, null, null, null, null);
    }

    public static RuleCondition change(String to) { return new RuleCondition(Kind.CHANGE, null, null, to, null, null, null, null, null, null, null); }

    public static RuleCondition compare(Op op, long streamId, String stream) {
        return new RuleCondition(Kind.COMPARE, op, null, null, null, null, null, streamId, stream, null, null);
    }

    public static RuleCondition window(Function function, int minutes, Op op, double value) {
        return new RuleCondition(Kind.WINDOW, op, value, null, null, null, null, null, null, function, minutes);
    }

    public static RuleCondition noData(int minutes) { return new RuleCondition(Kind.NO_DATA, null, null, null, null, null, null, null, null, null, minutes); }

    public static RuleCondition offline(int minutes) { return new RuleCondition(Kind.OFFLINE, null, null, null, null, null, null, null, null, null, minutes); }
}
