package dev.feedline.model;

import java.time.Instant;

/**
 * A time series: project + device + variable. deviceId 0 means a virtual project stream, one that
 * needs no device (Adafruit IO feeds are such streams).
 */
public record Stream(long id, String slug, long orgId, long projectId, long deviceId, long variableId,
                     String dataLabel, ValueType valueType, boolean enabled, Instant createdOn) {
    public boolean virtual() { return deviceId == 0; }
}
