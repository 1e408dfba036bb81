package dev.feedline.http.aio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.http.Http;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.Feed;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * GET .../data/chart: buckets of a feed computed by the database (DataService aggregates), at most
 * 480 points; without parameters, the last hour at the finest resolution that fits.
 */
final class AioChart {
    private static final int MAX_POINTS = 480;
    private static final int[] RESOLUTIONS = {1, 5, 10, 30, 60, 120, 240, 480, 960};
    private static final int MAX_HOURS = 24 * 366 * 10;
    private static final Map<String, AggregateFunction> FIELDS = Map.of("avg", AggregateFunction.AVG, "sum", AggregateFunction.SUM,
            "val", AggregateFunction.LAST, "min", AggregateFunction.MIN, "max", AggregateFunction.MAX, "val_count", AggregateFunction.COUNT);
    private final AioContext c;

    AioChart(AioContext c) { this.c = c; }

    void chart(Context ctx) {
        Feed feed = c.feeds().feeds().get(c.org(ctx), ctx.pathParam("feed_key"));
        String field = ctx.queryParam("field") == null ? "avg" : ctx.queryParam("field").trim();
        AggregateFunction fn = FIELDS.get(field);
        if (fn == null) throw FeedlineException.invalidField("field", "one of avg, sum, val, min, max, val_count");
        Instant start = AioDataList.time(ctx, "start_time");
        Instant end = AioDataList.time(ctx, "end_time");
        int hours = hours(ctx);
        if (end == null) end = c.services().data().now();
        if (start == null) start = end.minus(Duration.ofHours(hours));
        if (!start.isBefore(end)) throw FeedlineException.invalidField("start_time", "must be before end_time");
        long fromMicros = dev.feedline.core.AcceptedTimes.saturatedMicros(start);
        long toMicros = dev.feedline.core.AcceptedTimes.saturatedMicros(end);
        // The span that can be stored, not the one asked: a far-off end_time must not ask for a bucket of millions of years.
        long span = toMicros - fromMicros < 0 ? Long.MAX_VALUE : toMicros - fromMicros; // both ends saturated: it overflowed
        long resolution = resolution(ctx, Duration.of(span, java.time.temporal.ChronoUnit.MICROS));
        List<Bucket> buckets = c.feeds().history().chart(c.owner(ctx), feed, fromMicros, toMicros, Duration.ofMinutes(resolution), fn);
        ObjectNode out = Json.object();
        ObjectNode f = out.putObject("feed");
        f.put("id", feed.id());
        f.put("key", feed.key());
        f.put("name", feed.name());
        ObjectNode p = out.putObject("parameters");
        p.put("start_time", WireTime.format(start));
        p.put("end_time", WireTime.format(end));
        p.put("resolution", resolution);
        p.put("hours", Math.max(1, Duration.between(start, end).toHours()));
        p.put("field", field);
        out.putArray("columns").add("date").add(field);
        ArrayNode data = out.putArray("data");
        for (Bucket b : buckets) {
            ArrayNode row = data.addArray();
            row.add(WireTime.formatMicros(b.startMicros()));
            double v = fn == AggregateFunction.COUNT ? b.count() : b.value() == null ? Double.NaN : b.value();
            row.add(Double.isNaN(v) ? null : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
        }
        Http.ok(ctx, out);
    }

    private static int hours(Context ctx) {
        String v = ctx.queryParam("hours");
        if (v == null || v.isBlank()) return 1;
        try {
            int h = Integer.parseInt(v.trim());
            if (h < 1 || h > MAX_HOURS) throw new NumberFormatException();
            return h;
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField("hours", "between 1 and " + MAX_HOURS);
        }
    }

    /** The requested resolution, raised to the smallest allowed one that keeps the chart within 480 points. */
    private static long resolution(Context ctx, Duration span) {
        String v = ctx.queryParam("resolution");
        int asked = 1;
        if (v != null && !v.isBlank()) {
            try {
                asked = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                asked = -1;
            }
            final int a = asked;
            if (java.util.Arrays.stream(RESOLUTIONS).noneMatch(r -> r == a)) {
                throw FeedlineException.invalidField("resolution", "minutes: 1, 5, 10, 30, 60, 120, 240, 480 or 960");
            }
        }
        for (int r : RESOLUTIONS) {
            if (r >= asked && span.toMinutes() / r <= MAX_POINTS) return r;
        }
        long widest = RESOLUTIONS[RESOLUTIONS.length - 1];
        return widest * Math.max(1, span.toMinutes() / widest / MAX_POINTS + 1);
    }
}
