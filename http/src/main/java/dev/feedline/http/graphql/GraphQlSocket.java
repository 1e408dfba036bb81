package dev.feedline.http.graphql;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.auth.JwtService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * GraphQL over WebSocket at {@code /api/graphql/ws} with the graphql-transport-ws protocol (the graphql-ws library's;
 * docs/GRAPHQL.md "Subscriptions"). The caller is authenticated once: by the upgrade's Authorization header or
 * {@code ?token=} when one comes (bad credentials refuse the upgrade with 401, as the live API does), else by
 * connection_init's payload ({@code {"Authorization": "Bearer <jwt or API key>"}}, also {@code "JWT …"}/{@code "Token …"},
 * or {@code {"token": "…"}}). Every operation then runs through {@link FeedlineGraphQl#execute} with that caller.
 */
public final class GraphQlSocket {
    public static final String PATH = "/api/graphql/ws";
    public static final String PROTOCOL = "graphql-transport-ws";
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String CALLER = "feedline.graphql.caller";
    private static final int MAX_MESSAGE_CHARS = 64 * 1024;
    private final FeedlineGraphQl graphQl;
    private final Authenticator authenticator;
    private final Map<String, SocketConnection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "graphql-ws-init-timeout");
        t.setDaemon(true);
        return t;
    });

    public GraphQlSocket(FeedlineGraphQl graphQl, Authenticator authenticator) {
        this.graphQl = graphQl;
        this.authenticator = authenticator;
    }

    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, this::authenticateUpgrade);
        routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(30, TimeUnit.SECONDS);
                SocketConnection c = new SocketConnection(ctx, ctx.attribute(CALLER), graphQl, graphQl.limits());
                connections.put(ctx.sessionId(), c);
                // graphql-transport-ws: no connection_init in time closes with 4408.
                timer.schedule(c::initTimedOut, graphQl.limits().initTimeout().toMillis(), TimeUnit.MILLISECONDS);
            });
            ws.onMessage(ctx -> {
                SocketConnection c = connections.get(ctx.sessionId());
                if (c == null) return;
                String text = ctx.message();
                if (text.length() > MAX_MESSAGE_CHARS) {
                    c.close(4400, "messages are at most " + MAX_MESSAGE_CHARS + " characters");
                    return;
                }
                JsonNode message;
                try {
                    message = Json.parse(text.getBytes(StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    c.close(4400, "Invalid message received: not JSON");
                    return;
                }
                c.handle(message, this::authenticate, this::admit);
            });
            ws.onClose(this::closed);
            ws.onError(this::closed);
        });
    }

    /** Credentials at the upgrade are optional (browsers send them in connection_init), but when given they must be valid. */
    private void authenticateUpgrade(Context ctx) {
        String header = ctx.header("Authorization");
        String token = ctx.queryParam("token");
        if (header == null && (token == null || token.isBlank())) return;
        Caller caller = header != null ? authenticator.authenticate(header) : authenticate(token);
        if (!(caller instanceof Caller.User)) throw FeedlineException.unauthenticated("a user's JWT or API key is required");
        ctx.attribute(CALLER, caller);
    }

    /** connection_init's credentials: "Bearer x", "JWT x", "Token x" or a bare JWT or API key. */
    private Caller authenticate(String credentials) {
        if (credentials == null || credentials.isBlank()) return Caller.ANONYMOUS;
        String c = credentials.trim();
        if (c.indexOf(' ') > 0) return authenticator.authenticate(c);
        return authenticator.authenticate((JwtService.looksLikeJwt(c) ? "JWT " : "Token ") + c);
    }

    /** Acknowledges the connection unless its user has graphql.ws.max.connections acknowledged ones already. */
    private synchronized boolean admit(SocketConnection c) {
        long account = ((Caller.User) c.caller()).account().id();
        long open = connections.values().stream()
                .filter(o -> o != c && o.acknowledged() && o.caller() instanceof Caller.User u && u.account().id() == account).count();
        if (open >= graphQl.limits().maxConnections()) return false;
        c.acknowledge();
        return true;
    }

    private void closed(WsContext ctx) {
        SocketConnection c = connections.remove(ctx.sessionId());
        if (c != null) c.ended();
    }

    /** Closes the user's GraphQL connections (4403: their access changed; they reconnect with the access they have now). */
    public void closeSessionsOf(long accountId) {
        connections.values().stream()
                .filter(c -> c.caller() instanceof Caller.User u && u.account().id() == accountId)
                .forEach(c -> c.close(4403, "Forbidden: access changed"));
    }

    /** Closes every connection (server shutdown). */
    public void closeAll() {
        connections.values().forEach(c -> c.close(1001, "server stopping"));
        connections.clear();
        timer.shutdownNow();
    }
}
