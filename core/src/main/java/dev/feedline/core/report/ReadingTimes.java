package dev.feedline.core.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gives each reading of a report its time and status, as the IOTile cloud does:
 * <ul>
 *   <li>the time base is when the gateway received the report minus the device's uptime when it sent it,
 *       and a reading's time is the base plus its own uptime (status {@code cln});</li>
 *   <li>a device timestamp with bit 31 set (and not 0xFFFFFFFF) is a real-time-clock time: 2000-01-01T00:00:00Z
 *       plus the low 31 bits in seconds (status {@code utc}); so is an absolute time the report states;</li>
 *   <li>readings are walked from newest to oldest (highest id first); readings older than a reboot marker
 *       (stream 0x5c00) were timed by the device's previous boot, whose start is unknown: their base moves so
 *       that the newest of them lands one second before the reboot, and they get status {@code drt} (dirty).</li>
 * </ul>
 */
public final class ReadingTimes {
    public static final int REBOOT_STREAM = 0x5c00;
    private static final Instant Y2K = Instant.parse("2000-01-01T00:00:00Z");
    private static final long RTC_BIT = 0x8000_0000L;
    private static final long INVALID_TIME = 0xFFFF_FFFFL;

    private ReadingTimes() {}

    /** A reading with the time and status the cloud stores it with. */
    public record Timed(ReportReading reading, Instant timestamp, String status) {
        public boolean dirty() { return "drt".equals(status); }
    }

    /** Times every reading; the result is ordered oldest first (by id, then by position in the report). */
    public static List<Timed> assign(List<ReportReading> readings, Instant received, long sentTimestamp) {
        List<ReportReading> newestFirst = new ArrayList<>(readings);
        // Stable sort: readings with equal ids keep the report's order, reversed with the rest.
        java.util.Collections.reverse(newestFirst);
        newestFirst.sort(Comparator.comparingLong(ReportReading::id).reversed());
        Instant base = received.minusSeconds(sentTimestamp);
        Instant rebootAt = null;
        boolean dirty = false;
        List<Timed> out = new ArrayList<>(newestFirst.size());
        for (ReportReading r : newestFirst) {
            Timed timed;
            if (r.utc() != null) {
                timed = new Timed(r, r.utc(), "utc");
            } else if (isRtc(r.deviceTimestamp())) {
                timed = new Timed(r, Y2K.plusSeconds(r.deviceTimestamp() & 0x7FFF_FFFFL), "utc");
            } else {
                if (rebootAt != null) {
                    // First reading of the previous boot: it happened just before the reboot.
                    base = rebootAt.minusSeconds(1).minusSeconds(r.deviceTimestamp());
                    rebootAt = null;
                }
                timed = new Timed(r, base.plusSeconds(r.deviceTimestamp()), dirty ? "drt" : "cln");
            }
            out.add(timed);
            if (r.stream() == REBOOT_STREAM) {
                rebootAt = timed.timestamp();
                dirty = true;
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    static boolean isRtc(long deviceTimestamp) {
        return (deviceTimestamp & RTC_BIT) != 0 && deviceTimestamp != INVALID_TIME;
    }
}
