package dev.feedline.model;

import java.time.Instant;

/**
 * A device's streamer: the part of its sensor graph that sends readings to the cloud in reports. It is
 * created when its first report is accepted.
 *
 * @param index the streamer's 16-bit index on the device
 * @param lastId the highest reading id the cloud has stored from it (the gateway's acknowledgement); 0 before any
 * @param lastRebootTs when the device last rebooted, as reports showed it; null when unknown
 * @param selector the streamer's selector from its last report (0x5FFF system, 0xD7FF user)
 */
public record Streamer(long id, long orgId, long deviceId, int index, long lastId, Instant lastRebootTs, int selector,
                       boolean isSystem, int processEngineVer, Instant createdOn) {
    public String slug() { return Slugs.streamer(deviceId, index); }
}
