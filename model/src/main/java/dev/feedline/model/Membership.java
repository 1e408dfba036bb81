package dev.feedline.model;

import java.time.Instant;

public record Membership(long orgId, long accountId, Role role, Instant createdOn) {}
