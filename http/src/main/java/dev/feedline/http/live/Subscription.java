package dev.feedline.http.live;

/** What one subscription of a session follows: a stream, a device, a project, or an org's alarms (by database id). */
record Subscription(String id, Kind kind, long targetId) {
    enum Kind { STREAM, DEVICE, PROJECT, ORG }
}
