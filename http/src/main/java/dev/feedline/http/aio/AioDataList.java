package dev.feedline.http.aio;

import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.feed.FeedHistory;
import dev.feedline.http.Http;
import dev.feedline.json.WireTime;
import dev.feedline.model.Feed;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GET .../feeds/{key}/data: newest first, with the X-Pagination-* headers and the Link header in the
 * exact (non-RFC) layout the Python client's regex {@code rel="next", <(.+?)>} needs:
 * {@code <this page>;rel="next", <next page>}, the second part only when older data exists.
 */
final class AioDataList {
    private static final Set<String> FIELDS = Set.of("id", "value", "feed_id", "feed_key", "group_id", "lat", "lon", "ele", "location",
            "created_at", "created_epoch", "updated_at", "expiration", "completed_at");
    private final AioContext c;

    AioDataList(AioContext c) { this.c = c; }

    void list(Context ctx, Feed feed) {
        Instant start = time(ctx, "start_time");
        Instant end = time(ctx, "end_time");
        // The current page's URL pins end_time, so following pages do not shift as new data arrives.
        Instant pinnedEnd = end != null ? end : c.services().data().now().plusNanos(1000);
        int limit = limit(ctx);
        Long before = cursor(ctx.queryParam("before"));
        FeedHistory.HistoryPage page = c.feeds().history().page(feed, micros(start), micros(pinnedEnd), before, limit);
        ctx.header("X-Pagination-Count", Integer.toString(page.points().size()));
        ctx.header("X-Pagination-Limit", Integer.toString(limit));
        ctx.header("X-Pagination-Total", Long.toString(page.total()));
        if (!page.points().isEmpty()) {
            // Start is the oldest record returned: Ruby's pager takes it as the next end_time.
            ctx.header("X-Pagination-Start", WireTime.formatMicros(page.points().get(page.points().size() - 1).timestampMicros()));
            ctx.header("X-Pagination-End", WireTime.formatMicros(page.points().get(0).timestampMicros()));
        }
        String base = Http.baseUrl(ctx) + ctx.path() + "?";
        String query = (start == null ? "" : "start_time=" + enc(WireTime.format(start)) + "&")
                + "end_time=" + enc(WireTime.format(pinnedEnd)) + "&limit=" + limit;
        String link = "<" + base + (before == null ? "" : "before=" + cursorOf(before) + "&") + query + ">";
        if (page.nextBefore() != null) link += ";rel=\"next\", <" + base + "before=" + cursorOf(page.nextBefore()) + "&" + query + ">";
        ctx.header("Link", link);
        Http.ok(ctx, AioJson.data(page.points(), feed, include(ctx)));
    }

    /** include=value,lat,... as a set of field names, null when absent. */
    static Set<String> include(Context ctx) {
        String v = ctx.queryParam("include");
        if (v == null || v.isBlank()) return null;
        Set<String> out = Arrays.stream(v.split(",")).map(String::trim).filter(FIELDS::contains).collect(Collectors.toCollection(LinkedHashSet::new));
        if (out.isEmpty()) throw FeedlineException.invalidField("include", "name fields of Data, e.g. value,created_at");
        return out;
    }

    /** limit: default and maximum 1000 (a larger one is lowered to it, as Adafruit IO does). */
    private static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null || v.isBlank()) return FeedHistory.MAX_LIMIT;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) throw new NumberFormatException();
            return Math.min(n, FeedHistory.MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField("limit", "a positive integer");
        }
    }

    static Instant time(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : AioTimes.parse(name, v);
    }

    private static Long micros(Instant t) { return t == null ? null : dev.feedline.core.AcceptedTimes.saturatedMicros(t); }

    /** The opaque "before" cursor: the timestamp of the oldest value returned, base64url. */
    private static String cursorOf(long micros) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(micros).getBytes(StandardCharsets.US_ASCII));
    }

    private static Long cursor(String v) {
        if (v == null || v.isBlank()) return null;
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(v.trim()), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw FeedlineException.invalidField("before", "not a cursor from a Link header");
        }
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
