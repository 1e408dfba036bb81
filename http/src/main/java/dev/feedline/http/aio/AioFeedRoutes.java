package dev.feedline.http.aio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.feed.FeedFields;
import dev.feedline.core.feed.FeedHistory;
import dev.feedline.core.feed.FeedTarget;
import dev.feedline.core.feed.FeedValue;
import dev.feedline.core.feed.FeedValues;
import dev.feedline.http.Http;
import dev.feedline.http.Router;
import dev.feedline.json.Json;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.PersonalOrg;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** /api/v2/{username}/feeds/...: feeds, their data and the data helpers (first, last, next, previous, retain, chart). */
final class AioFeedRoutes {
    static final String FEEDS = AioRoutes.USER + "/feeds";
    static final String FEED = FEEDS + "/{feed_key}";
    private final AioContext c;
    private final AioChart chart;
    private final AioDataList dataList;

    AioFeedRoutes(AioContext c, AioDataList dataList) {
        this.c = c;
        this.chart = new AioChart(c);
        this.dataList = dataList;
    }

    void register(Router r) {
        r.get(FEEDS, this::list);
        r.post(FEEDS, ctx -> {
            PersonalOrg org = c.org(ctx);
            String groupKey = ctx.queryParam("group_key");
            FeedGroup group = groupKey == null || groupKey.isBlank() ? null : c.feeds().groups().get(org, groupKey);
            Http.created(ctx, feedView(org, create(org, group, ctx)));
        });
        r.get(FEED, ctx -> Http.ok(ctx, feedView(c.org(ctx), feed(ctx))));
        r.put(FEED, this::update);
        r.patch(FEED, this::update);
        r.delete(FEED, ctx -> {
            c.feeds().feeds().delete(c.org(ctx), ctx.pathParam("feed_key"));
            Http.ok(ctx, Json.MAPPER.getNodeFactory().textNode("OK"));
        });
        r.get(FEED + "/details", this::details);
        r.post(FEED + "/webhook", ctx -> {
            String token = c.feeds().webhooks().createToken(c.org(ctx), ctx.pathParam("feed_key"));
            ObjectNode out = Json.object();
            out.put("token", token);
            out.put("url", Http.baseUrl(ctx) + "/api/v2/webhooks/feed/" + token);
            Http.created(ctx, out);
        });
        r.delete(FEED + "/webhook", ctx -> {
            c.feeds().webhooks().removeToken(c.org(ctx), ctx.pathParam("feed_key"));
            Http.ok(ctx, Json.MAPPER.getNodeFactory().textNode("OK"));
        });

        String data = FEED + "/data";
        r.get(data, ctx -> dataList.list(ctx, feed(ctx)));
        r.post(data, ctx -> writeOne(ctx, c.feeds().feeds().target(c.org(ctx), ctx.pathParam("feed_key"))));
        r.post(data + "/batch", ctx -> writeBatch(ctx, c.feeds().feeds().target(c.org(ctx), ctx.pathParam("feed_key"))));
        r.get(data + "/chart", chart::chart);
        r.get(data + "/first", ctx -> helper(ctx, (h, f) -> h.first(f)));
        r.get(data + "/last", ctx -> helper(ctx, (h, f) -> h.last(f)));
        r.get(data + "/next", ctx -> helper(ctx, (h, f) -> h.next(f)));
        r.get(data + "/previous", ctx -> helper(ctx, (h, f) -> h.previous(f)));
        r.get(data + "/prev", ctx -> helper(ctx, (h, f) -> h.previous(f)));
        r.get(data + "/retain", this::retain);
        r.get(data + "/{id}", ctx -> {
            Feed f = feed(ctx);
            DataPoint p = c.feeds().history().byId(f, ctx.pathParam("id")).orElseThrow(() -> FeedlineException.notFound("data"));
            Http.ok(ctx, AioJson.data(p, f, AioDataList.include(ctx)));
        });
        r.put(data + "/{id}", this::replace);
        r.patch(data + "/{id}", this::replace);
        r.delete(data + "/{id}", ctx -> {
            c.feeds().values().delete(c.owner(ctx), feed(ctx), ctx.pathParam("id"));
            Http.ok(ctx, Json.MAPPER.getNodeFactory().textNode("OK"));
        });
    }

    private Feed feed(Context ctx) { return c.feeds().feeds().get(c.org(ctx), ctx.pathParam("feed_key")); }

    Feed create(PersonalOrg org, FeedGroup group, Context ctx) { return c.feeds().feeds().create(org, group, fields(AioBody.of(ctx, "feed"))); }

    static FeedFields fields(AioBody b) {
        return new FeedFields(b.str("name"), b.str("key"), b.str("description"), b.str("unit_type"), b.str("unit_symbol"), b.str("visibility"),
                b.str("license"), b.bool("history"), b.bool("status_notify"), b.integer("status_timeout"));
    }

    private void list(Context ctx) {
        PersonalOrg org = c.org(ctx);
        List<Feed> feeds = c.feeds().feeds().list(org);
        Map<Long, DataPoint> latest = c.feeds().history().latest(feeds);
        ArrayNode out = Json.array();
        for (Feed f : feeds) out.add(feedView(org, f, latest.get(f.streamId())));
        Http.ok(ctx, out);
    }

