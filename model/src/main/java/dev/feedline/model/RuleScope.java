package dev.feedline.model;

/**
 * What a rule watches. {@code target} is the slug the rule was given (s--, v--, d-- or p--); the ids are what it
 * resolved to. One rule keeps one state per originator: the stream for STREAM and VARIABLE scopes, the device for
 * DEVICE and PRESENCE scopes.
 *
 * @param projectId the project of the target (every scope lies in one project)
 * @param streamId  STREAM: the stream; else null
 * @param deviceId  DEVICE: the device; PRESENCE: the device, or null for every device of the project
 * @param variableId VARIABLE: the variable, whose streams across all devices of the project are watched; else null
 */
public record RuleScope(Kind kind, String target, long projectId, Long streamId, Long deviceId, Long variableId) {
    public enum Kind {
        /** One stream (or Adafruit IO feed). */
        STREAM,
        /** One variable across every device of its project: each of its streams on its own. */
        VARIABLE,
        /** Every stream of one device, as one originator (the device). */
        DEVICE,
        /** A device's online state (a device, or every device of a project). */
        PRESENCE
    }

    /** Whether a point of this stream is evaluated by the rule. */
    public boolean covers(Stream stream) {
        return switch (kind) {
            case STREAM -> streamId == stream.id();
            case VARIABLE -> stream.projectId() == projectId && variableId == stream.variableId();
            case DEVICE -> deviceId == stream.deviceId();
            case PRESENCE -> false;
        };
    }
}
