package dev.feedline.model;

import java.time.Instant;

/**
 * One uploaded streamer report and what became of it. A report is queued when its file passed the upload checks
 * and was kept, then processed by a background job; a refused one records why and keeps no file.
 *
 * @param id a random UUID
 * @param streamerIndex the streamer's index on the device (the streamer row may not exist for a refused report)
 * @param originalFirstId lowest reading id the report declares
 * @param originalLastId highest reading id the report declares
 * @param actualFirstId lowest reading id stored from it (readings at or below the streamer's last id are skipped); null when none
 * @param actualLastId highest reading id stored from it; null when none
 * @param sentTimestamp when the gateway received the report (the upload's timestamp argument)
 * @param deviceSentTimestamp the device's uptime in seconds when it sent the report
 * @param count the number of readings in the report
 * @param fileKey where the FileStore keeps the file; null for a refused report
 * @param pid the processing job's pid; null until queued
 */
public record StreamerReport(String id, long orgId, long deviceId, int streamerIndex, long originalFirstId, long originalLastId,
                             Long actualFirstId, Long actualLastId, Instant sentTimestamp, long deviceSentTimestamp,
                             long incrementalId, Integer timeEpsilon, Instant createdOn, long createdBy, State state,
                             String refusal, String fileKey, int count, String pid) {
    public enum State { QUEUED, PROCESSING, DONE, REFUSED }

    public String streamerSlug() { return Slugs.streamer(deviceId, streamerIndex); }

    public StreamerReport withPid(String newPid) {
        return new StreamerReport(id, orgId, deviceId, streamerIndex, originalFirstId, originalLastId, actualFirstId, actualLastId, sentTimestamp,
                deviceSentTimestamp, incrementalId, timeEpsilon, createdOn, createdBy, state, refusal, fileKey, count, newPid);
    }

    public StreamerReport withFileKey(String key) {
        return new StreamerReport(id, orgId, deviceId, streamerIndex, originalFirstId, originalLastId, actualFirstId, actualLastId, sentTimestamp,
                deviceSentTimestamp, incrementalId, timeEpsilon, createdOn, createdBy, state, refusal, key, count, pid);
    }

    public StreamerReport withOutcome(State newState, String why, Long firstId, Long lastId) {
        return new StreamerReport(id, orgId, deviceId, streamerIndex, originalFirstId, originalLastId, firstId, lastId, sentTimestamp,
                deviceSentTimestamp, incrementalId, timeEpsilon, createdOn, createdBy, newState, why, fileKey, count, pid);
    }
}
