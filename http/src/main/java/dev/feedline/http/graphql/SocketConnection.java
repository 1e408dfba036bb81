package dev.feedline.http.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.auth.Caller;
import dev.feedline.json.Json;
import graphql.ExecutionResult;
import io.javalin.websocket.WsContext;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.Callback;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One graphql-transport-ws connection: its caller, its operations by id and its outbox. Messages are sent one at a
 * time; while the client reads slowly they wait in an outbox of {@code graphql.ws.queue} messages, and when it is
 * full new {@code next} messages are dropped and counted per subscription. Once the outbox has drained, each such
 * subscription gets one {@code next} whose payload has an error with {@code extensions.code: "MISSED"} and
 * {@code extensions.missed: n}, so a slow client costs bounded memory and never slows ingest or the live hub.
 */
final class SocketConnection {
    /** An operation whose execution has not answered yet (a duplicate id is refused meanwhile). */
    private static final Subscription STARTING = new Subscription() {
        public void request(long n) {}
        public void cancel() {}
    };
    /** Protocol messages (acks, pongs, completes, errors) that may wait beyond the outbox's bound. */
    private static final int PROTOCOL_MARGIN = 100;
    private final WsContext ws;
    private final FeedlineGraphQl graphQl;
    private final GraphQlLimits limits;
    private final Map<String, Subscription> operations = new ConcurrentHashMap<>();
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private final Map<String, Long> missed = new LinkedHashMap<>();
    private volatile Caller caller;
    private volatile boolean initialised;
    private volatile boolean acknowledged;
    private boolean sending;

    SocketConnection(WsContext ws, Caller caller, FeedlineGraphQl graphQl, GraphQlLimits limits) {
        this.ws = ws;
        this.caller = caller;
        this.graphQl = graphQl;
        this.limits = limits;
    }

    Caller caller() { return caller; }

    boolean acknowledged() { return acknowledged; }

    void acknowledge() { acknowledged = true; }

    /**
     * @param authenticate connection_init's credentials to a caller
     * @param admit whether this connection of its caller may be acknowledged (graphql.ws.max.connections)
     */
    void handle(JsonNode message, Function<String, Caller> authenticate, java.util.function.Predicate<SocketConnection> admit) {
        String type = message.path("type").asText("");
        switch (type) {
            case "connection_init" -> init(message.path("payload"), authenticate, admit);
            case "ping" -> send(typed("pong"));
            case "pong" -> { }
            case "subscribe" -> subscribe(message);
            case "complete" -> {
                Subscription s = operations.remove(message.path("id").asText(""));
                if (s != null) s.cancel();
            }
            default -> close(4400, "Invalid message received: unknown type \"" + type + "\"");
        }
    }

    private void init(JsonNode payload, Function<String, Caller> authenticate, java.util.function.Predicate<SocketConnection> admit) {
        if (initialised) {
            close(4429, "Too many initialisation requests");
            return;
        }
        initialised = true;
        if (caller == null) {
            JsonNode auth = payload.has("Authorization") ? payload.get("Authorization")
                    : payload.has("authorization") ? payload.get("authorization") : payload.get("token");
            Caller found;
            try {
                found = authenticate.apply(auth != null && auth.isTextual() ? auth.asText() : null);
            } catch (RuntimeException e) {
                found = Caller.ANONYMOUS;
            }
            if (!(found instanceof Caller.User)) {
                close(4403, "Forbidden: a user's JWT or API key is required");
                return;
            }
            caller = found;
        }
        if (!admit.test(this)) {
            close(1008, "at most " + limits.maxConnections() + " GraphQL connections per user (graphql.ws.max.connections)");
            return;
        }
        send(typed("connection_ack"));
    }

    void initTimedOut() {
        if (!initialised) close(4408, "Connection initialisation timeout");
    }

    private void subscribe(JsonNode message) {
        if (!acknowledged) {
            close(4401, "Unauthorized");
            return;
        }
        JsonNode id = message.path("id");
        JsonNode payload = message.path("payload");
        JsonNode variables = payload.path("variables");
        if (!id.isTextual() || id.asText().isEmpty() || !payload.path("query").isTextual()
                || !(variables.isMissingNode() || variables.isNull() || variables.isObject())) {
            close(4400, "Invalid message received: subscribe needs an id and payload.query");
            return;
        }
        String key = id.asText();
        if (operations.putIfAbsent(key, STARTING) != null) {
            close(4409, "Subscriber for " + key + " already exists");
            return;
        }
        if (operations.size() > limits.maxSubscriptions()) {
            operations.remove(key);
            error(key, "at most " + limits.maxSubscriptions() + " operations per connection (graphql.ws.max.subscriptions)", "TOO_LARGE");
            return;
        }
        Map<String, Object> vars = variables.isObject() ? Json.MAPPER.convertValue(variables, GraphQlSocket.MAP) : Map.of();
        String operation = payload.path("operationName").isTextual() ? payload.get("operationName").asText() : null;
        graphQl.execute(caller, payload.get("query").asText(), operation, vars, n -> missed(key, n))
                .whenComplete((result, failure) -> answered(key, result, failure));
    }

