package dev.feedline.model;

import java.time.Instant;

/** A personal API key; only its hash and a short prefix (to recognise it) are stored. */
public record ApiKey(long id, long accountId, String name, String prefix, String hash, Instant createdOn,
                     Instant lastUsed, Instant revokedOn) {
    public boolean revoked() { return revokedOn != null; }
}
