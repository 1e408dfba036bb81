package dev.feedline.core.report;

import java.time.Instant;

/**
 * One event of a flexible dictionary report: a stream, the device's sequence id and time, and its summary as JSON text.
 *
 * @param utc the absolute time the report states, or null (then deviceTimestamp gives it as for readings)
 */
public record ReportEvent(int stream, long id, long deviceTimestamp, Instant utc, String extraDataJson) {}
