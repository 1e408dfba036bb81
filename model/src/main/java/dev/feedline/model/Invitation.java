package dev.feedline.model;

import java.time.Instant;

/**
 * An invitation to join an org; the secret that accepts it is stored only as a hash. One with an email is
 * bound to it (only that email's account may accept it); one without (email null) is a shareable link that
 * whoever holds the secret may accept.
 */
public record Invitation(long id, long orgId, String email, Role role, String tokenHash, long invitedBy,
                         Instant createdOn, Instant expiresOn, Instant acceptedOn) {
    public boolean shareable() { return email == null; }
}
