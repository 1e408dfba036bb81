package dev.feedline.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.ratelimit.InMemoryRateCounters;
import dev.feedline.core.ratelimit.RateCounters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Issue 13, item 8: failed logins are limited per account and per client address, with a Retry-After, in bounded memory. */
class LoginThrottleTest {
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limit(3, Duration.ofSeconds(60)),
            new LoginThrottle.Limit(5, Duration.ofSeconds(10)), clock, metrics, "http");

    private static InetAddress ip(String literal) throws Exception { return InetAddress.getByName(literal); }

    private static void assertRefused(Runnable attempt, int retryAfter) {
        assertThatThrownBy(attempt::run).isInstanceOfSatisfying(FeedlineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.retryAfterSeconds()).isEqualTo(retryAfter);
        });
    }

    @Test
    void anAccountMayFailAFewTimesThenOnceMorePerRefill() throws Exception {
        for (int i = 0; i < 3; i++) throttle.attempt(ip("10.0.0." + i), "id:1").failed();
        assertRefused(() -> throttle.attempt(addr("10.0.0.9"), "id:1"), 60);
        throttle.attempt(addr("10.0.0.9"), "id:2").failed(); // another account is not affected
        clock.now = clock.now.plusSeconds(59);
        assertRefused(() -> throttle.attempt(addr("10.0.0.9"), "id:1"), 1);
        clock.now = clock.now.plusSeconds(1);
        throttle.attempt(addr("10.0.0.9"), "id:1").failed();
        assertRefused(() -> throttle.attempt(addr("10.0.0.9"), "id:1"), 60);
        assertThat(metrics.get("feedline.login.failures").tag("protocol", "http").counter().count()).isEqualTo(5);
        assertThat(metrics.get("feedline.login.throttled").tag("limit", "account").counter().count()).isEqualTo(3);
    }

    @Test
    void aUserWhoMistypesAndThenSucceedsStartsAfresh() throws Exception {
        for (int i = 0; i < 2; i++) throttle.attempt(ip("10.0.0.1"), "id:1").failed();
        throttle.attempt(ip("10.0.0.1"), "id:1").succeeded();
        for (int i = 0; i < 2; i++) throttle.attempt(ip("10.0.0.1"), "id:1").failed();
        throttle.attempt(ip("10.0.0.1"), "id:1").succeeded();
        // successes used no address attempt either: 4 failures so far, the fifth is still allowed
        throttle.attempt(ip("10.0.0.1"), "id:3").failed();
        assertRefused(() -> throttle.attempt(addr("10.0.0.1"), "id:4"), 10);
    }

    @Test
    void anAddressMayFailAFewTimesWhateverTheAccountAndIpv6CountsPerSlash64() throws Exception {
        for (int i = 0; i < 5; i++) throttle.attempt(ip("2001:db8:1:2::" + (i + 1)), "name:user" + i).failed();
        assertRefused(() -> throttle.attempt(addr("2001:db8:1:2:ffff::1"), "name:other"), 10);
        throttle.attempt(ip("2001:db8:1:3::1"), "name:other").failed();
        assertThat(metrics.get("feedline.login.throttled").tag("limit", "address").counter().count()).isEqualTo(1);
        // a refusal by the account limit does not use an address attempt
        clock.now = clock.now.plusSeconds(10);
        for (int i = 0; i < 3; i++) throttle.attempt(ip("10.1.1.1"), "id:7").failed();
        for (int i = 0; i < 5; i++) assertRefused(() -> throttle.attempt(addr("10.1.1.1"), "id:7"), 60);
        throttle.attempt(ip("10.1.1.1"), "id:8").failed();
    }

    @Test
    void abandonedAttemptsCountNothing() throws Exception {
        for (int i = 0; i < 10; i++) throttle.attempt(ip("10.0.0.1"), "id:1").abandoned();
        for (int i = 0; i < 3; i++) throttle.attempt(ip("10.0.0.1"), "id:1").failed();
        assertRefused(() -> throttle.attempt(addr("10.0.0.1"), "id:1"), 60);
    }

    @Test
    void offLimitsNeverRefuseAndCountNothing() throws Exception {
        RateCounters none = new RateCounters() {
            @Override public Buckets buckets(String name, int attempts, Duration refill) { throw new AssertionError("an off limit counts"); }
            @Override public Windows windows(String name, int limit, Duration length) { throw new AssertionError("an off limit counts"); }
        };
        LoginThrottle off = new LoginThrottle(LoginThrottle.Limit.OFF, LoginThrottle.Limit.OFF, none, metrics, "off");
        for (int i = 0; i < 1000; i++) off.attempt(ip("10.0.0.1"), "id:1").failed();
    }

    @Test
    void eachProtocolKeepsItsOwnLimitsInSharedCounters() throws Exception {
        InMemoryRateCounters shared = new InMemoryRateCounters(clock);
        LoginThrottle http = new LoginThrottle(new LoginThrottle.Limit(2, Duration.ofSeconds(60)), LoginThrottle.Limit.OFF, shared, metrics, "http");
        LoginThrottle mqtt = new LoginThrottle(new LoginThrottle.Limit(2, Duration.ofSeconds(60)), LoginThrottle.Limit.OFF, shared, metrics, "mqtt");
        for (int i = 0; i < 2; i++) http.attempt(ip("10.0.0.1"), "id:1").failed();
        assertRefused(() -> http.attempt(addr("10.0.0.1"), "id:1"), 60);
        mqtt.attempt(ip("10.0.0.1"), "id:1").failed();
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
