package dev.feedline.core.fleet;

import java.util.function.LongSupplier;

/**
 * The pace at which firmware is served to devices: at most {@code bytesPerSecond} on average, with one second's worth
 * served at once after a quiet spell. Serving firmware costs the same cores as ingest (the broker's delivery of each
 * chunk, the network), and a fleet that all asks at once would otherwise take them for as long as its downloads last;
 * paced, an update takes longer and ingest keeps its rate (docs/FLEET.md "Pace"). A request is never refused, only
 * answered later: {@link #reserve} books the bytes and says how long to wait (virtual scheduling, so waiting requests
 * cost no thread and no memory beyond their turn). A request whose turn would come later than {@link #MAX_WAIT_NANOS}
 * is not booked ({@link #FULL}): the device is told to ask again rather than left waiting past its PUBLISH's
 * acknowledgement timeout. 0 bytes per second serves as fast as devices ask.
 */
public final class DownloadPace {
    private static final long SECOND = 1_000_000_000L;
    /** The longest wait booked: well inside the 30 s a device's chunk request may wait for its acknowledgement. */
    public static final long MAX_WAIT_NANOS = 20 * SECOND;
    /** What {@link #reserve} answers when the turn would come too late: nothing was booked. */
    public static final long FULL = -1;
    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    /** When the bytes booked so far will have been served at the pace (System.nanoTime's scale); none booked yet: the least long. */
    private long booked = Long.MIN_VALUE;

    /** @param nanoTime a monotonic clock in nanoseconds (System::nanoTime; tests give their own) */
    public DownloadPace(long bytesPerSecond, LongSupplier nanoTime) {
        if (bytesPerSecond < 0) throw new IllegalArgumentException("bytesPerSecond must not be negative");
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
    }

    /** Books {@code bytes} to be served; returns the nanoseconds to wait before serving them (0: now), or {@link #FULL}. */
    public synchronized long reserve(long bytes) {
        if (bytesPerSecond == 0 || bytes <= 0) return 0;
        long now = nanoTime.getAsLong();
        long credit = now - SECOND; // at most one second's worth is served ahead of the pace
        long from = Math.max(booked, credit);
        long until = from + Math.min(bytes, 1L << 30) * SECOND / bytesPerSecond; // a chunk is at most 64 KiB: no overflow
        if (until - now > MAX_WAIT_NANOS) return FULL;
        booked = until;
        return Math.max(0, booked - now);
    }
}
