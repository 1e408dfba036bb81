package dev.feedline.model;

import java.time.Instant;
import java.util.UUID;

/** An org (tenant); retentionDays is how long its time series are kept, null for forever. */
public record Org(long id, UUID uuid, String slug, String name, String about, long createdBy, Instant createdOn, Integer retentionDays) {}
