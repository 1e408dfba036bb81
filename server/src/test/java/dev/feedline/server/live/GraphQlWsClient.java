package dev.feedline.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A graphql-transport-ws client on the JDK's WebSocket (subprotocol graphql-transport-ws), collecting what the server
 * sends. {@code reading(false)} stops reading from the socket (a slow client) until {@code reading(true)}.
 */
public final class GraphQlWsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile boolean reading = true;
    private volatile boolean waiting;
    private volatile java.util.function.Consumer<JsonNode> onEach = m -> {};
    private WebSocket ws;

    public static GraphQlWsClient connect(String baseUrl) { return connect(baseUrl, ""); }

    /** query: appended to /api/graphql/ws, e.g. "?token=…". */
    public static GraphQlWsClient connect(String baseUrl, String query) {
        GraphQlWsClient c = new GraphQlWsClient();
        c.ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/api/graphql/ws" + query), c.listener()).join();
        return c;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode m = JSON.readTree(partial.toString());
                        onEach.accept(m);
                        received.add(m);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                if (reading) webSocket.request(1);
                else waiting = true;
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }
        };
    }

    /** Runs on the client's receiving thread for each message as it arrives (a benchmark's clock). */
    public void onEach(java.util.function.Consumer<JsonNode> c) { onEach = c; }

    public String subprotocol() { return ws.getSubprotocol(); }

    public void reading(boolean on) {
        reading = on;
        if (on && waiting) {
            waiting = false;
            ws.request(1);
        }
    }

    public void send(String json) { ws.sendText(json, true).join(); }

    public void send(Map<String, Object> message) {
        try {
            send(JSON.writeValueAsString(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** connection_init with the payload's Authorization, then waits for connection_ack. */
    public GraphQlWsClient init(String authorization) throws InterruptedException {
        send(Map.of("type", "connection_init", "payload", Map.of("Authorization", authorization)));
        next(m -> "connection_ack".equals(m.path("type").asText()));
        return this;
    }

    public void subscribe(String id, String query) { subscribe(id, query, Map.of()); }

    public void subscribe(String id, String query, Map<String, Object> variables) {
        send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query, "variables", variables)));
    }

    /** The next message that matches, skipping others; fails after 10 s. */
    public JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m != null && wanted.test(m)) return m;
        }
        throw new AssertionError("no matching message within 10 s");
    }

    /** The next message of the operation id of the type. */
    public JsonNode next(String type, String id) throws InterruptedException {
        return next(m -> type.equals(m.path("type").asText()) && id.equals(m.path("id").asText()));
    }

    /** What arrived so far, without waiting. */
    public java.util.List<JsonNode> drain() {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** The close code the server closed with (waits up to 10 s). */
    public int closeCode() throws Exception { return closed.get(10, TimeUnit.SECONDS); }

    public static ObjectNode object() { return JSON.createObjectNode(); }

    @Override
    public void close() {
        if (!closed.isDone() && !ws.isOutputClosed()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
