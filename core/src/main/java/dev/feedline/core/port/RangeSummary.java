package dev.feedline.core.port;

/**
 * The points of one stream in a time range, summarized so that parts of a range merge into any of count (of every
 * point, or of the numeric ones), sum, min, max, first and last exactly (up to the order in which sums are added).
 *
 * @param points every point, numeric or not (text, JSON, booleans stored as text): what a rule's count window counts
 * @param count the numeric points (0: the fields after it mean nothing)
 * @param first the value of the oldest numeric point
 * @param last the value of the newest numeric point
 */
public record RangeSummary(long points, long count, double sum, double min, double max, double first, double last) {
    public static final RangeSummary EMPTY = new RangeSummary(0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN);
    /** One point without a number. */
    public static final RangeSummary NON_NUMERIC = EMPTY.withPoints(1);

    /** This range followed by a later one (every point of {@code later} is newer than every point of this). */
    public RangeSummary then(RangeSummary later) {
        if (later.count == 0) return withPoints(points + later.points);
        if (count == 0) return later.withPoints(points + later.points);
        return new RangeSummary(points + later.points, count + later.count, sum + later.sum, Math.min(min, later.min), Math.max(max, later.max),
                first, later.last);
    }

    /** The same numeric values standing for this many points in all. */
    public RangeSummary withPoints(long n) { return new RangeSummary(n, count, sum, min, max, first, last); }

    /** The summary of one value. */
    public static RangeSummary of(double value) { return new RangeSummary(1, 1, value, value, value, value, value); }
}
