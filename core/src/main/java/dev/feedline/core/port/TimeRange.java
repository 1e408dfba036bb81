package dev.feedline.core.port;

/** A half-open time range [fromMicros, toMicros) in microseconds since the epoch; a null end is unbounded. */
public record TimeRange(Long fromMicros, Long toMicros) {
    public static final TimeRange ALL = new TimeRange(null, null);

    public long fromOr(long fallback) { return fromMicros == null ? fallback : fromMicros; }
    public long toOr(long fallback) { return toMicros == null ? fallback : toMicros; }
}
