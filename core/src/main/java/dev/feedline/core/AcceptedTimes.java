package dev.feedline.core;

import dev.feedline.core.error.FeedlineException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one range of times a client may send, for every time field it writes — data points, events, notes,
 * locations, Adafruit IO created_at: from {@link Limits#minTimestampMicros()} to {@link Limits#maxFutureSkew()}
 * past the server clock. Times are stored in microseconds, so an instant outside the range is refused rather
 * than silently moved (year 0 used to become year 1), and every refusal reads the same.
 */
public final class AcceptedTimes {
    private final Limits limits;
    private final Clock clock;

    public AcceptedTimes(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** The time in microseconds; INVALID for {@code field} outside the accepted range. Null stays null. */
    public Long micros(String field, Instant t) {
        return t == null ? null : micros(field, t, limits, latestMicros());
    }

    /** The time itself after the same check, for stores that take instants. */
    public Instant checked(String field, Instant t) {
        micros(field, t);
        return t;
    }

    /** The latest time accepted now, in microseconds. */
    public long latestMicros() { return saturatedMicros(clock.instant().plus(limits.maxFutureSkew())); }

    /**
     * t in microseconds, INVALID for {@code field} when it lies before the configured minimum or after
     * maxMicros (also for instants too far out to count in microseconds).
     */
    public static long micros(String field, Instant t, Limits limits, long maxMicros) {
        long ts = saturatedMicros(t);
        if (ts < limits.minTimestampMicros() || ts > maxMicros) throw FeedlineException.invalidField(field, outOfRange(limits));
        return ts;
    }

    /** The one message for a time outside the range. */
    public static String outOfRange(Limits limits) {
        return "outside the accepted range (from " + Instant.EPOCH.plus(limits.minTimestampMicros(), ChronoUnit.MICROS)
                + " to " + limits.maxFutureSkew().toDays() + " days ahead of the server clock)";
    }

    /**
     * Microseconds since the epoch, Long.MIN_VALUE / MAX_VALUE for instants too far out to count them: for the
     * bounds of a query range, which need no range check (nothing is stored outside it) but must not overflow.
     */
    public static long saturatedMicros(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
