package dev.feedline.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.function.Predicate;

/** A WebSocket client of the live API (the JDK's own), collecting what the server sends. */
public final class LiveClient implements AutoCloseable {
    private final WebSocket ws;
    private final JsonFrames frames;

    private LiveClient(WebSocket ws, JsonFrames frames) {
        this.ws = ws;
        this.frames = frames;
    }

    /** Completes with the close code when the server closes the connection. */
    java.util.concurrent.CompletableFuture<Integer> closedByServer() { return frames.closed(); }

    public static LiveClient connect(String baseUrl, String token) {
        JsonFrames frames = new JsonFrames();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/api/v1/live/?token=" + token), frames).join();
        return new LiveClient(ws, frames);
    }

    public void send(String json) { ws.sendText(json, true).join(); }

    /** The next message that matches, skipping others; fails after 10 s. */
    public JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException { return frames.next(wanted); }

    /** What arrived so far and matches, without waiting; other messages are dropped. */
    public java.util.List<JsonNode> drain(Predicate<JsonNode> wanted) {
        return frames.drain().stream().filter(wanted).toList();
    }

    public static Predicate<JsonNode> type(String type) { return m -> type.equals(m.path("type").asText()); }

    @Override
    public void close() {
        if (!frames.closed().isDone()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
