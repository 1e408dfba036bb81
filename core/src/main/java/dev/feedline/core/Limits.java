package dev.feedline.core;

import java.time.Duration;

/**
 * Input limits, all explicit configuration.
 *
 * @param maxBodyBytes largest request body accepted
 * @param maxPointsPerRequest most data points in one request
 * @param maxStringLength longest name, label, text value or note
 * @param minTimestampMicros earliest data timestamp accepted
 * @param maxFutureSkew how far past the server's clock a timestamp may lie
 * @param maxValueLength longest text or JSON data value, in characters
 * @param maxFileBytes largest event attachment
 */
public record Limits(long maxBodyBytes, int maxPointsPerRequest, int maxStringLength, int maxValueLength,
                     long minTimestampMicros, Duration maxFutureSkew, long maxFileBytes) {
    public static Limits defaults() {
        return new Limits(1024 * 1024, 10_000, 1024, 16 * 1024, 0L, Duration.ofDays(7), 16L * 1024 * 1024);
    }
}
