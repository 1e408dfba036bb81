package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.auth.Secrets;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import dev.feedline.model.Device;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

/** Small request/response helpers shared by the route classes. */
public final class Http {
    private static final String CALLER = "feedline.caller";

    private Http() {}

    /** The authenticated caller of this request, resolved once and kept on the request. */
    public static Caller caller(Context ctx, Authenticator authenticator) {
        Caller cached = ctx.attribute(CALLER);
        if (cached != null) return cached;
        Caller caller = authenticator.authenticate(ctx.header("Authorization"));
        ctx.attribute(CALLER, caller);
        return caller;
    }

    /**
     * The caller of an Adafruit IO request, by AIO key: the X-AIO-Key header (any case), else the x-aio-key
     * query parameter, else the Authorization header as everywhere else in the API. Kept on the request.
     */
    public static Caller aioCaller(Context ctx, Authenticator authenticator) {
        Caller cached = ctx.attribute(CALLER);
        if (cached != null) return cached;
        String key = ctx.header("X-AIO-Key");
        if (key == null || key.isBlank()) key = ctx.queryParam("x-aio-key");
        if (key == null || key.isBlank()) return caller(ctx, authenticator);
        Caller caller = authenticator.byKey(key.trim());
        ctx.attribute(CALLER, caller);
        return caller;
    }

    /**
     * The device whose access token is the {token} path parameter (the ThingsBoard device API); 401 for
     * anything else there (an API key is no device credential). Kept on the request.
     */
    public static Device pathDevice(Context ctx, Authenticator authenticator) {
        if (ctx.attribute(CALLER) instanceof Caller.DeviceCaller known) return known.device();
        String token = ctx.pathParam("token");
        if (!token.startsWith(Secrets.DEVICE_TOKEN_PREFIX)) throw FeedlineException.unauthenticated("invalid access token");
        Caller caller;
        try {
            caller = authenticator.byKey(token);
        } catch (FeedlineException e) {
            if (e.kind() != ErrorKind.UNAUTHENTICATED) throw e;
            throw FeedlineException.unauthenticated("invalid access token");
        }
        if (!(caller instanceof Caller.DeviceCaller device)) throw FeedlineException.unauthenticated("invalid access token");
        ctx.attribute(CALLER, device);
        return device.device();
    }

    /**
     * The address of the peer that sent the request (the TCP connection's, never a forwarding header a client could
     * forge); null when unknown.
     */
    public static java.net.InetAddress clientAddress(Context ctx) {
        String ip = ctx.req().getRemoteAddr();
        if (ip == null || ip.isBlank()) return null;
        try {
            // An address literal: parsed, never looked up.
            return java.net.InetAddress.getByName(ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    public static void ok(Context ctx, JsonNode body) { json(ctx, 200, body); }

    public static void created(Context ctx, JsonNode body) { json(ctx, 201, body); }

    public static void accepted(Context ctx, JsonNode body) { json(ctx, 202, body); }

    /** As {@code ctx.json}, but rendered to UTF-8 bytes directly (a page of 1,000 points is ~150 KB). */
    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(ContentType.APPLICATION_JSON).result(Json.bytes(body));
    }

    public static long longParam(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw FeedlineException.notFound(name);
        }
    }

    public static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** scheme://host[:port] as the client addressed us, honouring X-Forwarded-* from a proxy. */
    public static String baseUrl(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String host = ctx.header("X-Forwarded-Host");
        return (proto != null ? proto : ctx.scheme()) + "://" + (host != null ? host : ctx.host());
    }
}
