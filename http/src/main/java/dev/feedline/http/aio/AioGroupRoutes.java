package dev.feedline.http.aio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.feed.FeedValue;
import dev.feedline.core.feed.FeedValues;
import dev.feedline.http.Http;
import dev.feedline.http.Router;
import dev.feedline.json.Json;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.PersonalOrg;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** /api/v2/{username}/groups/...: groups, membership, feeds created in a group and multi-feed data. */
final class AioGroupRoutes {
    private static final String GROUPS = AioRoutes.USER + "/groups";
    private static final String GROUP = GROUPS + "/{group_key}";
    private final AioContext c;
    private final AioFeedRoutes feedRoutes;
    private final AioDataList dataList;

    AioGroupRoutes(AioContext c, AioFeedRoutes feedRoutes, AioDataList dataList) {
        this.c = c;
        this.feedRoutes = feedRoutes;
        this.dataList = dataList;
    }

    void register(Router r) {
        r.get(GROUPS, ctx -> {
            PersonalOrg org = c.org(ctx);
            ArrayNode out = Json.array();
            c.feeds().groups().list(org).forEach(g -> out.add(view(org, g)));
            Http.ok(ctx, out);
        });
        r.post(GROUPS, ctx -> {
            PersonalOrg org = c.org(ctx);
            AioBody b = AioBody.of(ctx, "group");
            Http.created(ctx, view(org, c.feeds().groups().create(org, b.str("name"), b.str("key"), b.str("description"))));
        });
        r.get(GROUP, ctx -> {
            PersonalOrg org = c.org(ctx);
            Http.ok(ctx, view(org, group(ctx, org)));
        });
        r.put(GROUP, this::update);
        r.patch(GROUP, this::update);
        r.delete(GROUP, ctx -> {
            c.feeds().groups().delete(c.org(ctx), ctx.pathParam("group_key"));
            Http.ok(ctx, Json.MAPPER.getNodeFactory().textNode("OK"));
        });
        r.post(GROUP + "/add", ctx -> {
            PersonalOrg org = c.org(ctx);
            Http.ok(ctx, view(org, c.feeds().groups().add(org, ctx.pathParam("group_key"), feedKey(ctx))));
        });
        r.post(GROUP + "/remove", ctx -> {
            PersonalOrg org = c.org(ctx);
            Http.ok(ctx, view(org, c.feeds().groups().remove(org, ctx.pathParam("group_key"), feedKey(ctx))));
        });
        r.get(GROUP + "/feeds", ctx -> {
            PersonalOrg org = c.org(ctx);
            ArrayNode out = Json.array();
            c.feeds().groups().feeds(group(ctx, org)).forEach(f -> out.add(feedRoutes.feedView(org, f)));
            Http.ok(ctx, out);
        });
        r.post(GROUP + "/feeds", ctx -> {
            PersonalOrg org = c.org(ctx);
            Http.created(ctx, feedRoutes.feedView(org, feedRoutes.create(org, group(ctx, org), ctx)));
        });
        r.post(GROUP + "/data", this::groupData);
        r.get(GROUP + "/feeds/{feed_key}/data", ctx -> {
            PersonalOrg org = c.org(ctx);
            FeedGroup g = group(ctx, org);
            String key = ctx.pathParam("feed_key");
            dataList.list(ctx, c.feeds().groups().member(g, key).orElseThrow(() -> FeedlineException.notFound("feed " + key + " in group " + g.key())));
        });
        r.post(GROUP + "/feeds/{feed_key}/data", ctx -> {
            PersonalOrg org = c.org(ctx);
            feedRoutes.writeOne(ctx, c.feeds().groups().feedForWrite(org, group(ctx, org), ctx.pathParam("feed_key")));
        });
    }

    private FeedGroup group(Context ctx, PersonalOrg org) { return c.feeds().groups().get(org, ctx.pathParam("group_key")); }

    private ObjectNode view(PersonalOrg org, FeedGroup g) {
        ArrayNode feeds = Json.array();
        c.feeds().groups().feeds(g).forEach(f -> feeds.add(feedRoutes.feedView(org, f)));
        return AioJson.group(g, feeds);
    }

    private void update(Context ctx) {
        PersonalOrg org = c.org(ctx);
        AioBody b = AioBody.of(ctx, "group");
        Http.ok(ctx, view(org, c.feeds().groups().update(org, ctx.pathParam("group_key"), b.str("name"), b.str("description"))));
    }

    /** feed_key from the query (spec), a JSON body (Ruby, CircuitPython) or a form (docs). */
    private static String feedKey(Context ctx) {
        String q = ctx.queryParam("feed_key");
        return q != null && !q.isBlank() ? q : AioBody.of(ctx, null).str("feed_key");
    }

    /**
     * {"feeds": [{"key", "value"}...], "location": {...}, "created_at"}: one value per feed, all or
     * none; unknown keys become feeds of the group.
     */
    private void groupData(Context ctx) {
        PersonalOrg org = c.org(ctx);
        FeedGroup group = group(ctx, org);
        AioBody b = AioBody.of(ctx, "group");
        JsonNode items = b.get("feeds");
        if (items == null || !items.isArray() || items.isEmpty()) throw FeedlineException.invalidField("feeds", "give a list of {key, value}");
        if (items.size() > c.services().limits().maxPointsPerRequest()) throw FeedlineException.invalidField("feeds", "too many values");
        List<FeedValues.Write> writes = new ArrayList<>();
        for (JsonNode item : items) {
            AioBody one = AioBody.of(item, null);
            ObjectNode merged = Json.object();
            if (b.get("location") != null) merged.set("location", b.get("location"));
            if (b.get("created_at") != null) merged.set("created_at", b.get("created_at"));
            merged.setAll((ObjectNode) one.node());
            FeedValue v = AioContext.value(AioBody.of(merged, null));
            writes.add(new FeedValues.Write(c.feeds().groups().feedForWrite(org, group, one.str("key")), v));
        }
        var accepted = c.feeds().values().write(c.owner(ctx), writes);
        ctx.future(() -> accepted.committed().thenRun(() -> {
            // After the commit: new feeds are created with the values.
            Map<Long, Feed> byStream = new java.util.HashMap<>();
            writes.forEach(w -> byStream.put(w.feed().feed().streamId(), w.feed().feed()));
            ArrayNode out = Json.array();
            accepted.points().forEach(p -> out.add(AioJson.data(p, byStream.get(p.streamId()), null)));
            Http.ok(ctx, out);
        }));
    }
}
