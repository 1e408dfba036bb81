package dev.feedline.model;

import java.time.Instant;

/**
 * A data block: an archive of one device's data (points, events, notes, locations, properties) taken at a point in
 * time, so the device can be reused with fresh streams. Its slug is the device's id with the block number (1, 2, …
 * per device) in the upper 16 bits; its streams carry that {@link #key} as their device id.
 *
 * @param projectId the device's project when the block was made (null if the device was unclaimed)
 * @param pid the job that archives or deletes it (null until queued)
 * @param completedOn when the archive was complete; null while ARCHIVING
 */
public record DataBlock(long id, long orgId, long deviceId, int number, Long projectId, String title, String description,
                        State state, String pid, long createdBy, Instant createdOn, Instant completedOn) {

    /** ARCHIVING: the device is busy until its data has moved; DELETING: the block and its data are being removed. */
    public enum State { ARCHIVING, READY, DELETING }

    /** The block in another state of its lifecycle, with the job that moves it on. */
    public DataBlock withState(State newState, String newPid, Instant newCompletedOn) {
        return new DataBlock(id, orgId, deviceId, number, projectId, title, description, newState, newPid, createdBy, createdOn, newCompletedOn);
    }

    public String slug() { return Slugs.block(deviceId, number); }

    public long key() { return Slugs.blockKey(deviceId, number); }

    public String deviceSlug() { return Slugs.device(deviceId); }
}
