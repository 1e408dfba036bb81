package dev.feedline.http;

import dev.feedline.core.data.DataService;
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
        Long from = start == null || start.isBlank() ? null : DataService.micros(WireTime.parse("start", start));
        Long to = end == null || end.isBlank() ? null : DataService.micros(WireTime.parse("end", end));
        return new TimeRange(from, to);
    }
}
