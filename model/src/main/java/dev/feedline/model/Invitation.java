package dev.feedline.model;

import java.time.Instant;

/** An invitation to join an org; the secret that accepts it is stored only as a hash. */
public record Invitation(long id, long orgId, String email, Role role, String tokenHash, long invitedBy,
                         Instant createdOn, Instant expiresOn, Instant acceptedOn) {}
