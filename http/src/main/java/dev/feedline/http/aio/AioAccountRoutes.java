package dev.feedline.http.aio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.feed.DataRateLimiter;
import dev.feedline.core.feed.FeedValue;
import dev.feedline.http.Http;
import dev.feedline.http.Router;
import dev.feedline.json.Json;
import dev.feedline.json.Utf8;
import dev.feedline.json.WireTime;
import dev.feedline.model.Account;
import dev.feedline.model.ApiKey;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedTrigger;
import dev.feedline.model.PersonalOrg;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** User, throttle, tokens (the user's API keys), triggers, time and webhook receivers. */
final class AioAccountRoutes {
    private final AioContext c;

    AioAccountRoutes(AioContext c) { this.c = c; }

    void register(Router r) {
        r.get("/api/v2/user", ctx -> {
            Account me = c.services().lookup().access().user(c.caller(ctx));
            ObjectNode n = Json.object();
            n.put("id", me.id());
            n.put("name", me.name());
            n.put("color", "#000000");
            n.put("username", me.username());
            n.put("time_zone", "UTC");
            n.put("created_at", WireTime.format(me.createdAt()));
            n.put("updated_at", WireTime.format(me.updatedAt()));
            Http.ok(ctx, n);
        });
        r.get(AioRoutes.USER + "/throttle", ctx -> {
            DataRateLimiter.Usage u = c.feeds().rateLimiter().usage(c.owner(ctx).id());
            ObjectNode n = Json.object();
            n.put("data_rate_limit", u.limit());
            n.put("active_data_rate", u.used());
            for (String f : new String[] {"authentication_rate", "subscribe_authorization_rate", "publish_authorization_rate", "hourly_ban_rate", "active_sms_rate"}) n.put(f, 0);
            n.putNull("mqtt_ban_error_message");
            Http.ok(ctx, n);
        });
        tokens(r);
        triggers(r, AioRoutes.USER + "/triggers", "trigger");
        triggers(r, AioRoutes.USER + "/actions", "trigger");
        r.get(AioRoutes.USER + "/integrations/time/struct.json", ctx -> {
            c.owner(ctx);
            Http.ok(ctx, struct(ctx));
        });
        r.get("/api/v2/time/seconds", ctx -> text(ctx, Long.toString(now().getEpochSecond())));
        r.get("/api/v2/time/millis", ctx -> text(ctx, Long.toString(now().toEpochMilli())));
        r.get("/api/v2/time/ISO-8601", ctx -> text(ctx, java.time.format.DateTimeFormatter.ISO_INSTANT.format(now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))));
        r.get("/api/v2/time/struct", ctx -> Http.ok(ctx, struct(ctx)));
        webhooks(r);
    }

    private Instant now() { return c.services().data().now(); }

    private static void text(Context ctx, String body) { ctx.contentType("text/plain; charset=utf-8").result(body); }

    /** {year, mon, mday, hour, min, sec, wday (0 = Sunday), yday, isdst} in ?tz= (UTC by default: no IP geolocation here). */
    private ObjectNode struct(Context ctx) {
        ZoneId zone = ZoneOffset.UTC;
        String tz = ctx.queryParam("tz");
        if (tz != null && !tz.isBlank()) {
            try {
                zone = ZoneId.of(tz.trim());
            } catch (DateTimeException e) {
                throw FeedlineException.invalidField("tz", "an IANA zone such as Europe/Berlin");
            }
        }
        ZonedDateTime t = now().atZone(zone);
        ObjectNode n = Json.object();
        n.put("year", t.getYear());
        n.put("mon", t.getMonthValue());
        n.put("mday", t.getDayOfMonth());
        n.put("hour", t.getHour());
        n.put("min", t.getMinute());
        n.put("sec", t.getSecond());
        n.put("wday", t.getDayOfWeek().getValue() % 7);
        n.put("yday", t.getDayOfYear());
        n.put("isdst", zone.getRules().isDaylightSavings(t.toInstant()) ? 1 : 0);
        return n;
    }

    /** Tokens are the user's API keys: the secret is shown once, on create; afterwards only its prefix. */
    private void tokens(Router r) {
        String tokens = AioRoutes.USER + "/tokens";
        r.get(tokens, ctx -> {
            ArrayNode out = Json.array();
            c.services().apiKeys().list(c.owner(ctx)).stream().filter(k -> !k.revoked()).forEach(k -> out.add(token(k, null)));
            Http.ok(ctx, out);
        });
        r.post(tokens, ctx -> {
            Account me = c.owner(ctx);
            var created = c.services().apiKeys().create(me, AioBody.of(ctx, "token").str("name"));
            Http.created(ctx, token(created.key(), created.secret()));
        });
        r.get(tokens + "/{id}", ctx -> Http.ok(ctx, token(key(ctx), null)));
        r.put(tokens + "/{id}", ctx -> Http.ok(ctx, token(key(ctx), null)));
        r.patch(tokens + "/{id}", ctx -> Http.ok(ctx, token(key(ctx), null)));
        r.delete(tokens + "/{id}", ctx -> {
            c.services().apiKeys().revoke(c.owner(ctx), key(ctx).id());
            Http.ok(ctx, Json.MAPPER.getNodeFactory().textNode("OK"));
        });
    }

    private ApiKey key(Context ctx) {
        Account me = c.owner(ctx);
        long id = Http.longParam(ctx, "id");
        return c.services().apiKeys().list(me).stream().filter(k -> k.id() == id && !k.revoked()).findFirst()
                .orElseThrow(() -> FeedlineException.notFound("token"));
    }

    private static ObjectNode token(ApiKey k, String secret) {
        ObjectNode n = Json.object();
        n.put("id", k.id());
        n.put("name", k.name());
        n.put("token", secret != null ? secret : k.prefix() + "…");
        n.put("created_at", WireTime.format(k.createdOn()));
        return n;
    }

    private void triggers(Router r, String base, String wrapper) {
        r.get(base, ctx -> {
            ArrayNode out = Json.array();
            c.feeds().triggers().list(c.caller(ctx), c.org(ctx)).forEach(t -> out.add(trigger(t)));
            Http.ok(ctx, out);
        });
        r.post(base, ctx -> Http.created(ctx, trigger(c.feeds().triggers().create(c.caller(ctx), c.org(ctx), triggerJson(ctx, wrapper)))));
        r.get(base + "/{id}", ctx -> Http.ok(ctx, trigger(c.feeds().triggers().get(c.caller(ctx), c.org(ctx), Http.longParam(ctx, "id")))));
        r.put(base + "/{id}", ctx -> updateTrigger(ctx, wrapper));
        r.patch(base + "/{id}", ctx -> updateTrigger(ctx, wrapper));
        r.delete(base + "/{id}", ctx -> Http.ok(ctx, trigger(c.feeds().triggers().delete(c.caller(ctx), c.org(ctx), Http.longParam(ctx, "id")))));
    }

    private void updateTrigger(Context ctx, String wrapper) {
        PersonalOrg org = c.org(ctx);
        long id = Http.longParam(ctx, "id");
        ObjectNode merged = (ObjectNode) Json.read(c.feeds().triggers().get(org, id).json());
        merged.setAll((ObjectNode) Json.read(triggerJson(ctx, wrapper)));
        Http.ok(ctx, trigger(c.feeds().triggers().update(c.caller(ctx), org, id, Json.write(merged))));
    }

    /** The trigger's own fields (id and times are the server's); kept as the client sent them. */
    private static String triggerJson(Context ctx, String wrapper) {
        ObjectNode body = ((ObjectNode) AioBody.of(ctx, wrapper).node()).deepCopy();
        body.remove(java.util.List.of("id", "created_at", "updated_at"));
        // An empty trigger watches nothing: refuse it rather than store {} (Adafruit IO answers 400 too).
        if (body.isEmpty()) throw FeedlineException.invalid("a trigger needs its fields, e.g. name, feed_id, operator and value");
        return Json.write(body);
    }

    private static ObjectNode trigger(FeedTrigger t) {
        ObjectNode n = Json.object();
        n.put("id", t.id());
        n.setAll((ObjectNode) Json.read(t.json()));
        n.put("created_at", WireTime.format(t.createdOn()));
        n.put("updated_at", WireTime.format(t.updatedOn()));
        return n;
    }

    /** Webhook receivers: the token in the path is the only credential; each answers the created Data. */
    private void webhooks(Router r) {
        String base = "/api/v2/webhooks/feed/{token}";
        r.post(base, ctx -> receive(ctx, AioContext.value(AioBody.of(ctx, null))));
        r.post(base + "/raw", ctx -> {
            String raw = Utf8.decode("value", ctx.bodyAsBytes());
            if (raw.isEmpty()) throw FeedlineException.invalidField("value", "the body is empty");
            receive(ctx, FeedValue.of(raw));
        });
        r.post(base + "/notify", ctx -> receive(ctx, FeedValue.of("ping")));
    }

    private void receive(Context ctx, FeedValue value) {
        String token = ctx.pathParam("token");
        Feed feed = c.feeds().webhooks().feed(token);
        AioFeedRoutes.answer(ctx, c.feeds().webhooks().receive(token, value), dev.feedline.core.feed.FeedTarget.of(feed), false);
    }
}
