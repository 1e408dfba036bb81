package dev.feedline.model;

import java.time.Instant;

/**
 * An alarm raised by a rule for one originator (a device {@code d--} or stream {@code s--} slug).
 *
 * @param deviceId the originator's device (null for a device-less stream), for filters and counts
 * @param streamId the stream whose point raised it, if any
 * @param value    the value that raised it (or last re-raised it); null for no-data and offline alarms
 * @param text     the text value that raised it, if it was text
 * @param ackedBy  account id of who acknowledged it; null while not acknowledged
 * @param clearedBy account id of who cleared it; null while open, or when its rule cleared it
 */
public record Alarm(long id, long orgId, long projectId, long ruleId, String ruleName, String originator, Long deviceId, Long streamId,
                    Severity severity, AlarmStatus status, Double value, String text, String details, Instant createdOn,
                    Instant ackedOn, Long ackedBy, Instant clearedOn, Long clearedBy, Instant updatedOn) {

    public Alarm withStatus(AlarmStatus newStatus, Instant at, Long by) {
        return switch (newStatus) {
            case ACKNOWLEDGED -> new Alarm(id, orgId, projectId, ruleId, ruleName, originator, deviceId, streamId, severity, newStatus, value, text,
                    details, createdOn, at, by, clearedOn, clearedBy, at);
            case CLEARED -> new Alarm(id, orgId, projectId, ruleId, ruleName, originator, deviceId, streamId, severity, newStatus, value, text,
                    details, createdOn, ackedOn, ackedBy, at, by, at);
            case ACTIVE -> throw new IllegalArgumentException("an alarm does not go back to active");
        };
    }

    /** The alarm raised again while open: the newest value that did it. */
    public Alarm raisedAgain(Double newValue, String newText, Instant at) {
        return new Alarm(id, orgId, projectId, ruleId, ruleName, originator, deviceId, streamId, severity, status, newValue, newText, details,
                createdOn, ackedOn, ackedBy, clearedOn, clearedBy, at);
    }

    /**
     * One entry of an alarm's history.
     *
     * @param what created, raised (again while open), acknowledged or cleared
     * @param by   account id of who did it; null for the rules engine
     */
    public record Entry(long id, long alarmId, String what, Instant at, Long by, Double value, String text) {}
}
