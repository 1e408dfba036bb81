package dev.feedline.core.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate counters in this process: what a single node uses, and what a cluster node falls back to while Redis
 * cannot be reached. Memory is bounded: each set of buckets keeps at most {@link #MAX_KEYS} keys, dropping the
 * least recently used (the one most likely refilled) when full, so rotating addresses or names cannot grow it;
 * windows are swept of ended ones once a set holds more than {@link #SWEEP_AT}. Asking twice for one name gives
 * the same set (with the limits of the first ask).
 */
public final class InMemoryRateCounters implements RateCounters {
    /** Keys kept per set of buckets: about 100 bytes each. */
    public static final int MAX_KEYS = 100_000;
    /** Windows kept before ended ones are swept, so idle keys do not hold memory. */
    static final int SWEEP_AT = 10_000;

    private final Clock clock;
    /** By name, so every user of one name counts together, as with shared counters. */
    private final Map<String, MemoryBuckets> buckets = new ConcurrentHashMap<>();
    private final Map<String, MemoryWindows> windows = new ConcurrentHashMap<>();

    public InMemoryRateCounters(Clock clock) { this.clock = clock; }

    @Override
    public MemoryBuckets buckets(String name, int attempts, Duration refill) {
        if (attempts <= 0 || refill == null || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("buckets need positive attempts and refill");
        }
        return buckets.computeIfAbsent(name, n -> new MemoryBuckets(refill.toMillis(), refill.toMillis() * attempts));
    }

    @Override
    public MemoryWindows windows(String name, int limit, Duration length) {
        if (limit <= 0 || length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("windows need a positive limit and length");
        }
        return windows.computeIfAbsent(name, n -> new MemoryWindows(limit, length.toMillis()));
    }

    /** A bounded map from key to the time at which its bucket is full again (GCRA's "theoretical arrival time"). */
    public final class MemoryBuckets implements Buckets {
        private final long intervalMillis;
        private final long burstMillis;
        private final LinkedHashMap<String, Long> fullAt = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) { return size() > MAX_KEYS; }
        };

        private MemoryBuckets(long intervalMillis, long burstMillis) {
            this.intervalMillis = intervalMillis;
            this.burstMillis = burstMillis;
        }

        @Override
        public synchronized long take(String key) {
            long now = clock.millis();
            Long at = fullAt.get(key);
            long next = Math.max(at == null ? now : at, now) + intervalMillis;
            if (next - now > burstMillis) return next - now - burstMillis;
            fullAt.put(key, next);
            return 0;
        }

        @Override
        public synchronized void giveBack(String key) {
            Long at = fullAt.get(key);
            if (at == null) return;
            long back = at - intervalMillis;
            if (back <= clock.millis()) fullAt.remove(key);
            else fullAt.put(key, back);
        }

        @Override
        public synchronized void forget(String key) { fullAt.remove(key); }

        /** Keys held (tests check the bound). */
        public synchronized int size() { return fullAt.size(); }
    }

    /** Windows per key: a window opens with the key's first take and lasts length. */
    public final class MemoryWindows implements Windows {
        private final int limit;
        private final long lengthMillis;
        private final Map<String, Window> windows = new ConcurrentHashMap<>();

        private record Window(long startMillis, int used) {}

        private MemoryWindows(int limit, long lengthMillis) {
            this.limit = limit;
            this.lengthMillis = lengthMillis;
        }

        @Override
        public Take take(String key, int amount) {
            long now = clock.millis();
            if (windows.size() > SWEEP_AT) windows.values().removeIf(w -> now - w.startMillis() >= lengthMillis);
            boolean[] accepted = {false};
            Window after = windows.compute(key, (k, w) -> {
                Window current = w == null || now - w.startMillis() >= lengthMillis ? new Window(now, 0) : w;
                if (current.used() + amount > limit) return current;
                accepted[0] = true;
                return new Window(current.startMillis(), current.used() + amount);
            });
            return new Take(accepted[0], after.used(), Math.max(0, after.startMillis() + lengthMillis - now));
        }

        @Override
        public void giveBack(String key, int amount) {
            windows.computeIfPresent(key, (k, w) -> new Window(w.startMillis(), Math.max(0, w.used() - amount)));
        }

        @Override
        public Usage usage(String key) {
            long now = clock.millis();
            Window w = windows.get(key);
            if (w == null || now - w.startMillis() >= lengthMillis) return new Usage(0, 0);
            return new Usage(w.used(), Math.max(0, w.startMillis() + lengthMillis - now));
        }

        /** Keys held (tests check the bound). */
        public int size() { return windows.size(); }
    }
}
