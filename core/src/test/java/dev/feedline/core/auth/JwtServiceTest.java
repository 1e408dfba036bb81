package dev.feedline.core.auth;

import dev.feedline.core.events.LocalEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.feedline.core.port.AccountRepository;
import dev.feedline.model.Account;
import org.junit.jupiter.api.Test;

class JwtServiceTest {
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** The revocation state an account repository keeps: generations and ended sessions, counting reads. */
    private static final class RevocationStore implements AccountRepository {
        final Map<Long, Long> generations = new HashMap<>();
        final Map<String, Instant> ended = new HashMap<>();
        int reads;
        @Override public Account create(String e, String u, String n, String h, boolean s, Instant now) { throw new UnsupportedOperationException(); }
        @Override public Optional<Account> byId(long id) { return Optional.empty(); }
        @Override public List<Account> all() { return List.of(); }
        @Override public Optional<Account> byEmail(String email) { return Optional.empty(); }
        @Override public Optional<Account> byUsername(String username) { return Optional.empty(); }
        @Override public List<Account> byIds(Collection<Long> ids) { return List.of(); }
        @Override public void update(Account account) {}
        @Override public long count() { return 0; }
        @Override public long tokenGeneration(long accountId) { reads++; return generations.getOrDefault(accountId, 0L); }
        @Override public long raiseTokenGeneration(long accountId) { return generations.merge(accountId, 1L, Long::sum); }
        @Override public long changePassword(long accountId, String hash, Instant now) { return raiseTokenGeneration(accountId); }
        @Override public void endSession(String sessionId, long accountId, Instant until, Instant now) {
            ended.values().removeIf(u -> u.isBefore(now));
            ended.put(sessionId, until);
        }
        @Override public boolean sessionEnded(String sessionId) { reads++; return ended.containsKey(sessionId); }
    }

    private final MovableClock clock = new MovableClock();
    private final RevocationStore store = new RevocationStore();
    private final TokenRevocations revocations = new TokenRevocations(store, clock, new LocalEvents(new SimpleMeterRegistry()));
    private final JwtService jwt = new JwtService("a-test-secret-of-enough-length!!".getBytes(StandardCharsets.UTF_8),
            clock, Duration.ofDays(7), Duration.ofDays(180), revocations);

    @Test
    void validUntilItExpires() {
        String token = jwt.issue(42, "ann");
        assertThat(jwt.verify(token)).isEqualTo(42);
        clock.now = clock.now.plus(Duration.ofDays(7)).plusSeconds(1);
        assertThatThrownBy(() -> jwt.verify(token)).isInstanceOfSatisfying(FeedlineException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED));
    }

    @Test
    void refreshKeepsTheOriginalLoginTimeAndStopsAfterTheWindow() {
        String token = jwt.issue(7, "bob");
        for (int week = 0; week < 25; week++) {
            clock.now = clock.now.plus(Duration.ofDays(6));
            token = jwt.refresh(token);
            assertThat(jwt.verify(token)).isEqualTo(7);
        }
        clock.now = clock.now.plus(Duration.ofDays(31));
        String last = token;
        assertThatThrownBy(() -> jwt.refresh(last)).isInstanceOf(FeedlineException.class);
    }

    @Test
    void rejectsTokensSignedWithAnotherSecretAndGarbage() {
        JwtService other = new JwtService("another-secret-another-secret!!!".getBytes(StandardCharsets.UTF_8),
                clock, Duration.ofDays(7), Duration.ofDays(180), revocations);
        assertThatThrownBy(() -> jwt.verify(other.issue(1, "x"))).isInstanceOf(FeedlineException.class);
        assertThatThrownBy(() -> jwt.verify("not.a.jwt")).isInstanceOf(FeedlineException.class);
    }

    @Test
    void endingAllOfAnAccountEndsItsTokensAndTheirRefreshButNotOthersOrLaterOnes() {
        String before = jwt.issue(7, "bob");
        String otherAccount = jwt.issue(8, "cy");
        revocations.endAll(7);
        assertRevoked(() -> jwt.verify(before), ErrorKind.UNAUTHENTICATED);
        assertRevoked(() -> jwt.refresh(before), ErrorKind.INVALID);
        assertThat(jwt.verify(otherAccount)).isEqualTo(8);
        String after = jwt.issue(7, "bob");
        assertThat(jwt.verify(after)).isEqualTo(7);
        assertThat(jwt.verify(jwt.refresh(after))).isEqualTo(7);
    }

    @Test
    void endingASessionEndsItsRefreshedTokensButNotAnotherLogin() {
        String first = jwt.issue(7, "bob");
        clock.now = clock.now.plus(Duration.ofDays(1));
        String refreshed = jwt.refresh(first);
        String secondLogin = jwt.issue(7, "bob");
        assertThat(jwt.endSession(refreshed)).isEqualTo(7);
        assertRevoked(() -> jwt.verify(first), ErrorKind.UNAUTHENTICATED);
        assertRevoked(() -> jwt.verify(refreshed), ErrorKind.UNAUTHENTICATED);
        assertRevoked(() -> jwt.refresh(first), ErrorKind.INVALID);
        assertThat(jwt.verify(secondLogin)).isEqualTo(7);
        // kept until the last token the session could produce has expired: 180 days of refreshes, then 7 of life
        assertThat(store.ended.values()).containsExactly(Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(187)));
    }

    @Test
    void answersAreCachedAndChangesOfAnotherNodeAreSeenWithinTheTtl() {
        String token = jwt.issue(7, "bob");
        jwt.verify(token);
        int reads = store.reads;
        for (int i = 0; i < 100; i++) jwt.verify(token);
        assertThat(store.reads).isEqualTo(reads);
        store.generations.put(7L, 5L); // raised by another node sharing the database
        assertThat(jwt.verify(token)).isEqualTo(7);
        clock.now = clock.now.plus(TokenRevocations.TTL);
        assertRevoked(() -> jwt.verify(token), ErrorKind.UNAUTHENTICATED);
    }

    @Test
    void aTokenIssuedAfterAnotherNodeRaisedTheGenerationIsAcceptedAtOnce() {
        String old = jwt.issue(7, "bob");
        jwt.verify(old); // generation 0 cached here
        store.generations.put(7L, 1L); // another node: password changed, then a new login there
        JwtService otherNode = new JwtService("a-test-secret-of-enough-length!!".getBytes(StandardCharsets.UTF_8),
                clock, Duration.ofDays(7), Duration.ofDays(180), new TokenRevocations(store, clock, new LocalEvents(new SimpleMeterRegistry())));
        String fresh = otherNode.issue(7, "bob");
        assertThat(jwt.verify(fresh)).isEqualTo(7);
        assertRevoked(() -> jwt.verify(old), ErrorKind.UNAUTHENTICATED);
    }

    private static void assertRevoked(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorKind kind) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FeedlineException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains("revoked");
        });
    }
}
