package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.http.aio.AioRoutes;
import dev.feedline.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error shape of the API: {@code {"detail": "...", "code": "not_found", "fields": {...}}}
 * ("detail" as Django REST framework names it, so IOTile clients read it); under /api/v2/ the
 * Adafruit IO shape {@code {"error": "..."}} instead. No stack trace ever
 * reaches a client; unexpected failures are logged with the request id instead.
 */
public final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    public static void register(RoutesConfig routes) {
        routes.exception(FeedlineException.class, (e, ctx) -> write(ctx, e));
        routes.exception(CompletionException.class, (e, ctx) -> unwrap(ctx, e.getCause() == null ? e : e.getCause()));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), codeFor(e.getStatus()), message(e), Map.of()));
        routes.exception(Exception.class, (e, ctx) -> unwrap(ctx, e));
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) write(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path(), Map.of());
        });
        routes.error(405, ctx -> write(ctx, 405, "method_not_allowed", "method " + ctx.method() + " not allowed here", Map.of()));
    }

    private static void unwrap(Context ctx, Throwable e) {
        if (e instanceof FeedlineException fe) {
            write(ctx, fe);
        } else if (e instanceof HttpResponseException he) {
            write(ctx, he.getStatus(), codeFor(he.getStatus()), message(he), Map.of());
        } else if (BodyFailures.clientError(e) != null) {
            // Jetty drops the connection after a body it failed to parse; say so, or a client reuses it and hears nothing.
            ctx.header("Connection", "close");
            write(ctx, BodyFailures.clientError(e));
        } else {
            String requestId = java.util.UUID.randomUUID().toString();
            log.atError().addKeyValue("request_id", requestId).addKeyValue("method", ctx.method().name())
                    .addKeyValue("path", withoutSecrets(ctx.path())).setCause(e).log("unhandled error");
            write(ctx, 500, "internal", "internal server error (request id " + requestId + ")", Map.of());
        }
    }

    private static String message(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> "request body too large";
            case 404 -> "not found";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "request failed" : e.getMessage();
        };
    }

    /** The ThingsBoard device API carries the device token in the path; logs must not. */
    static String withoutSecrets(String path) {
        return path.replaceAll("(fdt|fak)_[A-Za-z0-9_-]+", "$1_***");
    }

    static void write(Context ctx, FeedlineException e) {
        if (e.retryAfterSeconds() != null) ctx.header("Retry-After", e.retryAfterSeconds().toString());
        if (e.kind() == ErrorKind.UNAUTHENTICATED) ctx.header("WWW-Authenticate", "JWT realm=\"api\"");
        write(ctx, e.kind().httpStatus, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage(), e.fieldErrors());
    }

    private static void write(Context ctx, int status, String code, String detail, Map<String, String> fields) {
        ctx.status(status).json(body(ctx.path(), code, detail, fields));
    }

    /** The error body for a request to {@code path}: the Adafruit IO shape under its prefix, else the API's. */
    static ObjectNode body(String path, String code, String detail, Map<String, String> fields) {
        if (path != null && path.startsWith(AioRoutes.PREFIX)) {
            // Adafruit IO clients read ["error"] from any failed response.
            return AioRoutes.error(fields.isEmpty() ? detail : detail + " " + fields);
        }
        ObjectNode body = Json.object();
        body.put("detail", detail);
        body.put("code", code);
        if (!fields.isEmpty()) {
            ObjectNode f = body.putObject("fields");
            fields.forEach(f::put);
        }
        return body;
    }

    /**
     * Statuses without an ErrorKind that the server itself answers: Jetty's own refusals (URI or headers too
     * large, an unsupported HTTP version, an unknown method). Each has its code, listed in the OpenAPI description.
     */
    private static final java.util.List<Integer> HTTP_STATUSES = java.util.List.of(414, 431, 501, 505);

    static String codeFor(int status) {
        for (ErrorKind k : ErrorKind.values()) if (k.httpStatus == status) return k.name().toLowerCase(Locale.ROOT);
        if (status == 405) return "method_not_allowed";
        if (HTTP_STATUSES.contains(status)) return "http_" + status;
        // Anything else keeps its status but gets the code of its class, so the list of codes is closed.
        return status >= 500 ? "internal" : "invalid";
    }

    /** Every code an error body can carry (the OpenAPI description lists exactly these). */
    public static java.util.Set<String> codes() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (int status = 400; status < 600; status++) out.add(codeFor(status));
        return out;
    }
}
