package dev.feedline.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.action.Firing;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleCondition.Op;
import dev.feedline.model.RuleHold;
import dev.feedline.model.RuleScope;
import dev.feedline.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The state machine of one rule for one originator: every condition kind, holds, hysteresis, the clock and presence. */
class RuleEvaluatorTest {
    private static final long S = 1_000_000L;
    private static final long M = 60 * S;
    private static final RuleScope STREAM = new RuleScope(RuleScope.Kind.STREAM, "s--x", 1, 7L, null, null);

    private static Rule rule(RuleCondition c, RuleCondition clear, RuleHold hold) {
        RuleScope scope = c.kind() == RuleCondition.Kind.OFFLINE ? new RuleScope(RuleScope.Kind.PRESENCE, "d--1", 1, null, 1L, null) : STREAM;
        return new Rule(1, 1, 1, "r", true, scope, c, clear, hold, true, Severity.MAJOR, "[]", 1, Instant.EPOCH, Instant.EPOCH);
    }

    /** Feeds readings one by one and records the transitions (what, value, at). */
    private static final class Run {
        final Rule rule;
        RuleState state = RuleState.fresh(1, "s--x");
        final List<String> seen = new ArrayList<>();

        Run(Rule rule) { this.rule = rule; }

        Run value(long at, double v) { return reading(Reading.of(7, at, v, null)); }

        Run text(long at, String t) { return reading(Reading.of(7, at, null, t)); }

        Run with(long at, double v, Function<RuleCondition, Double> context) { return reading(new Reading(7, at, v, null, context)); }

        Run reading(Reading r) { return take(RuleEvaluator.point(rule, state, r, r.micros())); }

        Run tick(long now) { return take(RuleEvaluator.tick(rule, state, now)); }

        Run presence(boolean online, long at) { return take(RuleEvaluator.presence(rule, state, online, at)); }

        private Run take(RuleEvaluator.Outcome o) {
            state = o.state();
            if (o.transition() != null) {
                Transition t = o.transition();
                seen.add(t.transition() + " " + (t.value() != null ? RuleEvaluator.textOf(t.value(), null) : t.text()) + " @" + t.atMicros() / S);
            }
            return this;
        }
    }

    @Test
    void thresholdFiresWhenCrossedAndClearsWhenNoLongerMet() {
        Run r = new Run(rule(RuleCondition.threshold(Op.GT, 30), null, null)).value(1 * S, 20).value(2 * S, 31).value(3 * S, 35).value(4 * S, 30);
        assertThat(r.seen).containsExactly("fired 31 @2", "cleared 30 @4");
    }

    @Test
    void everyOperatorCompares() {
        assertThat(Op.EQ.test(1, 1)).isTrue();
        assertThat(Op.NE.test(1, 1)).isFalse();
        assertThat(Op.LT.test(1, 2)).isTrue();
        assertThat(Op.LE.test(2, 2)).isTrue();
        assertThat(Op.GT.test(2, 2)).isFalse();
        assertThat(Op.GE.test(2, 2)).isTrue();
        assertThat(new Run(rule(RuleCondition.threshold(Op.LE, 0), null, null)).value(S, 1).value(2 * S, 0).seen).containsExactly("fired 0 @2");
    }

    @Test
    void hysteresisClearsOnlyOnTheClearCondition() {
        Run r = new Run(rule(RuleCondition.threshold(Op.GT, 30), RuleCondition.threshold(Op.LT, 25), null))
                .value(1 * S, 31).value(2 * S, 28).value(3 * S, 32).value(4 * S, 24).value(5 * S, 26).value(6 * S, 33);
        assertThat(r.seen).containsExactly("fired 31 @1", "cleared 24 @4", "fired 33 @6");
    }

    @Test
    void textThresholdComparesText() {
        Run r = new Run(rule(RuleCondition.text(Op.EQ, "open"), null, null)).text(S, "closed").text(2 * S, "open").text(3 * S, "closed");
        assertThat(r.seen).containsExactly("fired open @2", "cleared closed @3");
    }

