package dev.feedline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Subscribers of Feedline's WebSocket live API (/api/v1/live/, docs/LIVE.md) measuring publish→delivery
 * like {@link LiveSubscribers}: a point's {@code data.value} is the device's send time in microseconds.
 * A browser dashboard follows many streams over one connection, so the streams are spread round robin
 * over a few sessions (at most the server's 100 subscriptions each) instead of one socket per stream.
 */
final class WebSocketSubscribers implements AutoCloseable {
    /** LiveHub's limit of subscriptions per connection. */
    static final int MAX_STREAMS_PER_SESSION = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Latency delivery = new Latency();
    private final Latency sinceCommit = new Latency();
    private final LongAdder received = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final List<WebSocket> sessions = new ArrayList<>();
    private final int streams;
    private CountDownLatch confirmations;

    private WebSocketSubscribers(int streams) { this.streams = streams; }

    /** Sessions actually used: as asked, but enough for the subscription limit and no more than one per stream. */
    static int sessionsFor(int streams, int asked) {
        int needed = (streams + MAX_STREAMS_PER_SESSION - 1) / MAX_STREAMS_PER_SESSION;
        return Math.max(1, Math.min(streams, Math.max(asked, needed)));
    }

    /** Opens the sessions with the user's API key and subscribes every stream; returns once each is confirmed. */
    static WebSocketSubscribers open(String baseUrl, String apiKey, List<String> streams, int askedSessions) throws Exception {
        WebSocketSubscribers s = new WebSocketSubscribers(streams.size());
        int n = sessionsFor(streams.size(), askedSessions);
        s.confirmations = new CountDownLatch(streams.size());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/v1/live/");
        List<CompletableFuture<WebSocket>> subscribed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Token " + apiKey).connectTimeout(TIMEOUT)
                    .buildAsync(uri, s.new Session()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            s.sessions.add(ws);
            // One send at a time per WebSocket (the JDK refuses overlapping sends), so each session's subscribes are chained.
            CompletableFuture<WebSocket> chain = CompletableFuture.completedFuture(ws);
            for (int k = i; k < streams.size(); k += n) {
                String message = RestClient.JSON.createObjectNode().put("type", "subscribe").put("id", "s" + k).put("stream", streams.get(k)).toString();
                chain = chain.thenCompose(w -> w.sendText(message, true));
            }
            subscribed.add(chain);
        }
        CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!s.confirmations.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || s.firstError.get() != null) {
            s.close();
            throw new IllegalStateException("WebSocket subscriptions not confirmed: " + s.confirmations.getCount() + " of " + streams.size()
                    + " missing" + (s.firstError.get() == null ? "" : ", first error: " + s.firstError.get()));
        }
        return s;
    }

    /** One connection's listener: reassembles text frames into messages (onText calls of one socket never overlap). */
    private final class Session implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                onMessage(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) { firstError.compareAndSet(null, error.toString()); }
    }

    private void onMessage(String text) {
        long now = Clocks.epochMicros();
        try {
            JsonNode m = RestClient.JSON.readTree(text);
            switch (m.path("type").asText()) {
                case "point" -> {
                    JsonNode sent = m.path("data").get("value");
                    if (sent == null || !sent.isNumber()) {
                        unreadable.increment();
                        return;
                    }
                    received.increment();
                    delivery.record(TimeUnit.MICROSECONDS.toNanos(now - sent.asLong()));
                    // The server's commit time (same machine, same clock): what the S4 target is about.
                    JsonNode committed = m.get("committed");
                    if (committed != null) {
                        sinceCommit.record(TimeUnit.MICROSECONDS.toNanos(now - Clocks.micros(Instant.parse(committed.asText()))));
                    }
                }
                case "subscribed" -> confirmations.countDown();
                case "dropped" -> dropped.add(m.path("count").asLong());
                case "error" -> {
                    firstError.compareAndSet(null, m.path("code").asText() + ": " + m.path("detail").asText());
                    confirmations.countDown();
                }
                default -> { } // pong, presence, …: nothing to measure
            }
        } catch (IOException e) {
            unreadable.increment();
        }
    }

    /** Starts the steady state; unreadable and dropped keep counting over the whole run since any of them is a fault. */
    void reset() {
        delivery.reset();
        sinceCommit.reset();
        received.reset();
    }

    String text() {
        return String.format("%d sessions, %d streams (≤ %d per session), %d deliveries, %d unreadable, %d dropped by the server%s", sessions.size(),
                streams, (streams + sessions.size() - 1) / Math.max(1, sessions.size()), received.sum(), unreadable.sum(), dropped.sum(),
                firstError.get() == null ? "" : " (first error: " + firstError.get() + ")");
    }

    /** Publish→delivery: from the device's send time in the point's value. */
    Latency.Summary latency() { return delivery.summary(); }

    /** Commit→delivery: from the commit time the server puts in each point message. */
    Latency.Summary sinceCommit() { return sinceCommit.summary(); }

    @Override
    public void close() {
        for (WebSocket ws : sessions) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing is best effort; abort below frees the connection either way
            }
            ws.abort();
        }
    }
}
