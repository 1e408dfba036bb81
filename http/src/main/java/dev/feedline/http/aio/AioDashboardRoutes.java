package dev.feedline.http.aio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.dashboard.Dashboards;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.feed.FeedKeys;
import dev.feedline.http.Http;
import dev.feedline.http.Router;
import dev.feedline.json.Json;
import dev.feedline.model.Dashboard;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.PersonalOrg;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * /api/v2/{username}/dashboards/...: Adafruit IO dashboards are Feedline dashboards of the personal
 * org. The Adafruit attributes, blocks and layouts live in the layout JSON under "aio"; on every save
 * the blocks are also written as the "widgets" the web UI draws (a line_chart block becomes a line
 * widget, every other block a value widget over its feeds' streams).
 */
final class AioDashboardRoutes {
    private static final String DASHBOARDS = AioRoutes.USER + "/dashboards";
    private static final String DASHBOARD = DASHBOARDS + "/{dashboard_key}";
    private static final int MAX_BLOCKS = 200;
    private static final List<String> BREAKPOINT_ORDER = List.of("xl", "lg", "md", "sm", "xs");
    private static final Set<String> BREAKPOINTS = Set.copyOf(BREAKPOINT_ORDER);
    private static final List<String> ATTRIBUTES = List.of("description", "visibility", "show_header", "color_mode", "block_borders",
            "allow_overlap", "header_image_url");
    private final AioContext c;

    AioDashboardRoutes(AioContext c) { this.c = c; }

    void register(Router r) {
        r.get(DASHBOARDS, ctx -> {
            ArrayNode out = Json.array();
            PersonalOrg org = c.org(ctx);
            dashboards(ctx, org).forEach(d -> out.add(view(d)));
            Http.ok(ctx, out);
        });
        r.post(DASHBOARDS, this::create);
        r.get(DASHBOARD, ctx -> Http.ok(ctx, view(find(ctx))));
        r.put(DASHBOARD, this::update);
        r.patch(DASHBOARD, this::update);
        r.delete(DASHBOARD, ctx -> {
            c.services().dashboards().delete(c.caller(ctx), find(ctx).id());
            Http.ok(ctx, Json.MAPPER.getNodeFactory().textNode("OK"));
        });
        r.post(DASHBOARD + "/update_layouts", this::updateLayouts);
        r.get(DASHBOARD + "/blocks", ctx -> Http.ok(ctx, aio(find(ctx)).withArray("blocks")));
        r.post(DASHBOARD + "/blocks", ctx -> Http.ok(ctx, saveBlock(ctx, null)));
        r.get(DASHBOARD + "/blocks/{id}", ctx -> Http.ok(ctx, block(aio(find(ctx)), ctx.pathParam("id"))));
        r.put(DASHBOARD + "/blocks/{id}", ctx -> Http.ok(ctx, saveBlock(ctx, ctx.pathParam("id"))));
        r.patch(DASHBOARD + "/blocks/{id}", ctx -> Http.ok(ctx, saveBlock(ctx, ctx.pathParam("id"))));
        r.delete(DASHBOARD + "/blocks/{id}", ctx -> {
            Dashboard d = find(ctx);
            ObjectNode aio = aio(d);
            ArrayNode blocks = aio.withArray("blocks");
            block(aio, ctx.pathParam("id"));
            for (Iterator<JsonNode> it = blocks.elements(); it.hasNext(); ) if (it.next().path("id").asText().equals(ctx.pathParam("id"))) it.remove();
            unplace(aio, ctx.pathParam("id"));
            save(ctx, d, aio);
            Http.ok(ctx, Json.MAPPER.getNodeFactory().textNode("OK"));
        });
    }

    private List<Dashboard> dashboards(Context ctx, PersonalOrg org) {
        return c.services().dashboards().list(c.caller(ctx)).stream().filter(d -> d.orgId() == org.orgId()).toList();
    }

    /** The dashboard a key (or numeric id) names in the personal org. */
    private Dashboard find(Context ctx) {
        PersonalOrg org = c.org(ctx);
        String ref = ctx.pathParam("dashboard_key");
        return dashboards(ctx, org).stream().filter(d -> aio(d).path("key").asText().equals(ref) || Long.toString(d.id()).equals(ref))
                .findFirst().orElseThrow(() -> FeedlineException.notFound("dashboard " + ref));
    }

    private static ObjectNode aio(Dashboard d) {
        JsonNode layout = Json.read(d.layout());
        JsonNode aio = layout.get("aio");
        return aio != null && aio.isObject() ? (ObjectNode) aio.deepCopy() : Json.object();
    }

    private void create(Context ctx) {
        PersonalOrg org = c.org(ctx);
        AioBody b = AioBody.of(ctx, "dashboard");
        String name = b.str("name");
        if (name == null || name.isBlank()) throw FeedlineException.invalidField("name", "this field is required");
        String key = FeedKeys.keyOf("key", b.str("key"), name);
        if (dashboards(ctx, org).stream().anyMatch(d -> aio(d).path("key").asText().equals(key))) {
            throw FeedlineException.conflictField("key", "a dashboard with key " + key + " already exists");
        }
        ObjectNode aio = Json.object();
        aio.put("key", key);
        aio.put("visibility", "private");
        aio.put("show_header", true);
        aio.put("color_mode", "dark");
        aio.put("block_borders", true);
        aio.put("allow_overlap", false);
        aio.putNull("header_image_url");
        applyAttributes(aio, b);
        aio.putArray("blocks");
        aio.putObject("layouts");
        aio.put("next_block_id", 1);
        String orgSlug = c.services().related().orgSlug(org.orgId()).orElseThrow();
        Dashboard d = c.services().dashboards().create(c.caller(ctx), orgSlug, new Dashboards.Changes(name, false, layout(aio)));
        Http.created(ctx, view(d));
    }

    private void update(Context ctx) {
        Dashboard d = find(ctx);
        AioBody b = AioBody.of(ctx, "dashboard");
        ObjectNode aio = aio(d);
        applyAttributes(aio, b);
        Dashboard saved = c.services().dashboards().update(c.caller(ctx), d.id(), new Dashboards.Changes(b.str("name"), null, layout(aio)));
        Http.ok(ctx, view(saved));
    }

    private static void applyAttributes(ObjectNode aio, AioBody b) {
        for (String field : ATTRIBUTES) {
            JsonNode v = b.get(field);
            if (v == null) continue;
            if (!v.isValueNode()) throw FeedlineException.invalidField(field, "must be a string, number or flag");
            aio.set(field, field.equals("visibility") || field.equals("color_mode") ? Json.MAPPER.getNodeFactory().textNode(v.asText().toLowerCase(Locale.ROOT)) : v);
        }
    }

    /** {"layouts": {"lg": [{"i", "x", "y", "w", "h"}...], ...}}; null breakpoints (Python) are left as they were. */
    private void updateLayouts(Context ctx) {
        Dashboard d = find(ctx);
        AioBody b = AioBody.of(ctx, null);
        JsonNode layouts = b.get("layouts");
        if (layouts == null || !layouts.isObject()) throw FeedlineException.invalidField("layouts", "must be an object of breakpoints");
        ObjectNode aio = aio(d);
        ObjectNode current = aio.with("layouts");
        for (Map.Entry<String, JsonNode> e : layouts.properties()) {
            if (!BREAKPOINTS.contains(e.getKey())) throw FeedlineException.invalidField("layouts", "breakpoints are xl, lg, md, sm and xs");
            if (e.getValue().isNull()) continue;
            if (!e.getValue().isArray()) throw FeedlineException.invalidField("layouts." + e.getKey(), "must be a list");
            current.set(e.getKey(), e.getValue());
        }
        Http.ok(ctx, view(save(ctx, d, aio)));
    }

    /** Creates (id null) or updates a block from its body; block_feeds name feeds by id, key or group.key. */
    private ObjectNode saveBlock(Context ctx, String id) {
        Dashboard d = find(ctx);
        PersonalOrg org = c.org(ctx);
        ObjectNode aio = aio(d);
        ArrayNode blocks = aio.withArray("blocks");
        ObjectNode block;
        if (id == null) {
            if (blocks.size() >= MAX_BLOCKS) throw FeedlineException.invalid("at most " + MAX_BLOCKS + " blocks per dashboard");
            long next = aio.path("next_block_id").asLong(1);
            aio.put("next_block_id", next + 1);
            block = blocks.addObject();
            block.put("id", Long.toString(next));
            block.put("visual_type", "text");
            block.put("column", 0);
            block.put("row", 0);
            block.put("size_x", 4);
            block.put("size_y", 4);
            block.putObject("properties");
            block.putArray("block_feeds");
        } else {
            block = block(aio, id);
        }
        AioBody b = AioBody.of(ctx, "block");
        for (String field : List.of("name", "description", "visual_type")) if (b.str(field) != null) block.put(field, b.str(field));
        for (String field : List.of("column", "row", "size_x", "size_y")) if (b.integer(field) != null) block.put(field, b.integer(field));
        JsonNode props = b.get("properties");
        if (props != null) {
            if (!props.isObject()) throw FeedlineException.invalidField("properties", "must be an object");
            ObjectNode p = block.putObject("properties");
            props.properties().forEach(e -> p.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : Json.write(e.getValue())));
        }
        JsonNode feeds = b.get("block_feeds");
        if (feeds != null) {
            if (!feeds.isArray()) throw FeedlineException.invalidField("block_feeds", "must be a list");
            ArrayNode out = block.putArray("block_feeds");
            for (JsonNode bf : feeds) {
                AioBody one = AioBody.of(bf, null);
                JsonNode ref = one.get("feed_id") != null ? one.get("feed_id") : one.get("feed_key");
                if (ref == null) throw FeedlineException.invalidField("block_feeds", "each needs a feed_id (id or key)");
                Feed f = c.feeds().feeds().get(org, ref.asText());
                FeedGroup home = c.feeds().groups().groupsOf(f).stream().filter(g -> g.id() == f.groupId()).findFirst().orElseThrow();
                ObjectNode n = out.addObject();
                n.put("id", f.id() + "-" + out.size());
                ObjectNode feedRef = n.putObject("feed");
                feedRef.put("id", f.id());
                feedRef.put("name", f.name());
                feedRef.put("key", f.key());
                feedRef.put("stream", c.feeds().feeds().stream(f).slug());
                n.set("group", AioJson.groupRef(home));
            }
        }
        if (id == null) place(aio, block);
        save(ctx, d, aio);
        return block;
    }

    /**
     * Puts a new block into every breakpoint's layout, as Adafruit IO does (its web UI draws only
     * what a layout holds): at the left edge below everything already there, with the block's size.
     */
    private static void place(ObjectNode aio, ObjectNode block) {
        ObjectNode layouts = aio.with("layouts");
        for (String bp : BREAKPOINT_ORDER) {
            ArrayNode items = layouts.get(bp) instanceof ArrayNode a ? a : layouts.putArray(bp);
            long bottom = 0; // long: update_layouts stores whatever numbers a client sent
            for (JsonNode item : items) bottom = Math.max(bottom, item.path("y").asLong(0) + item.path("h").asLong(0));
            ObjectNode item = items.addObject();
            item.put("i", block.path("id").asText());
            item.put("x", 0);
            item.put("y", bottom);
            item.put("w", block.path("size_x").asInt(4));
            item.put("h", block.path("size_y").asInt(4));
        }
    }

    /** Takes a deleted block out of every layout. */
    private static void unplace(ObjectNode aio, String blockId) {
        if (!(aio.get("layouts") instanceof ObjectNode layouts)) return;
        for (String bp : BREAKPOINT_ORDER) {
            if (!(layouts.get(bp) instanceof ArrayNode items)) continue;
            for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) if (it.next().path("i").asText().equals(blockId)) it.remove();
        }
    }

    private static ObjectNode block(ObjectNode aio, String id) {
        for (JsonNode b : aio.withArray("blocks")) if (b.path("id").asText().equals(id)) return (ObjectNode) b;
        throw FeedlineException.notFound("block " + id);
    }

    private Dashboard save(Context ctx, Dashboard d, ObjectNode aio) {
        Caller caller = c.caller(ctx);
        return c.services().dashboards().update(caller, d.id(), new Dashboards.Changes(null, null, layout(aio)));
    }

    /** The layout JSON: the Adafruit part plus the widgets the web UI draws from it. */
    private static String layout(ObjectNode aio) {
        ObjectNode layout = Json.object();
        ArrayNode widgets = layout.putArray("widgets");
        for (JsonNode b : aio.withArray("blocks")) {
            ObjectNode w = widgets.addObject();
            w.put("id", "aio-" + b.path("id").asText());
            w.put("type", "line_chart".equals(b.path("visual_type").asText()) ? "line" : "value");
            w.put("title", b.path("name").asText(""));
            w.put("x", b.path("column").asInt());
            w.put("y", b.path("row").asInt());
            w.put("w", b.path("size_x").asInt(4));
            w.put("h", b.path("size_y").asInt(4));
            ArrayNode streams = w.putObject("config").putArray("streams");
            for (JsonNode bf : b.withArray("block_feeds")) streams.add(bf.path("feed").path("stream").asText());
        }
        layout.set("aio", aio);
        return Json.write(layout);
    }

    private static ObjectNode view(Dashboard d) {
        ObjectNode aio = aio(d);
        ObjectNode n = Json.object();
        n.put("id", d.id());
        n.put("name", d.name());
        n.put("key", aio.path("key").asText(Long.toString(d.id())));
        for (String field : ATTRIBUTES) n.set(field, aio.has(field) ? aio.get(field) : null);
        n.set("blocks", aio.withArray("blocks"));
        ObjectNode layouts = n.putObject("layouts");
        for (String bp : BREAKPOINT_ORDER) layouts.set(bp, aio.path("layouts").has(bp) ? aio.path("layouts").get(bp) : Json.array());
        n.put("created_at", dev.feedline.json.WireTime.format(d.createdOn()));
        n.put("updated_at", dev.feedline.json.WireTime.format(d.updatedOn()));
        return n;
    }
}
