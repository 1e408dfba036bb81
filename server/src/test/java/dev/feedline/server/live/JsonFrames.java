package dev.feedline.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the test WebSocket clients share: a JDK WebSocket listener that collects the server's JSON text messages and
 * its close code. {@link #reading} off stops reading from the socket (a slow client) until it is on again.
 */
final class JsonFrames implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading = true;
    private volatile boolean waiting;
    private volatile Consumer<JsonNode> onEach = m -> {};
    private volatile WebSocket ws;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        ws = webSocket;
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

    CompletableFuture<Integer> closed() { return closed; }

    void onEach(Consumer<JsonNode> c) { onEach = c; }

    void reading(boolean on) {
        reading = on;
        if (on && waiting) {
            waiting = false;
            ws.request(1);
        }
    }

    /** The next message that matches, skipping others; fails after 10 s. */
    JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m != null && wanted.test(m)) return m;
        }
        throw new AssertionError("no matching message within 10 s");
    }

    /** What arrived so far, without waiting. */
    List<JsonNode> drain() {
        List<JsonNode> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }
}