    @SuppressWarnings("unchecked")
    private void answered(String id, ExecutionResult result, Throwable failure) {
        if (failure != null) {
            operations.remove(id);
            error(id, "internal error", "INTERNAL");
            return;
        }
        if (result.getData() instanceof Publisher<?> events) {
            ((Publisher<ExecutionResult>) events).subscribe(new Subscriber<>() {
                @Override
                public void onSubscribe(Subscription s) {
                    // Completed by the client while it started: stop at once.
                    if (!operations.replace(id, STARTING, s)) {
                        s.cancel();
                        return;
                    }
                    s.request(Long.MAX_VALUE); // the outbox is the bounded part
                }

                @Override
                public void onNext(ExecutionResult event) { next(id, event.toSpecification()); }

                @Override
                public void onError(Throwable t) {
                    if (operations.remove(id) != null) error(id, "internal error", "INTERNAL");
                }

                @Override
                public void onComplete() {
                    if (operations.remove(id) != null) send(withId("complete", id));
                }
            });
            return;
        }
        // The operation did not start (it does not parse or validate, or a subscription's access check failed before
        // any event): GraphQL errors end it. A query or mutation: its one result, then complete.
        if (operations.remove(id) == null) return;
        if (!result.isDataPresent() || result.getData() == null && !result.getErrors().isEmpty()) {
            ObjectNode m = withId("error", id);
            m.set("payload", Json.MAPPER.valueToTree(result.toSpecification().get("errors")));
            send(m);
            return;
        }
        next(id, result.toSpecification());
        send(withId("complete", id));
    }

    private void next(String id, Map<String, Object> payload) {
        ObjectNode m = withId("next", id);
        m.set("payload", Json.MAPPER.valueToTree(payload));
        offer(id, Json.write(m));
    }

    private void error(String id, String message, String code) {
        ObjectNode m = withId("error", id);
        m.set("payload", Json.MAPPER.valueToTree(List.of(Map.of("message", message, "extensions", Map.of("code", code)))));
        send(m);
    }

    /** Events of a subscription were dropped before reaching the outbox (the live hub fell behind). */
    private synchronized void missed(String id, long count) {
        missed.merge(id, count, Long::sum);
        if (!sending) sendNext();
    }

    private void send(ObjectNode message) { offer(null, Json.write(message)); }

    /**
     * A subscription's next is dropped when the outbox is full; protocol messages (id null) queue beyond it, up to a
     * margin: a client that keeps asking (pings, queries) without reading the answers is closed rather than buffered.
     */
    private synchronized void offer(String subscription, String message) {
        if (subscription != null && outbox.size() >= limits.socketQueue()) {
            missed.merge(subscription, 1L, Long::sum);
            return;
        }
        if (outbox.size() >= limits.socketQueue() + PROTOCOL_MARGIN) {
            close(1008, "the client does not read the answers");
            return;
        }
        outbox.add(message);
        if (!sending) sendNext();
    }

    private synchronized void sendNext() {
        String next = outbox.poll();
        if (next == null && !missed.isEmpty()) {
            var first = missed.entrySet().iterator().next();
            missed.remove(first.getKey());
            if (operations.containsKey(first.getKey())) next = missedNotice(first.getKey(), first.getValue());
            else {
                sendNext();
                return;
            }
        }
        if (next == null || !ws.session.isOpen()) {
            sending = false;
            return;
        }
        sending = true;
        ws.session.sendText(next, Callback.from(this::sendNext, error -> close(1011, "send failed")));
    }

    private static String missedNotice(String id, long count) {
        ObjectNode m = withId("next", id);
        Map<String, Object> error = Map.of("message", count + " events of this subscription were dropped: the client or the server's"
                + " live delivery fell behind; re-read the gap with a query", "extensions", Map.of("code", "MISSED", "missed", count));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("data", null);
        payload.put("errors", List.of(error));
        m.set("payload", Json.MAPPER.valueToTree(payload));
        return Json.write(m);
    }

    private static ObjectNode typed(String type) {
        ObjectNode m = Json.object();
        m.put("type", type);
        return m;
    }

    private static ObjectNode withId(String type, String id) {
        ObjectNode m = Json.object();
        m.put("id", id);
        m.put("type", type);
        return m;
    }

    /** The connection ended: every subscription stops following. */
    void ended() {
        operations.values().forEach(Subscription::cancel);
        operations.clear();
    }

    void close(int code, String reason) {
        synchronized (this) {
            outbox.clear();
            sending = false;
        }
        ended();
        if (ws.session.isOpen()) ws.closeSession(code, reason);
    }
}
