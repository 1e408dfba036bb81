package dev.feedline.core.rule;

import dev.feedline.model.RuleCondition;
import java.util.Arrays;

/**
 * The points of one stream around the points being evaluated, oldest first, from which every window condition's
 * aggregate ending at a point is computed: the points with a time in (t - minutes, t]. Read from the store, so a
 * window holds every stored point (late ones too) and survives a restart without state of its own.
 */
final class Window {
    private final long[] times;
    private final double[] values;
    private final boolean[] numeric;

    Window(long[] times, double[] values, boolean[] numeric) {
        this.times = times;
        this.values = values;
        this.numeric = numeric;
    }

    /** The aggregate of the window of {@code c} ending at {@code micros}; null when it holds no (numeric) point. */
    Double aggregate(RuleCondition c, long micros) {
        int end = upper(micros); // exclusive
        int start = upper(micros - c.minutes() * 60_000_000L);
        if (c.function() == RuleCondition.Function.COUNT) return (double) (end - start);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Double first = null;
        Double last = null;
        int n = 0;
        for (int i = start; i < end; i++) {
            if (!numeric[i]) continue;
            double v = values[i];
            if (first == null) first = v;
            last = v;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            n++;
        }
        if (n == 0) return null;
        return switch (c.function()) {
            case AVG -> sum / n;
            case MIN -> min;
            case MAX -> max;
            case DELTA -> last - first;
            case COUNT -> (double) n;
        };
    }

    /** Index of the first point later than micros. */
    private int upper(long micros) {
        int i = Arrays.binarySearch(times, micros);
        if (i < 0) return -i - 1;
        while (i < times.length && times[i] == micros) i++;
        return i;
    }
}
