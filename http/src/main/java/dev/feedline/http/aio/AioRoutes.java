package dev.feedline.http.aio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.http.Router;
import dev.feedline.json.Json;

/**
 * The Adafruit IO REST API v2 under /api/v2/: a thin adapter onto the feed use cases of the core
 * (core.feed). Errors here are {"error": "..."} (see {@link #error}), as Adafruit IO clients read them.
 */
public final class AioRoutes {
    static final String USER = "/api/v2/{username}";
    public static final String PREFIX = "/api/v2/";
    private final AioContext c;

    public AioRoutes(Services s) { this.c = new AioContext(s); }

    public void register(Router r) {
        AioDataList dataList = new AioDataList(c);
        AioFeedRoutes feeds = new AioFeedRoutes(c, dataList);
        new AioAccountRoutes(c).register(r); // literal paths (/api/v2/user, /time/...) before /{username}
        feeds.register(r);
        new AioGroupRoutes(c, feeds, dataList).register(r);
        new AioDashboardRoutes(c).register(r);
    }

    /** The Adafruit IO error body. */
    public static ObjectNode error(String message) {
        ObjectNode n = Json.object();
        n.put("error", message);
        return n;
    }
}
