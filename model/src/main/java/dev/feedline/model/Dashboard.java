package dev.feedline.model;

import java.time.Instant;

/**
 * A dashboard of an org: a name and a layout of widgets (JSON text, arranged and saved by the UI).
 * It is private to its creator unless shared, then every member of the org sees it.
 */
public record Dashboard(long id, long orgId, String name, boolean shared, String layout, long createdBy,
                        Instant createdOn, Instant updatedOn) {}
