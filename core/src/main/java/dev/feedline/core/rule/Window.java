package dev.feedline.core.rule;

import dev.feedline.core.port.RangeSummary;
import dev.feedline.model.DataPoint;
import dev.feedline.model.RuleCondition;
import java.util.Arrays;
import java.util.List;

/**
 * The points of one stream around the points being evaluated, oldest first, from which every window condition's
 * aggregate ending at a point is computed: the points with a time in (t - minutes, t]. Read from the store, so a
 * window holds every stored point (late ones too) and survives a restart without state of its own. An entry is a
 * point, or a summary of the stored points of a span that lies in every window asked of it (a long window's middle,
 * served by the store's rollups; see {@link RuleEngine}). Averages, counts and deltas come from running sums in
 * constant time per point; min and max walk the window's entries.
 */
final class Window {
    /**
     * One entry: its time (a summary's: any time in its span, as every window asked contains the whole span), how many
     * points it stands for (numeric or not, for count) and its numeric values summarized.
     */
    record Entry(long micros, long points, RangeSummary numeric) {
        static Entry of(DataPoint p) {
            return new Entry(p.timestampMicros(), 1, p.value() == null ? RangeSummary.EMPTY : RangeSummary.of(p.value()));
        }
    }

    private final long[] times;
    private final RangeSummary[] entries;
    /** Points, numeric points and sums of the numeric values before each index. */
    private final long[] points;
    private final long[] counts;
    private final double[] sums;
    /** Index of the first numeric entry at or after each index (length when none), and of the last at or before it (-1). */
    private final int[] nextNumeric;
    private final int[] previousNumeric;

    /** Entries oldest first. */
    Window(List<Entry> oldestFirst) {
        int n = oldestFirst.size();
        times = new long[n];
        entries = new RangeSummary[n];
        points = new long[n + 1];
        counts = new long[n + 1];
        sums = new double[n + 1];
        nextNumeric = new int[n + 1];
        previousNumeric = new int[n];
        for (int i = 0; i < n; i++) {
            Entry e = oldestFirst.get(i);
            times[i] = e.micros();
            entries[i] = e.numeric();
            boolean numeric = e.numeric().count() > 0;
            points[i + 1] = points[i] + e.points();
            counts[i + 1] = counts[i] + e.numeric().count();
            sums[i + 1] = sums[i] + (numeric ? e.numeric().sum() : 0);
            previousNumeric[i] = numeric ? i : i == 0 ? -1 : previousNumeric[i - 1];
        }
        nextNumeric[n] = n;
        for (int i = n - 1; i >= 0; i--) nextNumeric[i] = entries[i].count() > 0 ? i : nextNumeric[i + 1];
    }

    /** The aggregate of the window of {@code c} ending at {@code micros}; null when it holds no (numeric) point. */
    Double aggregate(RuleCondition c, long micros) {
        int end = upper(micros); // exclusive
        int start = upper(micros - c.minutes() * 60_000_000L);
        if (c.function() == RuleCondition.Function.COUNT) return (double) (points[end] - points[start]);
        long n = counts[end] - counts[start];
        if (n == 0) return null;
        return switch (c.function()) {
            case AVG -> (sums[end] - sums[start]) / n;
            case DELTA -> entries[previousNumeric[end - 1]].last() - entries[nextNumeric[start]].first();
            case MIN, MAX -> extreme(start, end, c.function() == RuleCondition.Function.MAX);
            case COUNT -> (double) n;
        };
    }

    private double extreme(int start, int end, boolean max) {
        double out = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int i = start; i < end; i++) {
            if (entries[i].count() > 0) out = max ? Math.max(out, entries[i].max()) : Math.min(out, entries[i].min());
        }
        return out;
    }

    /** Index of the first entry later than micros. */
    private int upper(long micros) {
        int i = Arrays.binarySearch(times, micros);
        if (i < 0) return -i - 1;
        while (i < times.length && times[i] == micros) i++;
        return i;
    }
}
