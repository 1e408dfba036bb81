package dev.feedline.http.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.auth.JwtService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/v1/live/}: the WebSocket live API (see docs/LIVE.md). The client authenticates at the
 * upgrade with a JWT or API key — in the Authorization header or, since browsers cannot set headers
 * on a WebSocket, the {@code token} query parameter — and then sends subscribe/unsubscribe/ping
 * messages as JSON text.
 */
public final class LiveEndpoint {
    public static final String PATH = "/api/v1/live";
    private static final String CALLER = "feedline.live.caller";
    private static final int MAX_MESSAGE_CHARS = 4096;
    private final LiveHub hub;
    private final Authenticator authenticator;
    private final int outboxLimit;
    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();

    public LiveEndpoint(LiveHub hub, Authenticator authenticator, int outboxLimit) {
        this.hub = hub;
        this.authenticator = authenticator;
        this.outboxLimit = outboxLimit;
    }

    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, this::authenticate);
        routes.wsBeforeUpgrade(PATH + "/", this::authenticate);
        routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(30, TimeUnit.SECONDS);
                sessions.put(ctx.sessionId(), new LiveSession(ctx, ctx.attribute(CALLER), outboxLimit));
            });
            ws.onMessage(ctx -> handle(ctx, ctx.message()));
            ws.onClose(ctx -> closed(ctx));
            ws.onError(ctx -> closed(ctx));
        });
    }

    /** Refuses the upgrade with 401 unless a user's JWT or API key comes with it. */
    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String token = ctx.queryParam("token");
        Caller caller = header != null ? authenticator.authenticate(header)
                : token == null || token.isBlank() ? Caller.ANONYMOUS
                : authenticator.authenticate((JwtService.looksLikeJwt(token) ? "JWT " : "Token ") + token);
        if (!(caller instanceof Caller.User)) throw FeedlineException.unauthenticated("a user's JWT or API key is required (Authorization header or ?token=)");
        ctx.attribute(CALLER, caller);
    }

    private void handle(WsContext ctx, String text) {
        LiveSession session = sessions.get(ctx.sessionId());
        if (session == null) return;
        String id = null;
        try {
            if (text.length() > MAX_MESSAGE_CHARS) throw FeedlineException.invalid("messages are at most " + MAX_MESSAGE_CHARS + " characters");
            JsonNode message = Json.parse(text.getBytes(StandardCharsets.UTF_8));
            id = message.path("id").isTextual() ? message.get("id").asText() : null;
            switch (message.path("type").asText("").toLowerCase(Locale.ROOT)) {
                case "subscribe" -> {
                    hub.subscribe(session, id, message);
                    session.send(reply("subscribed", id));
                }
                case "unsubscribe" -> {
                    hub.unsubscribe(session, id);
                    session.send(reply("unsubscribed", id));
                }
                case "ping" -> session.send(reply("pong", id));
                default -> throw FeedlineException.invalidField("type", "one of subscribe, unsubscribe, ping");
            }
        } catch (FeedlineException e) {
            ObjectNode error = reply("error", id);
            error.put("detail", e.getMessage());
            error.put("code", e.kind().name().toLowerCase(Locale.ROOT));
            session.send(error);
        }
    }

    private static ObjectNode reply(String type, String id) {
        ObjectNode m = Json.object();
        m.put("type", type);
        if (id != null) m.put("id", id);
        return m;
    }

    private void closed(WsContext ctx) {
        LiveSession session = sessions.remove(ctx.sessionId());
        if (session != null) hub.closed(session);
    }

    /** Closes the live connections of one user (their access changed; they reconnect with the new one). */
    public void closeSessionsOf(long accountId) {
        sessions.values().stream()
                .filter(s -> s.caller() instanceof Caller.User u && u.account().id() == accountId)
                .forEach(LiveSession::close);
    }

    /** Closes every live connection (server shutdown). */
    public void closeAll() {
        sessions.values().forEach(LiveSession::close);
        sessions.clear();
    }
}
