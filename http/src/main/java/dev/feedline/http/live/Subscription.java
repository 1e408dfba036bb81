package dev.feedline.http.live;

/** What one subscription of a session follows: a stream, a device or a project (by database id). */
public record Subscription(String id, Kind kind, long targetId) {
    /** What a {@link LiveHub} follower follows; ORG only for alarms (the GraphQL alarms subscription). */
    public enum Kind { STREAM, DEVICE, PROJECT, ORG }
}