    @Test
    void rangeInsideAndOutside() {
        assertThat(new Run(rule(RuleCondition.range(10, 20, false), null, null)).value(S, 5).value(2 * S, 10).value(3 * S, 21).seen)
                .containsExactly("fired 10 @2", "cleared 21 @3");
        assertThat(new Run(rule(RuleCondition.range(10, 20, true), null, null)).value(S, 15).value(2 * S, 20.5).value(3 * S, 20).seen)
                .containsExactly("fired 20.5 @2", "cleared 20 @3");
    }

    @Test
    void changeFiresOnEveryChangeOfState() {
        Run r = new Run(rule(RuleCondition.change(null), null, null)).text(S, "off").text(2 * S, "off").text(3 * S, "on").text(4 * S, "on").text(5 * S, "off");
        assertThat(r.seen).containsExactly("fired on @3", "fired off @5");
        Run booleans = new Run(rule(RuleCondition.change("1"), null, null)).value(S, 0).value(2 * S, 1).value(3 * S, 0).value(4 * S, 1);
        assertThat(booleans.seen).containsExactly("fired 1 @2", "fired 1 @4");
    }

    @Test
    void changeWithAClearConditionStaysActiveUntilItHolds() {
        Run r = new Run(rule(RuleCondition.change("open"), RuleCondition.text(Op.EQ, "closed"), null))
                .text(S, "closed").text(2 * S, "open").text(3 * S, "ajar").text(4 * S, "closed");
        assertThat(r.seen).containsExactly("fired open @2", "cleared closed @4");
    }

    @Test
    void compareWithTheOtherStreamsLatestValue() {
        Run r = new Run(rule(RuleCondition.compare(Op.GT, 9, "s--other"), null, null))
                .with(S, 20, c -> 25.0).with(2 * S, 26, c -> 25.0).with(3 * S, 26, c -> null).with(4 * S, 30, c -> 20.0);
        assertThat(r.seen).containsExactly("fired 26 @2", "cleared 26 @3", "fired 30 @4");
    }

