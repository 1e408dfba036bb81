package dev.feedline.core.alias;

import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;

/**
 * Joins two buckets with the same start computed over disjoint, consecutive pieces of time (an alias's bucket that
 * a tap boundary cuts in two): {@code earlier} covers the time before {@code later}. Exact for every function:
 * averages are weighted by their counts, first comes from the earlier piece, last from the later one.
 */
public final class BucketMerge {
    private BucketMerge() {}

    public static Bucket merge(AggregateFunction fn, Bucket earlier, Bucket later) {
        long count = earlier.count() + later.count();
        Double a = earlier.value();
        Double b = later.value();
        if (a == null || earlier.count() == 0) return new Bucket(earlier.startMicros(), count, b);
        if (b == null || later.count() == 0) return new Bucket(earlier.startMicros(), count, a);
        double value = switch (fn) {
            case AVG -> (a * earlier.count() + b * later.count()) / count;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case SUM, COUNT -> a + b;
            case FIRST -> a;
            case LAST -> b;
        };
        return new Bucket(earlier.startMicros(), count, value);
    }
}
