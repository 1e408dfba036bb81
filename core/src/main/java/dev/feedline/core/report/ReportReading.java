package dev.feedline.core.report;

import java.time.Instant;

/**
 * One reading as a report carries it, before the cloud gives it a time.
 *
 * @param stream the variable's local id (e.g. 0x5001)
 * @param id the device's sequence id of the reading; 0 when the format carries none (individual reports)
 * @param deviceTimestamp the raw u32 time the device gave it: seconds of uptime, or a real-time-clock time when bit 31 is set
 * @param utc an absolute time the report already states (flexible dictionary reports), or null
 * @param value the raw integer value
 */
public record ReportReading(int stream, long id, long deviceTimestamp, Instant utc, long value) {}
