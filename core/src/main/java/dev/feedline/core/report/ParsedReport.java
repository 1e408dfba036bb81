package dev.feedline.core.report;

import java.util.List;

/**
 * A report whose layout, length and hash have been checked, as the device sent it.
 *
 * @param deviceId the device's integer id (its d-- slug)
 * @param sentTimestamp the device's uptime in seconds when it sent the report (the time base)
 * @param reportId the report's incremental id (0 when the format has none)
 * @param lowestId lowest reading id the report declares (0 when none)
 * @param highestId highest reading id the report declares (0 when none)
 */
public record ParsedReport(ReportFormat format, long deviceId, int streamerIndex, int streamerSelector, long sentTimestamp,
                           long reportId, long lowestId, long highestId, List<ReportReading> readings, List<ReportEvent> events) {
    public ParsedReport {
        readings = List.copyOf(readings);
        events = List.copyOf(events);
    }
}
