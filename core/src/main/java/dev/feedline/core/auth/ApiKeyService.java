package dev.feedline.core.auth;

import dev.feedline.core.Text;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.ApiKeyRepository;
import dev.feedline.model.Account;
import dev.feedline.model.ApiKey;
import java.time.Clock;
import java.util.List;

/** Personal API keys: shown once when created, stored as a hash, revocable. */
public final class ApiKeyService {
    private static final int PREFIX_LENGTH = 8;
    private static final int MAX_KEYS = 100;
    private final ApiKeyRepository keys;
    private final Text text;
    private final Clock clock;
    private final Events events;

    public ApiKeyService(ApiKeyRepository keys, Text text, Clock clock, Events events) {
        this.keys = keys;
        this.events = events;
        this.text = text;
        this.clock = clock;
    }

    /** A new key and its secret, which is never available again. */
    public record Created(ApiKey key, String secret) {}

    public Created create(Account owner, String name) {
        if (keys.byAccount(owner.id()).stream().filter(k -> !k.revoked()).count() >= MAX_KEYS) {
            throw FeedlineException.invalid("at most " + MAX_KEYS + " active API keys per account");
        }
        String secret = Secrets.newSecret(Secrets.API_KEY_PREFIX);
        ApiKey key = keys.create(owner.id(), text.required("name", name == null ? "API key" : name),
                secret.substring(0, Secrets.API_KEY_PREFIX.length() + PREFIX_LENGTH), Secrets.hash(secret), clock.instant());
        return new Created(key, secret);
    }

    public List<ApiKey> list(Account owner) { return keys.byAccount(owner.id()); }

    public void revoke(Account owner, long keyId) {
        ApiKey key = keys.byId(keyId).filter(k -> k.accountId() == owner.id())
                .orElseThrow(() -> FeedlineException.notFound("API key"));
        if (!key.revoked()) {
            keys.revoke(key.id(), clock.instant());
            events.publish(new DomainEvent.ApiKeyRevoked(owner.id(), key.id())); // connections opened with it must end
        }
    }
}
