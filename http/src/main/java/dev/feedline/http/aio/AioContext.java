package dev.feedline.http.aio;

import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.feed.FeedServices;
import dev.feedline.core.feed.FeedValue;
import dev.feedline.http.Http;
import dev.feedline.model.Account;
import dev.feedline.model.PersonalOrg;
import io.javalin.http.Context;

/** Who an Adafruit IO request acts as, and the parsing every route class shares. */
final class AioContext {
    private final Services s;

    AioContext(Services s) { this.s = s; }

    FeedServices feeds() { return s.feeds(); }

    Services services() { return s; }

    /** The caller by AIO key (see {@link Http#aioCaller}). */
    Caller caller(Context ctx) { return Http.aioCaller(ctx, s.authenticator()); }

    /** The account of the {username} in the path, which the caller must be. */
    Account owner(Context ctx) { return s.feeds().identity().owner(caller(ctx), ctx.pathParam("username")); }

    PersonalOrg org(Context ctx) { return s.feeds().personalOrgs().of(owner(ctx)); }

    /**
     * A Data create body: value (string, number or JSON, "payload" as webhooks name it), optional
     * lat/lon/ele (numbers or strings), created_at (ISO) or epoch (seconds).
     */
    static FeedValue value(AioBody b) {
        var v = b.get("value") != null ? b.get("value") : b.get("payload");
        if (v == null) throw FeedlineException.invalidField("value", "this field is required");
        boolean json = v.isContainerNode();
        var location = b.get("location") != null && b.get("location").isObject() ? AioBody.of(b.get("location"), null) : null;
        Double lat = b.dbl("lat"), lon = b.dbl("lon"), ele = b.dbl("ele");
        if (location != null) {
            if (lat == null) lat = location.dbl("lat");
            if (lon == null) lon = location.dbl("lon");
            if (ele == null) ele = location.dbl("ele");
        }
        var at = b.time("created_at");
        if (at == null && b.dbl("epoch") != null) at = AioTimes.parse("epoch", b.str("epoch"));
        return new FeedValue(json ? dev.feedline.json.Json.write(v) : v.asText(), json, lat, lon, ele, at);
    }
}