    ObjectNode feedView(PersonalOrg org, Feed f) { return feedView(org, f, c.feeds().history().newest(f).orElse(null)); }

    private ObjectNode feedView(PersonalOrg org, Feed f, DataPoint last) {
        List<FeedGroup> groups = c.feeds().groups().groupsOf(f);
        FeedGroup home = groups.stream().filter(g -> g.id() == f.groupId()).findFirst().orElse(null);
        return AioJson.feed(f, last, home, groups, c.services().data().now());
    }

    private void update(Context ctx) {
        PersonalOrg org = c.org(ctx);
        Http.ok(ctx, feedView(org, c.feeds().feeds().update(org, ctx.pathParam("feed_key"), fields(AioBody.of(ctx, "feed")))));
    }

    private void details(Context ctx) {
        PersonalOrg org = c.org(ctx);
        Feed f = feed(ctx);
        ObjectNode out = feedView(org, f);
        ObjectNode details = out.putObject("details");
        details.putArray("shared_with");
        ObjectNode data = details.putObject("data");
        FeedHistory h = c.feeds().history();
        data.set("first", h.oldest(f).map(p -> (JsonNode) AioJson.data(p, f, null)).orElse(null));
        data.set("last", h.newest(f).map(p -> (JsonNode) AioJson.data(p, f, null)).orElse(null));
        data.put("count", h.count(f));
        Http.ok(ctx, out);
    }

    /** One value, answered 200 once committed (Adafruit IO answers data creates with 200). */
    void writeOne(Context ctx, FeedTarget feed) {
        FeedValue v = AioContext.value(AioBody.of(ctx, "datum"));
        answer(ctx, c.feeds().values().write(c.owner(ctx), List.of(new FeedValues.Write(feed, v))), feed, false);
    }

    /** A bare array or {"data": [...]}; all values or none. */
    private void writeBatch(Context ctx, FeedTarget feed) {
        JsonNode root = AioBody.raw(ctx);
        JsonNode items = root.isObject() && root.has("data") ? root.get("data") : root;
        if (!items.isArray() || items.isEmpty()) throw FeedlineException.invalidField("data", "give a list of data");
        int max = c.services().limits().maxPointsPerRequest();
        if (items.size() > max) throw new FeedlineException(dev.feedline.core.error.ErrorKind.TOO_LARGE, "at most " + max + " data per request");
        List<FeedValues.Write> writes = new ArrayList<>(items.size());
        for (JsonNode item : items) writes.add(new FeedValues.Write(feed, AioContext.value(AioBody.of(item, "datum"))));
        answer(ctx, c.feeds().values().write(c.owner(ctx), writes), feed, true);
    }

    /** A new feed is known once the write committed: it is created with the values. */
    static void answer(Context ctx, DataService.Accepted accepted, FeedTarget feed, boolean list) {
        ctx.future(() -> accepted.committed().thenRun(() -> {
            if (list) Http.ok(ctx, AioJson.data(accepted.points(), feed.feed(), null));
            else Http.ok(ctx, AioJson.data(accepted.points().get(0), feed.feed(), null));
        }));
    }

    /** PUT/PATCH of a data id rewrites the value at that time (a point is its stream and timestamp). */
    private void replace(Context ctx) {
        Feed f = feed(ctx);
        DataPoint old = c.feeds().history().byId(f, ctx.pathParam("id")).orElseThrow(() -> FeedlineException.notFound("data"));
        FeedValue v = AioContext.value(AioBody.of(ctx, "datum"));
        FeedValue at = new FeedValue(v.value(), v.json(), v.lat() == null ? old.lat() : v.lat(), v.lon() == null ? old.lon() : v.lon(),
                v.ele() == null ? old.ele() : v.ele(), DataService.instant(old.timestampMicros()));
        answer(ctx, c.feeds().values().write(c.owner(ctx), List.of(new FeedValues.Write(f, at))), FeedTarget.of(f), false);
    }

    private void helper(Context ctx, BiFunction<FeedHistory, Feed, Optional<DataPoint>> read) {
        Feed f = feed(ctx);
        DataPoint p = read.apply(c.feeds().history(), f).orElseThrow(() -> FeedlineException.notFound("data"));
        Http.ok(ctx, AioJson.data(p, f, AioDataList.include(ctx)));
    }

    /** The newest value as CSV "value,lat,lon,ele", blanks for an unset location (Arduino parses it). */
    private void retain(Context ctx) {
        Feed f = feed(ctx);
        DataPoint p = c.feeds().history().newest(f).orElseThrow(() -> FeedlineException.notFound("data"));
        String value = FeedValues.text(p);
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) value = "\"" + value.replace("\"", "\"\"") + "\"";
        ctx.contentType("text/csv; charset=utf-8").result(value + "," + num(p.lat()) + "," + num(p.lon()) + "," + num(p.ele()));
    }

    private static String num(Double d) { return d == null ? "" : d.toString(); }
}
