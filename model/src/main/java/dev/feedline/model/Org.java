package dev.feedline.model;

import java.time.Instant;
import java.util.UUID;

public record Org(long id, UUID uuid, String slug, String name, String about, long createdBy, Instant createdOn) {}
