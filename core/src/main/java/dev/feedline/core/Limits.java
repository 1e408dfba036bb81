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
 * @param maxInflightMessages most unacknowledged QoS 1 and 2 publishes a device may have in flight on one MQTT
 *                            connection: the broker's MQTT 5 Receive Maximum (in the CONNACK, and enforced), and
 *                            what client-side RPC getSessionLimits reports (maxInflightMessages), so that clients
 *                            trusting either never exceed it
 */
public record Limits(long maxBodyBytes, int maxPointsPerRequest, int maxStringLength, int maxValueLength,
                     long minTimestampMicros, Duration maxFutureSkew, long maxFileBytes, int maxInflightMessages) {
    /** MQTT's Receive Maximum is a two-byte number, and 0 is not allowed. */
    public static final int MAX_INFLIGHT_LIMIT = 65_535;

    public Limits {
        if (maxInflightMessages < 1 || maxInflightMessages > MAX_INFLIGHT_LIMIT) {
            throw new IllegalArgumentException("messages in flight must be 1 to " + MAX_INFLIGHT_LIMIT + ", got " + maxInflightMessages);
        }
    }

    public static Limits defaults() {
        return new Limits(1024 * 1024, 10_000, 1024, 16 * 1024, 0L, Duration.ofDays(7), 16L * 1024 * 1024, 100);
    }
}
