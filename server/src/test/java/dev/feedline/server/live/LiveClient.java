package dev.feedline.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client of the live API (the JDK's own), collecting what the server sends. */
public final class LiveClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebSocket ws;
    private final BlockingQueue<JsonNode> received;
    private final java.util.concurrent.CompletableFuture<Integer> closed;

    private LiveClient(WebSocket ws, BlockingQueue<JsonNode> received, java.util.concurrent.CompletableFuture<Integer> closed) {
        this.ws = ws;
        this.received = received;
        this.closed = closed;
    }

    /** Completes with the close code when the server closes the connection. */
    java.util.concurrent.CompletableFuture<Integer> closedByServer() { return closed; }

    public static LiveClient connect(String baseUrl, String token) {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/api/v1/live/?token=" + token), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                received.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).join();
        return new LiveClient(ws, received, closed);
    }

    public void send(String json) { ws.sendText(json, true).join(); }

    /** The next message that matches, skipping others; fails after 10 s. */
    public JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m != null && wanted.test(m)) return m;
        }
        throw new AssertionError("no matching message within 10 s");
    }

    /** What arrived so far and matches, without waiting; other messages are dropped. */
    public java.util.List<JsonNode> drain(Predicate<JsonNode> wanted) {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all.stream().filter(wanted).toList();
    }

    public static Predicate<JsonNode> type(String type) { return m -> type.equals(m.path("type").asText()); }

    @Override
    public void close() {
        if (!closed.isDone()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
