package dev.feedline.core.rule;

import dev.feedline.model.RuleCondition;
import java.util.Arrays;

/**
 * The points of one stream around the points being evaluated, oldest first, from which every window condition's
 * aggregate ending at a point is computed: the points with a time in (t - minutes, t]. Read from the store, so a
 * window holds every stored point (late ones too) and survives a restart without state of its own. Averages,
 * counts and deltas come from running sums in constant time per point; min and max walk the window.
 */
final class Window {
    private final long[] times;
    private final double[] values;
    private final boolean[] numeric;
    /** Sum and count of the numeric values before each index. */
    private final double[] sums;
    private final int[] counts;
    /** Index of the first numeric point at or after each index (length when none), and of the last at or before it (-1). */
    private final int[] nextNumeric;
    private final int[] previousNumeric;

    Window(long[] times, double[] values, boolean[] numeric) {
        this.times = times;
        this.values = values;
        this.numeric = numeric;
        int n = times.length;
        sums = new double[n + 1];
        counts = new int[n + 1];
        nextNumeric = new int[n + 1];
        previousNumeric = new int[n];
        for (int i = 0; i < n; i++) {
            sums[i + 1] = sums[i] + (numeric[i] ? values[i] : 0);
            counts[i + 1] = counts[i] + (numeric[i] ? 1 : 0);
            previousNumeric[i] = numeric[i] ? i : i == 0 ? -1 : previousNumeric[i - 1];
        }
        nextNumeric[n] = n;
        for (int i = n - 1; i >= 0; i--) nextNumeric[i] = numeric[i] ? i : nextNumeric[i + 1];
    }

    /** The aggregate of the window of {@code c} ending at {@code micros}; null when it holds no (numeric) point. */
    Double aggregate(RuleCondition c, long micros) {
        int end = upper(micros); // exclusive
        int start = upper(micros - c.minutes() * 60_000_000L);
        if (c.function() == RuleCondition.Function.COUNT) return (double) (end - start);
        int n = counts[end] - counts[start];
        if (n == 0) return null;
        return switch (c.function()) {
            case AVG -> (sums[end] - sums[start]) / n;
            case DELTA -> values[previousNumeric[end - 1]] - values[nextNumeric[start]];
            case MIN, MAX -> extreme(start, end, c.function() == RuleCondition.Function.MAX);
            case COUNT -> (double) n;
        };
    }

    private double extreme(int start, int end, boolean max) {
        double out = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int i = start; i < end; i++) {
            if (numeric[i]) out = max ? Math.max(out, values[i]) : Math.min(out, values[i]);
        }
        return out;
    }

    /** Index of the first point later than micros. */
    private int upper(long micros) {
        int i = Arrays.binarySearch(times, micros);
        if (i < 0) return -i - 1;
        while (i < times.length && times[i] == micros) i++;
        return i;
    }
}
