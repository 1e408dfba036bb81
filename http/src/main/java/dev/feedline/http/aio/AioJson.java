package dev.feedline.http.aio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.data.DataService;
import dev.feedline.core.feed.DataIds;
import dev.feedline.core.feed.FeedValues;
import dev.feedline.json.Json;
import dev.feedline.json.WireTime;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The JSON shapes of Adafruit IO v2: Data (values always strings), Feed and Group. */
final class AioJson {
    private AioJson() {}

    /** A Data record; include, when not null, keeps only the named fields. */
    static ObjectNode data(DataPoint p, Feed feed, Set<String> include) {
        ObjectNode n = Json.object();
        Instant at = DataService.instant(p.timestampMicros());
        n.put("id", DataIds.of(p.timestampMicros()));
        n.put("value", FeedValues.text(p));
        n.put("feed_id", feed.id());
        n.put("feed_key", feed.key());
        n.putNull("group_id");
        putNumber(n, "lat", p.lat());
        putNumber(n, "lon", p.lon());
        putNumber(n, "ele", p.ele());
        ObjectNode location = n.putObject("location");
        if (p.lat() != null) location.put("lat", p.lat());
        if (p.lon() != null) location.put("lon", p.lon());
        if (p.ele() != null) location.put("ele", p.ele());
        n.put("created_at", WireTime.format(at));
        n.put("created_epoch", at.getEpochSecond());
        n.putNull("updated_at");
        n.putNull("expiration");
        n.putNull("completed_at");
        if (include != null) n.retain(include);
        return n;
    }

    private static void putNumber(ObjectNode n, String field, Double v) {
        if (v == null) n.putNull(field); else n.put(field, v);
    }

    static ArrayNode data(List<DataPoint> points, Feed feed, Set<String> include) {
        ArrayNode out = Json.array();
        points.forEach(p -> out.add(data(p, feed, include)));
        return out;
    }

    /** A Feed; last is its newest value (null if none), groups the groups it belongs to (home first if given). */
    static ObjectNode feed(Feed f, DataPoint last, FeedGroup home, List<FeedGroup> groups, Instant now) {
        ObjectNode n = Json.object();
        n.put("id", f.id());
        n.put("name", f.name());
        n.put("key", f.key());
        n.put("description", f.description());
        n.put("unit_type", f.unitType());
        n.put("unit_symbol", f.unitSymbol());
        n.put("history", f.history());
        n.put("visibility", f.visibility());
        n.put("license", f.license());
        n.put("enabled", true);
        n.put("last_value", last == null ? null : FeedValues.text(last));
        n.put("last_value_at", last == null ? null : WireTime.formatMicros(last.timestampMicros()));
        boolean online = last != null && DataService.instant(last.timestampMicros()).plusSeconds(60L * f.statusTimeout()).isAfter(now);
        n.put("status", online ? "online" : "offline");
        n.put("status_notify", f.statusNotify());
        n.put("status_timeout", f.statusTimeout());
        if (home != null) n.set("group", groupRef(home));
        ArrayNode gs = n.putArray("groups");
        groups.forEach(g -> gs.add(groupRef(g)));
        n.put("created_at", WireTime.format(f.createdOn()));
        n.put("updated_at", WireTime.format(f.updatedOn()));
        return n;
    }

    static ObjectNode groupRef(FeedGroup g) {
        ObjectNode n = Json.object();
        n.put("id", g.id());
        n.put("name", g.name());
        n.put("key", g.key());
        return n;
    }

    static ObjectNode group(FeedGroup g, ArrayNode feeds) {
        ObjectNode n = groupRef(g);
        n.put("description", g.description());
        n.set("feeds", feeds);
        n.put("created_at", WireTime.format(g.createdOn()));
        n.put("updated_at", WireTime.format(g.updatedOn()));
        return n;
    }
}
