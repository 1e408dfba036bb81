package dev.feedline.model;

import java.time.Instant;

/** A firmware file for IOTile devices (IOTile DeviceScript, slug z--); the bytes are in the file store under fileKey. */
public record OtaScript(long id, long orgId, String name, int major, int minor, int patch, String fileKey, Long fileSize,
                        String sha256, boolean released, Instant releasedOn, String notes, Instant createdOn, Long createdBy) {
    public String slug() { return Slugs.script(id); }

    public String version() { return "v" + major + "." + minor + "." + patch; }
}
