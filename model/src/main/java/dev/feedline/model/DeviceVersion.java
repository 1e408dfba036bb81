package dev.feedline.model;

import java.time.Instant;

/** An OS or app (sensor graph) version a device reported on its 5c08 / 5c09 stream. */
public record DeviceVersion(long deviceId, String type, int tag, int major, int minor, Instant updatedTs) {
    public String version() { return "v" + major + "." + minor; }
}
