package dev.feedline.cluster;

import dev.feedline.core.cluster.ClusterUnavailableException;
import dev.feedline.core.ratelimit.InMemoryRateCounters;
import dev.feedline.core.ratelimit.RateCounters;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate counters in Redis, shared by every node: {@code feedline:rate:<name>:<key>}, each changed by one Lua
 * script (atomic), each with a TTL that ends when the key would count for nothing anyway (a bucket full
 * again, a window ended), so memory is bounded by the rate of new keys rather than their number.
 *
 * <p>Time is this node's clock, passed to the scripts: nodes' clocks must agree (NTP) to within a small part
 * of a refill or window. The TTLs are computed from that clock too; the scripts compare the stored times with
 * the given one, so a key that outlives its meaning (the clock moved) is treated as absent.
 *
 * <p>A command waits at most {@code timeout}. While Redis is unreachable (the backplane's heartbeat says so)
 * or a command fails, this node counts in memory instead ({@link InMemoryRateCounters}), counted in
 * {@code feedline_cluster_rate_fallback_total}: limits then hold per node, and what is counted locally is not
 * carried to Redis when it returns.
 */
public final class RedisRateCounters implements RateCounters {
    private static final Logger log = LoggerFactory.getLogger(RedisRateCounters.class);
    static final String RATE_KEY = "feedline:rate:";
    /** Longer keys (an account name near its limit) are stored by their hash, so every Redis key stays short. */
    private static final int MAX_KEY_CHARS = 200;

    /**
     * GCRA. KEYS[1] the bucket; ARGV now, interval, burst (ms). Returns 0 when taken, else the ms to wait. The
     * key holds the time at which the bucket is full again and expires then.
     */
    private static final String BUCKET_TAKE = """
            local now = tonumber(ARGV[1])
            local at = tonumber(redis.call('GET', KEYS[1])) or now
            local nxt = math.max(at, now) + tonumber(ARGV[2])
            if nxt - now > tonumber(ARGV[3]) then return nxt - now - tonumber(ARGV[3]) end
            redis.call('SET', KEYS[1], string.format('%d', nxt), 'PX', nxt - now)
            return 0""";
    /** KEYS[1] the bucket; ARGV now, interval. Gives one attempt back. */
    private static final String BUCKET_GIVE_BACK = """
            local at = tonumber(redis.call('GET', KEYS[1]))
            if not at then return 0 end
            local back = at - tonumber(ARGV[2])
            if back <= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) return 0 end
            redis.call('SET', KEYS[1], string.format('%d', back), 'PX', back - tonumber(ARGV[1]))
            return 0""";
    /**
     * KEYS[1] the window (hash: s start, u used); ARGV now, amount, limit, length (ms). Returns {allowed 1|0,
     * used, ms until reset}. An ended window is started again now, even for a refused take (as in memory).
     */
    private static final String WINDOW_TAKE = """
            local now = tonumber(ARGV[1])
            local amount = tonumber(ARGV[2])
            local length = tonumber(ARGV[4])
            local w = redis.call('HMGET', KEYS[1], 's', 'u')
            local start = tonumber(w[1])
            local used = tonumber(w[2]) or 0
            local fresh = not start or now - start >= length
            if fresh then start = now used = 0 end
            local allowed = used + amount <= tonumber(ARGV[3])
            if allowed then used = used + amount end
            if allowed or fresh then
              redis.call('HSET', KEYS[1], 's', string.format('%d', start), 'u', used)
              redis.call('PEXPIRE', KEYS[1], math.max(1, start + length - now))
            end
            return {allowed and 1 or 0, used, math.max(0, start + length - now)}""";
    /** KEYS[1] the window; ARGV amount. Never below 0; the TTL stays. */
    private static final String WINDOW_GIVE_BACK = """
            local used = tonumber(redis.call('HGET', KEYS[1], 'u'))
            if not used then return 0 end
            redis.call('HSET', KEYS[1], 'u', math.max(0, used - tonumber(ARGV[1])))
            return 0""";

    private final RedisBackplane backplane;
    private final Clock clock;
    private final Duration timeout;
    private final InMemoryRateCounters local;
    private final Counter fallbacks;
    private final AtomicBoolean fallingBack = new AtomicBoolean();

    /** Counters on the backplane's connection; each command waits at most timeout before this node counts alone. */
    public RedisRateCounters(RedisBackplane backplane, Clock clock, Duration timeout, MeterRegistry metrics) {
        this.backplane = backplane;
        this.clock = clock;
        this.timeout = timeout;
        this.local = new InMemoryRateCounters(clock);
        this.fallbacks = Counter.builder("feedline.cluster.rate.fallback")
                .description("rate-limit operations counted on this node alone because Redis did not answer").register(metrics);
    }

    @Override
    public Buckets buckets(String name, int attempts, Duration refill) {
        RateCounters.Buckets fallback = local.buckets(name, attempts, refill);
        String interval = Long.toString(refill.toMillis());
        String burst = Long.toString(refill.toMillis() * attempts);
        String prefix = RATE_KEY + name + ":";
        return new Buckets() {
            @Override
            public long take(String key) {
                return shared(() -> backplane.<Long>callWithin(timeout, redis -> redis.eval(BUCKET_TAKE, ScriptOutputType.INTEGER,
                        new String[] {prefix + redisKey(key)}, now(), interval, burst)), () -> fallback.take(key));
            }

            @Override
            public void giveBack(String key) {
                shared(() -> backplane.<Long>callWithin(timeout, redis -> redis.eval(BUCKET_GIVE_BACK, ScriptOutputType.INTEGER,
                        new String[] {prefix + redisKey(key)}, now(), interval)), () -> {
                    fallback.giveBack(key);
                    return 0L;
                });
            }

            @Override
            public void forget(String key) {
                shared(() -> backplane.callWithin(timeout, redis -> redis.del(prefix + redisKey(key))), () -> {
                    fallback.forget(key);
                    return 0L;
                });
            }
        };
    }

    @Override
    public Windows windows(String name, int limit, Duration length) {
        RateCounters.Windows fallback = local.windows(name, limit, length);
        String max = Integer.toString(limit);
        long lengthMillis = length.toMillis();
        String prefix = RATE_KEY + name + ":";
        return new Windows() {
            @Override
            public Take take(String key, int amount) {
                return shared(() -> {
                    List<Object> r = backplane.callWithin(timeout, redis -> redis.<List<Object>>eval(WINDOW_TAKE, ScriptOutputType.MULTI,
                            new String[] {prefix + redisKey(key)}, now(), Integer.toString(amount), max, Long.toString(lengthMillis)));
                    return new Take(((Long) r.get(0)) == 1, ((Long) r.get(1)).intValue(), (Long) r.get(2));
                }, () -> fallback.take(key, amount));
            }

            @Override
            public void giveBack(String key, int amount) {
                shared(() -> backplane.<Long>callWithin(timeout, redis -> redis.eval(WINDOW_GIVE_BACK, ScriptOutputType.INTEGER,
                        new String[] {prefix + redisKey(key)}, Integer.toString(amount))), () -> {
                    fallback.giveBack(key, amount);
                    return 0L;
                });
            }

            @Override
            public Usage usage(String key) {
                return shared(() -> {
                    var values = backplane.callWithin(timeout, redis -> redis.hmget(prefix + redisKey(key), "s", "u"));
                    long now = clock.millis();
                    String start = values.get(0).getValueOrElse(null);
                    String used = values.get(1).getValueOrElse(null);
                    if (start == null || used == null || now - Long.parseLong(start) >= lengthMillis) return new Usage(0, 0);
                    return new Usage(Integer.parseInt(used), Math.max(0, Long.parseLong(start) + lengthMillis - now));
                }, () -> fallback.usage(key));
            }
        };
    }

    /** Runs on Redis; when it is known to be down, or the command fails, runs locally and counts the fallback. */
    private <T> T shared(Supplier<T> redis, Supplier<T> locally) {
        if (backplane.up()) {
            try {
                T result = redis.get();
                if (fallingBack.compareAndSet(true, false)) log.atInfo().log("rate limits count across nodes again (Redis answers)");
                return result;
            } catch (ClusterUnavailableException e) {
                // counted below
            }
        }
        fallbacks.increment();
        if (fallingBack.compareAndSet(false, true)) {
            log.atWarn().log("Redis does not answer: rate limits count on this node alone until it returns");
        }
        return locally.get();
    }

    private String now() { return Long.toString(clock.millis()); }

    /** The key as given, or its SHA-256 when long: Redis keys stay short whatever a client names. */
    private static String redisKey(String key) {
        if (key.length() <= MAX_KEY_CHARS) return key;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
