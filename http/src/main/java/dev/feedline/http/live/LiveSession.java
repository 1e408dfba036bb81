package dev.feedline.http.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.auth.Caller;
import dev.feedline.json.Json;
import io.javalin.websocket.WsContext;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * One WebSocket client: who it is, what it subscribed to, and its outbox. Messages are sent one at
 * a time; while the client is slow they wait in a bounded outbox, and when that is full new
 * messages are dropped and the client is told how many with one {"type":"dropped"} message as soon
 * as it catches up. A slow client therefore costs a bounded amount of memory and never slows ingest.
 */
final class LiveSession {
    private final WsContext ws;
    private final Caller caller;
    private final int outboxLimit;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private boolean sending;
    private long dropped;

    LiveSession(WsContext ws, Caller caller, int outboxLimit) {
        this.ws = ws;
        this.caller = caller;
        this.outboxLimit = outboxLimit;
    }

    Caller caller() { return caller; }

    Map<String, Subscription> subscriptions() { return subscriptions; }

    String id() { return ws.sessionId(); }

    void send(ObjectNode message) { offer(Json.write(message)); }

    synchronized void offer(String message) {
        if (outbox.size() >= outboxLimit) {
            dropped++;
            return;
        }
        outbox.add(message);
        if (!sending) sendNext();
    }

    /** Messages for this client were lost before its outbox (the hub fell behind): told like its own drops. */
    synchronized void missed(long count) {
        dropped += count;
        if (!sending) sendNext();
    }

    private synchronized void sendNext() {
        String next = outbox.poll();
        if (next == null && dropped > 0) {
            ObjectNode notice = Json.object();
            notice.put("type", "dropped");
            notice.put("count", dropped);
            next = Json.write(notice);
            dropped = 0;
        }
        if (next == null || !ws.session.isOpen()) {
            sending = false;
            return;
        }
        sending = true;
        ws.session.sendText(next, Callback.from(this::sendNext, error -> close()));
    }

    void close() {
        synchronized (this) {
            outbox.clear();
            sending = false;
        }
        if (ws.session.isOpen()) ws.closeSession();
    }
}
