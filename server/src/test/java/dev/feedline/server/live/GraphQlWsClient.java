package dev.feedline.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A graphql-transport-ws client on the JDK's WebSocket (subprotocol graphql-transport-ws), collecting what the server
 * sends. {@code reading(false)} stops reading from the socket (a slow client) until {@code reading(true)}.
 */
public final class GraphQlWsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonFrames frames = new JsonFrames();
    private WebSocket ws;

    public static GraphQlWsClient connect(String baseUrl) { return connect(baseUrl, ""); }

    /** query: appended to /api/graphql/ws, e.g. "?token=…". */
    public static GraphQlWsClient connect(String baseUrl, String query) {
        GraphQlWsClient c = new GraphQlWsClient();
        c.ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/api/graphql/ws" + query), c.frames).join();
        return c;
    }

    /** Runs on the client's receiving thread for each message as it arrives (a benchmark's clock). */
    public void onEach(Consumer<JsonNode> c) { frames.onEach(c); }

    public String subprotocol() { return ws.getSubprotocol(); }

    public void reading(boolean on) { frames.reading(on); }

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
    public JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException { return frames.next(wanted); }

    /** The next message of the operation id of the type. */
    public JsonNode next(String type, String id) throws InterruptedException {
        return next(m -> type.equals(m.path("type").asText()) && id.equals(m.path("id").asText()));
    }

    /** What arrived so far, without waiting. */
    public List<JsonNode> drain() { return frames.drain(); }

    /** The close code the server closed with (waits up to 10 s). */
    public int closeCode() throws Exception { return frames.closed().get(10, TimeUnit.SECONDS); }

    @Override
    public void close() {
        if (!frames.closed().isDone() && !ws.isOutputClosed()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
