package dev.feedline.model;

import java.time.Instant;

/** A user. The password hash never leaves the core. */
public record Account(long id, String email, String username, String name, String tagline,
                      String passwordHash, boolean staff, boolean active, Instant createdAt, Instant updatedAt) {
    public String slug() { return username; }

    public Account withPasswordHash(String hash, Instant now) {
        return new Account(id, email, username, name, tagline, hash, staff, active, createdAt, now);
    }
}
