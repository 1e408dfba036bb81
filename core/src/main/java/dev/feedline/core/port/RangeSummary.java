package dev.feedline.core.port;

/**
 * The numeric points of one stream in a time range, summarized so that parts of a range merge into any of count,
 * sum, min, max, first and last exactly (up to the order in which sums are added).
 *
 * @param count the numeric points (0: the other fields mean nothing)
 * @param first the value of the oldest numeric point
 * @param last the value of the newest numeric point
 */
public record RangeSummary(long count, double sum, double min, double max, double first, double last) {
    public static final RangeSummary EMPTY = new RangeSummary(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN);

    /** This range followed by a later one (every point of {@code later} is newer than every point of this). */
    public RangeSummary then(RangeSummary later) {
        if (later.count == 0) return this;
        if (count == 0) return later;
        return new RangeSummary(count + later.count, sum + later.sum, Math.min(min, later.min), Math.max(max, later.max), first, later.last);
    }

    /** The summary of one value. */
    public static RangeSummary of(double value) { return new RangeSummary(1, value, value, value, value, value); }
}
