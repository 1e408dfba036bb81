package dev.feedline.http;

import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.http.aio.AioRoutes;
import io.javalin.http.Handler;
import java.util.Set;

/**
 * Authenticates every request before its route looks anything up, so that a request without valid
 * credentials (none, a wrong JWT, API key, AIO key or device token) answers 401 whatever object its path,
 * query or body names: nobody can learn which slugs exist by probing (DESIGN.md, "Authenticate first").
 * The {@link Router} wraps every route with {@link #guard}, so a new route is protected unless it is
 * listed here as open.
 */
final class AuthenticateFirst {
    /**
     * The routes anyone may call: health, metrics, the API description, logging in, signing up, accepting
     * an invitation (which may create the account), the server's clock (IOTile gateways set theirs from it), Adafruit IO's time and webhook receivers (the secret
     * webhook token in the path is their credential). The OpenAPI description marks exactly these
     * {@code security: []}, with the ThingsBoard device routes below.
     */
    static final Set<String> OPEN = Set.of(
            "GET /api/v1/health/", "GET /api/v1/server/", "GET /metrics", "GET /api/v1/openapi.yaml",
            "POST /api/v1/auth/login/", "POST /api/v1/auth/api-jwt-auth/", "POST /api/v1/auth/api-jwt-refresh/",
            "POST /api/v1/auth/api-jwt-verify/", "POST /api/v1/auth/signup/", "POST /api/v1/invitation/accept/",
            "GET /api/v2/time/seconds", "GET /api/v2/time/millis", "GET /api/v2/time/ISO-8601", "GET /api/v2/time/struct",
            "POST /api/v2/webhooks/feed/{token}", "POST /api/v2/webhooks/feed/{token}/raw", "POST /api/v2/webhooks/feed/{token}/notify",
            // A generated report's file: its share link's key is the credential; without one the route authenticates itself.
            ReportRoutes.DOWNLOAD);

    /** The ThingsBoard HTTP device API: the device token in the path is the credential. */
    static final String DEVICE_TOKEN_ROUTES = "/api/v1/{token}/";

    /** The only routes a device may call with its token in the Authorization header: it writes its own data and events. */
    private static final Set<String> DEVICE_WRITES = Set.of("POST /api/v1/data/", "POST /api/v1/event/", "POST /api/v1/event/upload/");

    private final Authenticator authenticator;

    AuthenticateFirst(Authenticator authenticator) { this.authenticator = authenticator; }

    /** The route, preceded by the authentication its path needs. */
    Handler guard(String method, String path, Handler route) {
        String key = method + " " + path;
        if (OPEN.contains(key)) return route;
        if (path.startsWith(DEVICE_TOKEN_ROUTES)) {
            return ctx -> {
                Http.pathDevice(ctx, authenticator);
                route.handle(ctx);
            };
        }
        boolean aio = path.startsWith(AioRoutes.PREFIX);
        boolean devicesToo = DEVICE_WRITES.contains(key);
        return ctx -> {
            Caller caller = aio ? Http.aioCaller(ctx, authenticator) : Http.caller(ctx, authenticator);
            if (caller instanceof Caller.Anonymous) throw FeedlineException.unauthenticated("authentication credentials were not provided");
            if (caller instanceof Caller.DeviceCaller && !devicesToo) {
                throw FeedlineException.unauthenticated("a device token may only write data and events; this needs a user's credentials");
            }
            route.handle(ctx);
        };
    }
}
