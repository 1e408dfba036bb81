package dev.feedline.core.feed;

import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Account;

/**
 * Who an Adafruit IO client is: the username names a Feedline user, the AIO key is one of that user's
 * API keys. Only the owner of a username may use its resources (Adafruit IO's sharing is not modelled).
 */
public final class AioIdentity {
    private final Authenticator authenticator;

    public AioIdentity(Authenticator authenticator) { this.authenticator = authenticator; }

    /**
     * The account of an MQTT connection (username + AIO key as password); UNAUTHENTICATED when the key
     * is not a live API key of that very user.
     */
    public Account authenticate(String username, String aioKey) {
        if (username == null || aioKey == null || aioKey.isBlank()) throw FeedlineException.unauthenticated("username and AIO key are required");
        Caller caller = authenticator.byKey(aioKey.trim());
        if (caller instanceof Caller.User u && u.account().username().equalsIgnoreCase(username)) return u.account();
        throw FeedlineException.unauthenticated("invalid username or AIO key");
    }

    /**
     * The account a request for /{username}/... acts as: the caller must be that user. UNAUTHENTICATED
     * without credentials; FORBIDDEN for another user's key (Adafruit IO answers 401/403 there).
     */
    public Account owner(Caller caller, String username) {
        if (!(caller instanceof Caller.User u)) throw FeedlineException.unauthenticated("an AIO key is required (X-AIO-Key header or x-aio-key parameter)");
        if (!u.account().username().equalsIgnoreCase(username)) throw FeedlineException.forbidden("not authorized for " + username);
        return u.account();
    }
}
