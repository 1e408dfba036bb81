package dev.feedline.core.ratelimit;

import java.time.Duration;

/**
 * Counters of rate limits, kept where every node that enforces a limit sees them: in this process for a
 * single node ({@link InMemoryRateCounters}), in Redis for a cluster, so a limit counts across nodes. Two
 * shapes are offered: token buckets (login throttling) and windows opened by their first use (the Adafruit
 * IO data rate). Each is named, and keys of one name never touch those of another.
 *
 * <p>Every operation is atomic per key, reads the time from the implementation's clock, and returns quickly:
 * an implementation that cannot reach shared storage counts on this node instead of failing or waiting.
 */
public interface RateCounters {

    /**
     * Token buckets named name: each key may take {@code attempts} in a row, then one more every
     * {@code refill}. attempts must be positive and refill positive.
     */
    Buckets buckets(String name, int attempts, Duration refill);

    /**
     * Windows named name: a key's window opens at its first take and lasts {@code length}; at most
     * {@code limit} may be counted in it. limit and length must be positive.
     */
    Windows windows(String name, int limit, Duration length);

    /** Token buckets, one per key (kept as GCRA's "theoretical arrival time"). */
    interface Buckets {
        /** Takes one from key's bucket: 0 when taken, else the milliseconds until one is free (nothing taken then). */
        long take(String key);

        /** Gives one taken back (the attempt did not count); a full bucket stays full. */
        void giveBack(String key);

        /** Fills key's bucket again, as if it had never been used. */
        void forget(String key);
    }

    /** Fixed windows, one per key, opened by the key's first take. */
    interface Windows {
        /**
         * Counts amount (positive) against key's window when used + amount stays within the limit; otherwise
         * counts nothing (the take is refused whole). A key whose window has ended starts a new one now.
         */
        Take take(String key, int amount);

        /** Gives back amount counted before in key's current window; never below 0, nothing when it has ended. */
        void giveBack(String key, int amount);

        /** What key has used of its current window (0 used and 0 ms when none is open). */
        Usage usage(String key);
    }

    /** The outcome of {@link Windows#take}: whether counted, the window's use after it, and the ms until it ends. */
    record Take(boolean allowed, int used, long millisUntilReset) {}

    /** A window's use and the milliseconds until it ends. */
    record Usage(int used, long millisUntilReset) {}
}
