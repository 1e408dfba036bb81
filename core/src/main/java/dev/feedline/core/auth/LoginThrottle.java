package dev.feedline.core.auth;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import dev.feedline.core.ratelimit.InMemoryRateCounters;
import dev.feedline.core.ratelimit.RateCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Limits failed logins per account and per client address, so that nobody can guess passwords online: each
 * key may fail {@code attempts} times in a row, then once more every {@code refill} (a token bucket, kept as
 * one "theoretical arrival time" per key, GCRA). While a key has no attempt left, every attempt with it is
 * refused before the password is checked — a right password too, or the refusal would tell it — with
 * RATE_LIMITED and the seconds until the next attempt. A successful login gives its address attempt back
 * and clears its account's failures; only failures use attempts up.
 *
 * <p>The buckets are kept in {@link RateCounters}: in this process on a single node (bounded, see
 * {@link InMemoryRateCounters}), in Redis in a cluster, so failures through every node count together. IPv6
 * addresses count per /64 network, which one client usually holds whole.
 */
public final class LoginThrottle {
    /** {@code attempts} failures in a row, then one more every {@code refill}; 0 attempts turns the limit off. */
    public record Limit(int attempts, Duration refill) {
        public Limit {
            if (attempts < 0) throw new IllegalArgumentException("login throttle attempts must be 0 (off) or more");
            if (attempts > 0 && (refill == null || refill.isNegative() || refill.isZero())) {
                throw new IllegalArgumentException("login throttle refill must be positive");
            }
        }

        public static final Limit OFF = new Limit(0, Duration.ofSeconds(1));

        boolean off() { return attempts == 0; }
    }

    private final Limiter accounts;
    private final Limiter addresses;
    private final Counter failures;
    private final Counter throttledByAccount;
    private final Counter throttledByAddress;

    /** Counting on this node only; protocol names the counters ("http", "mqtt"). */
    public LoginThrottle(Limit perAccount, Limit perAddress, Clock clock, MeterRegistry metrics, String protocol) {
        this(perAccount, perAddress, new InMemoryRateCounters(clock), metrics, protocol);
    }

    /**
     * Counting in counters, which a cluster shares between its nodes; protocol names the metrics and the
     * buckets ("http", "mqtt": each protocol keeps its own limits, as on a single node).
     */
    public LoginThrottle(Limit perAccount, Limit perAddress, RateCounters counters, MeterRegistry metrics, String protocol) {
        this.accounts = new Limiter(perAccount, counters, "login-" + protocol + "-account");
        this.addresses = new Limiter(perAddress, counters, "login-" + protocol + "-address");
        this.failures = Counter.builder("feedline.login.failures").tag("protocol", protocol)
                .description("logins refused for wrong credentials").register(metrics);
        this.throttledByAccount = Counter.builder("feedline.login.throttled").tag("protocol", protocol).tag("limit", "account")
                .description("logins refused because too many failed before").register(metrics);
        this.throttledByAddress = Counter.builder("feedline.login.throttled").tag("protocol", protocol).tag("limit", "address")
                .description("logins refused because too many failed before").register(metrics);
    }

    /** One login attempt, admitted by both limits; tell it how it ended. */
    public final class Attempt {
        private final String address;
        private final String account;
        private boolean ended;

        private Attempt(String address, String account) {
            this.address = address;
            this.account = account;
        }

        /** Right credentials: the address gets its attempt back and the account's failures are forgotten. */
        public void succeeded() {
            if (end()) return;
            addresses.giveBack(address);
            accounts.forget(account);
        }

        /** Wrong credentials: the attempt stays used, and is counted. */
        public void failed() {
            if (end()) return;
            failures.increment();
        }

        /** Neither (the request was malformed, or the server failed): nothing is counted. */
        public void abandoned() {
            if (end()) return;
            addresses.giveBack(address);
            accounts.giveBack(account);
        }

        private boolean end() {
            boolean was = ended;
            ended = true;
            return was;
        }
    }

    /**
     * Admits an attempt from address (may be null when unknown) for account (a stable key of the account named,
     * or null when none is named), or refuses it with RATE_LIMITED and a Retry-After.
     */
    public Attempt attempt(InetAddress address, String account) {
        String addressKey = address == null ? null : addressKey(address);
        long wait = addresses.take(addressKey);
        if (wait > 0) {
            throttledByAddress.increment();
            throw refused(wait);
        }
        wait = accounts.take(account);
        if (wait > 0) {
            addresses.giveBack(addressKey);
            throttledByAccount.increment();
            throw refused(wait);
        }
        return new Attempt(addressKey, account);
    }

    /** Seconds until a refused key may try again, as the error's Retry-After. */
    private static FeedlineException refused(long waitMillis) {
        int seconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (waitMillis + 999) / 1000));
        return new FeedlineException(ErrorKind.RATE_LIMITED,
                "too many failed logins; try again in " + seconds + " seconds", Map.of(), seconds);
    }

    /** An IPv4 address as it is; an IPv6 address by its /64 network. */
    static String addressKey(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            for (int i = 8; i < 16; i++) bytes[i] = 0;
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return address.getHostAddress();
    }

    /** One limit: a set of buckets in the counters, or nothing when the limit is off. */
    private static final class Limiter {
        private final RateCounters.Buckets buckets;

        Limiter(Limit limit, RateCounters counters, String name) {
            this.buckets = limit.off() ? null : counters.buckets(name, limit.attempts(), limit.refill());
        }

        /** Takes an attempt: 0 when taken, else the milliseconds until one is free. */
        long take(String key) { return buckets == null || key == null ? 0 : buckets.take(key); }

        void giveBack(String key) {
            if (buckets != null && key != null) buckets.giveBack(key);
        }

        void forget(String key) {
            if (buckets != null && key != null) buckets.forget(key);
        }
    }
}