    /** A window of single points. */
    private static Window window(long[] times, double[] values, boolean[] numeric) {
        List<Window.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            entries.add(new Window.Entry(times[i], 1, numeric[i] ? dev.feedline.core.port.RangeSummary.of(values[i]) : dev.feedline.core.port.RangeSummary.EMPTY));
        }
        return new Window(entries);
    }

    @Test
    void windowComparesTheAggregateAndReportsIt() {
        for (RuleCondition.Function fn : RuleCondition.Function.values()) {
            RuleCondition c = RuleCondition.window(fn, 10, Op.GE, 3);
            Window w = window(new long[] {0, M, 2 * M, 11 * M}, new double[] {1, 2, 4, 5}, new boolean[] {true, true, true, true});
            // at 2 min the window (−8, 2] min holds 1, 2, 4; at 11 min, (1, 11] holds 4 (at 2 min) and 5
            Double at2 = w.aggregate(c, 2 * M);
            Double at12 = w.aggregate(c, 11 * M);
            switch (fn) {
                case AVG -> assertThat(List.of(at2, at12)).containsExactly(7 / 3.0, 4.5);
                case MIN -> assertThat(List.of(at2, at12)).containsExactly(1.0, 4.0);
                case MAX -> assertThat(List.of(at2, at12)).containsExactly(4.0, 5.0);
                case COUNT -> assertThat(List.of(at2, at12)).containsExactly(3.0, 2.0);
                case DELTA -> assertThat(List.of(at2, at12)).containsExactly(3.0, 1.0);
            }
        }
        // a text point in the window counts for count only
        Window mixed = window(new long[] {0, M, 2 * M}, new double[] {1, 0, 3}, new boolean[] {true, false, true});
        assertThat(mixed.aggregate(RuleCondition.window(RuleCondition.Function.COUNT, 10, Op.GT, 0), 2 * M)).isEqualTo(3.0);
        assertThat(mixed.aggregate(RuleCondition.window(RuleCondition.Function.AVG, 10, Op.GT, 0), 2 * M)).isEqualTo(2.0);
        assertThat(mixed.aggregate(RuleCondition.window(RuleCondition.Function.DELTA, 10, Op.GT, 0), 2 * M)).isEqualTo(2.0);
        assertThat(mixed.aggregate(RuleCondition.window(RuleCondition.Function.MIN, 10, Op.GT, 0), M)).isEqualTo(1.0);
        assertThat(mixed.aggregate(RuleCondition.window(RuleCondition.Function.AVG, 1, Op.GT, 0), 90 * S)).isNull();
        RuleCondition avg = RuleCondition.window(RuleCondition.Function.AVG, 10, Op.GT, 3);
        Window w = window(new long[] {0, M, 2 * M, 11 * M}, new double[] {1, 2, 4, 5}, new boolean[] {true, true, true, true});
        Run r = new Run(rule(avg, null, null)).with(2 * M, 4, c -> w.aggregate(c, 2 * M)).with(11 * M, 5, c -> w.aggregate(c, 11 * M));
        assertThat(r.seen).containsExactly("fired 4.5 @660");
    }

    @Test
    void heldForPointsInARow() {
        Run r = new Run(rule(RuleCondition.threshold(Op.GT, 30), null, new RuleHold(null, 3)))
                .value(S, 31).value(2 * S, 32).value(3 * S, 29).value(4 * S, 31).value(5 * S, 31).value(6 * S, 33).value(7 * S, 34);
        assertThat(r.seen).containsExactly("fired 33 @6");
    }

    @Test
    void heldForADurationFiresOnALaterPointOrOnTheClock() {
        Rule held = rule(RuleCondition.threshold(Op.GT, 30), null, new RuleHold(60, null));
        assertThat(new Run(held).value(0, 31).value(30 * S, 32).value(60 * S, 33).seen).containsExactly("fired 33 @60");
        // interrupted: the run starts again at the next point that meets it
        assertThat(new Run(held).value(0, 31).value(30 * S, 20).value(61 * S, 35).tick(100 * S).tick(121 * S).seen).containsExactly("fired 35 @121");
        // no more points: the clock fires it, once
        assertThat(new Run(held).value(0, 31).tick(59 * S).tick(60 * S).tick(61 * S).seen).containsExactly("fired 31 @60");
    }

    @Test
    void noDataFiresWhenSilentForTheMinutesAndClearsOnData() {
        Rule deadman = rule(RuleCondition.noData(5), null, null);
        Run r = new Run(deadman);
        r.state = r.state.seen(0L); // seeded when the rule started; data at 4 min 1 s restarts the 5 minutes
        r.tick(4 * M).value(4 * M + S, 1).tick(9 * M).tick(9 * M + S).tick(10 * M).value(11 * M, 2).tick(15 * M);
        assertThat(r.seen).containsExactly("fired null @541", "cleared 2 @660");
    }

    @Test
    void offlineFiresWhenOfflineForTheMinutesAndClearsWhenOnline() {
        Run r = new Run(rule(RuleCondition.offline(5), null, null));
        r.presence(false, 0).tick(4 * M).presence(true, 4 * M + S).tick(10 * M).presence(false, 20 * M).tick(24 * M).tick(25 * M).tick(26 * M)
                .presence(true, 30 * M);
        assertThat(r.seen).containsExactly("fired null @1500", "cleared null @1800");
        // a second "offline" does not restart the clock
        Run again = new Run(rule(RuleCondition.offline(5), null, null)).presence(false, 0).presence(false, 3 * M).tick(5 * M);
        assertThat(again.seen).containsExactly("fired null @300");
    }

    @Test
    void aNonNumericPointNeverMeetsANumericCondition() {
        assertThat(new Run(rule(RuleCondition.threshold(Op.NE, 1), null, null)).text(S, "x").seen).isEmpty();
    }

    @Test
    void firingNamesMatchTheActionsSeam() {
        Run r = new Run(rule(RuleCondition.threshold(Op.GT, 0), null, null)).value(S, 1);
        assertThat(r.seen.get(0)).startsWith(Firing.FIRED);
    }
}
