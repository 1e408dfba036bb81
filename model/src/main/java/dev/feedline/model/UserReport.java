package dev.feedline.model;

import java.time.Instant;

/**
 * A report template (IOTile's UserReport): what to report (config, JSON text: sources, columns, period, bucket,
 * formats, recipients; core's ReportConfig reads it), and when: interval "x" (on demand only), "d", "w" or "m" at
 * timeOfDay ("HH:MM") in timezone (an IANA zone id). nextRunAt is when the schedule generates it next, null for "x"
 * or an inactive template.
 */
public record UserReport(long id, long orgId, String label, String config, String interval, String timeOfDay, String timezone,
                         boolean active, Instant nextRunAt, Instant createdOn, long createdBy) {
    public UserReport withNextRun(Instant next) {
        return new UserReport(id, orgId, label, config, interval, timeOfDay, timezone, active, next, createdOn, createdBy);
    }
}
