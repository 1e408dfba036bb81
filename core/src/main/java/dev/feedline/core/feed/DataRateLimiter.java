package dev.feedline.core.feed;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data points per minute per user, the way Adafruit IO throttles writes: a window opens with the
 * user's first write and lasts a minute; writes beyond the limit inside it are refused whole
 * (RATE_LIMITED, retry after the window closes). Off when the limit is 0. Shared by every dialect's
 * adapter, so HTTP and MQTT writes of one user count together.
 */
public final class DataRateLimiter {
    private static final long WINDOW_MILLIS = 60_000;
    /** Windows kept before expired ones are swept, so idle users do not hold memory. */
    private static final int SWEEP_AT = 10_000;
    private final int perMinute;
    private final Clock clock;
    private final Map<Long, Window> windows = new ConcurrentHashMap<>();

    private record Window(long startMillis, int used) {}

    /** What a user has used of the current window. */
    public record Usage(int limit, int used, long secondsUntilReset) {}

    public DataRateLimiter(int perMinute, Clock clock) {
        if (perMinute < 0) throw new IllegalArgumentException("the data rate limit must be 0 (off) or positive");
        this.perMinute = perMinute;
        this.clock = clock;
    }

    public boolean enabled() { return perMinute > 0; }

    /** Counts points written by the account; RATE_LIMITED (nothing counted) when they would pass the limit. */
    public void acquire(long accountId, int points) {
        if (!enabled()) return;
        long now = clock.millis();
        if (windows.size() > SWEEP_AT) windows.values().removeIf(w -> now - w.startMillis() >= WINDOW_MILLIS);
        boolean[] accepted = {false};
        Window after = windows.compute(accountId, (id, w) -> {
            Window current = w == null || now - w.startMillis() >= WINDOW_MILLIS ? new Window(now, 0) : w;
            if (current.used() + points > perMinute) return current;
            accepted[0] = true;
            return new Window(current.startMillis(), current.used() + points);
        });
        if (!accepted[0]) {
            long wait = Math.max(1, (after.startMillis() + WINDOW_MILLIS - now + 999) / 1000);
            throw new FeedlineException(ErrorKind.RATE_LIMITED, "data rate limit reached (" + perMinute + " per minute), "
                    + wait + " seconds until throttle released", Map.of(), (int) wait);
        }
    }

    /** Gives back points counted for a write that was then not accepted (invalid, or the ingest queue was full). */
    public void refund(long accountId, int points) {
        if (!enabled()) return;
        windows.computeIfPresent(accountId, (id, w) -> new Window(w.startMillis(), Math.max(0, w.used() - points)));
    }

    public Usage usage(long accountId) {
        long now = clock.millis();
        Window w = windows.get(accountId);
        if (w == null || now - w.startMillis() >= WINDOW_MILLIS) return new Usage(perMinute, 0, 0);
        return new Usage(perMinute, w.used(), Math.max(0, (w.startMillis() + WINDOW_MILLIS - now + 999) / 1000));
    }
}
