package dev.feedline.model;

import java.time.Instant;

/** A note on a stream, device or project (target slug). type: ui user, sc/si system, fi file. */
public record StreamNote(long id, long orgId, String target, Instant timestamp, String note, String type, long userId, Instant createdOn) {}
