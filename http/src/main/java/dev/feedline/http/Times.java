package dev.feedline.http;

import dev.feedline.core.AcceptedTimes;
import dev.feedline.core.port.TimeRange;
import dev.feedline.json.WireTime;
import io.javalin.http.Context;

/** Time ranges from query parameters. */
final class Times {
    private Times() {}

    /** start (inclusive) and end (exclusive) query parameters. */
    static TimeRange range(Context ctx) {
        String start = ctx.queryParam("start");
        String end = ctx.queryParam("end");
        // Bounds need no range check (nothing is stored outside it), but year 999999999 must not overflow.
        Long from = start == null || start.isBlank() ? null : AcceptedTimes.saturatedMicros(WireTime.parse("start", start));
        Long to = end == null || end.isBlank() ? null : AcceptedTimes.saturatedMicros(WireTime.parse("end", end));
        return new TimeRange(from, to);
    }
}
