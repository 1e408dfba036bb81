package dev.feedline.core.feed;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.ratelimit.InMemoryRateCounters;
import dev.feedline.core.ratelimit.RateCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Data points per minute per user, the way Adafruit IO throttles writes: a window opens with the
 * user's first write and lasts a minute; writes beyond the limit inside it are refused whole
 * (RATE_LIMITED, retry after the window closes). Off when the limit is 0. Shared by every dialect's
 * adapter, so HTTP and MQTT writes of one user count together; in a cluster the counters are shared
 * ({@link RateCounters}), so writes through every node count together too.
 */
public final class DataRateLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final int perMinute;
    /** Null when off. */
    private final RateCounters.Windows windows;

    /** What a user has used of the current window. */
    public record Usage(int limit, int used, long secondsUntilReset) {}

    /** Counting on this node only. */
    public DataRateLimiter(int perMinute, Clock clock) { this(perMinute, new InMemoryRateCounters(clock)); }

    /** Counting in counters, which a cluster shares between its nodes. */
    public DataRateLimiter(int perMinute, RateCounters counters) {
        if (perMinute < 0) throw new IllegalArgumentException("the data rate limit must be 0 (off) or positive");
        this.perMinute = perMinute;
        this.windows = perMinute > 0 ? counters.windows("aio-data", perMinute, WINDOW) : null;
    }

    public boolean enabled() { return perMinute > 0; }

    /** Counts points written by the account; RATE_LIMITED (nothing counted) when they would pass the limit. */
    public void acquire(long accountId, int points) {
        if (!enabled()) return;
        RateCounters.Take take = windows.take(Long.toString(accountId), points);
        if (!take.allowed()) {
            long wait = Math.max(1, (take.millisUntilReset() + 999) / 1000);
            throw new FeedlineException(ErrorKind.RATE_LIMITED, "data rate limit reached (" + perMinute + " per minute), "
                    + wait + " seconds until throttle released", Map.of(), (int) wait);
        }
    }

    /** Gives back points counted for a write that was then not accepted (invalid, or the ingest queue was full). */
    public void refund(long accountId, int points) {
        if (!enabled()) return;
        windows.giveBack(Long.toString(accountId), points);
    }

    public Usage usage(long accountId) {
        if (!enabled()) return new Usage(perMinute, 0, 0);
        RateCounters.Usage u = windows.usage(Long.toString(accountId));
        return new Usage(perMinute, u.used(), (u.millisUntilReset() + 999) / 1000);
    }
}
