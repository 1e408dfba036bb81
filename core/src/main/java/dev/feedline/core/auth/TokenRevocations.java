package dev.feedline.core.auth;

import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.AccountRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ends JWTs before they expire: a per-account token generation (raised by a password change, "log out
 * everywhere" and removal from the last org; a token carrying an older one is ended) and single sessions
 * ended by a logout. Every JWT request asks both, so the answers are cached: a change made on this node is
 * seen at once; one made by another node sharing the database within {@link #TTL}.
 */
public final class TokenRevocations {
    /** How long a cached answer is trusted before the database is asked again (for changes made by other nodes). */
    static final Duration TTL = Duration.ofSeconds(10);
    /** Entries kept before the caches are emptied: memory stays bounded whatever the number of accounts or sessions. */
    private static final int MAX_ENTRIES = 100_000;
    private final AccountRepository accounts;
    private final Clock clock;
    private final Map<Long, Cached> generations = new ConcurrentHashMap<>();
    private final Map<String, Cached> sessions = new ConcurrentHashMap<>();
    private final Events events;

    /** A value read from the database at {@code readAtMillis}; sessions use 1 for ended, 0 for not. */
    private record Cached(long value, long readAtMillis) {}

    /** @param events where the end of every earlier token of an account is published ({@link DomainEvent.TokensEnded}) */
    public TokenRevocations(AccountRepository accounts, Clock clock, Events events) {
        this.accounts = accounts;
        this.clock = clock;
        this.events = events;
    }

    public long generation(long accountId) {
        return cached(generations, accountId, () -> accounts.tokenGeneration(accountId));
    }

    /**
     * The generation as the database has it now (and cached): for issuing tokens, and when a token carries a newer
     * generation than the cache (raised by another node, so the cached one is stale).
     */
    public long freshGeneration(long accountId) {
        long value = accounts.tokenGeneration(accountId);
        Cached stored = generations.merge(accountId, new Cached(value, clock.millis()),
                (old, fresh) -> new Cached(Math.max(old.value(), fresh.value()), fresh.readAtMillis()));
        return stored.value();
    }

    public boolean sessionEnded(String sessionId) {
        return cached(sessions, sessionId, () -> accounts.sessionEnded(sessionId) ? 1 : 0) == 1;
    }

    /** Ends every token of the account issued until now. */
    public void endAll(long accountId) {
        generationRaised(accountId, accounts.raiseTokenGeneration(accountId));
    }

    /** Records a generation the store has just raised (a password change raises it in the same statement). */
    void generationRaised(long accountId, long generation) {
        generations.merge(accountId, new Cached(generation, clock.millis()), (old, fresh) -> fresh.value() >= old.value() ? fresh : old);
        events.publish(new DomainEvent.TokensEnded(accountId, generation));
    }

    /**
     * Another node raised the account's generation ({@link DomainEvent.TokensEnded} relayed): the cached one is
     * replaced at once rather than when its TTL runs out, so tokens ended there stop working here too.
     */
    public void generationRaisedElsewhere(long accountId, long generation) {
        generations.merge(accountId, new Cached(generation, clock.millis()), (old, fresh) -> fresh.value() >= old.value() ? fresh : old);
    }

    /** Ends one session: every token of it, refreshed or not, until {@code until}, when the last of them expires anyway. */
    public void endSession(String sessionId, long accountId, Instant until) {
        accounts.endSession(sessionId, accountId, until, clock.instant());
        sessions.put(sessionId, new Cached(1, clock.millis()));
        events.publish(new DomainEvent.SessionEnded(accountId, sessionId));
    }

    /**
     * Another node ended the session ({@link DomainEvent.SessionEnded} relayed): it is refused here at once rather
     * than when a cached "not ended" expires.
     */
    public void sessionEndedElsewhere(String sessionId) {
        if (sessions.size() >= MAX_ENTRIES) sessions.clear();
        sessions.put(sessionId, new Cached(1, clock.millis()));
    }

    private <K> long cached(Map<K, Cached> cache, K key, java.util.function.LongSupplier load) {
        long now = clock.millis();
        Cached c = cache.get(key);
        if (c != null && now - c.readAtMillis() < TTL.toMillis()) return c.value();
        long value = load.getAsLong();
        if (cache.size() >= MAX_ENTRIES) cache.clear();
        // Generations only rise and an ended session stays ended, so the larger value is the newer one: a read
        // that raced with a local endAll/endSession never puts the older answer back.
        Cached stored = cache.merge(key, new Cached(value, now), (old, fresh) -> new Cached(Math.max(old.value(), fresh.value()), now));
        return stored.value();
    }
}
