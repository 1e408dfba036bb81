package dev.feedline.cluster;

import dev.feedline.core.events.DomainEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis pub/sub between nodes: the events channel {@value #EVENTS} that every node publishes its live events on
 * and subscribes to, and one inbox per node, {@code feedline:inbox:<node>}, for what is meant for one node only
 * (a command to hand to a device it holds, a takeover of a device's connection).
 *
 * <p>Live delivery stays lossy and bounded: publishing only puts the message in a queue of at most
 * {@link #BACKLOG} messages, drained by one thread of its own; when the queue is full, or Redis does not take a
 * message, or {@link #IN_FLIGHT} messages already wait for Redis's answer (a slow Redis), it is dropped and counted
 * ({@code feedline.cluster.relay.dropped}). Ingest never waits for Redis.
 * Received messages are likewise queued for one thread, so the subscribers of relayed events never run on
 * Lettuce's I/O thread and see them in the order they were published on their node.
 */
public final class RedisRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisRelay.class);
    public static final String EVENTS = "feedline:events";
    static final String INBOX = "feedline:inbox:";
    static final int BACKLOG = 10_000;
    /** Publishes sent and not yet answered: past this, a slow Redis makes the relay drop instead of queueing in Lettuce without end. */
    static final int IN_FLIGHT = 1_000;

    private final RedisBackplane backplane;
    private final String nodeId;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final BlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(BACKLOG);
    private final BlockingQueue<Runnable> incoming = new ArrayBlockingQueue<>(BACKLOG);
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT);
    private final Counter dropped;
    private final Counter droppedIn;
    private final Counter relayedOut;
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean closed;

    private record Outgoing(String channel, DomainEvent event, String text) {}

    /** What this node does with what other nodes send it. */
    public interface Receiver {
        /** An event published on another node: pass it to {@code Events.publishRelayed}. */
        void relayed(DomainEvent event);

        /** Another node asks this one to hand a queued command to a device it holds. */
        void command(long deviceId, long commandId);

        /** The device connected to another node: this node's connections of it end. */
        void takeover(long deviceId);
    }

    public RedisRelay(RedisBackplane backplane, MeterRegistry metrics, Receiver receiver) {
        this.backplane = backplane;
        this.nodeId = backplane.nodeId();
        this.dropped = Counter.builder("feedline.cluster.relay.dropped").tag("direction", "out")
                .description("Messages to other nodes dropped: the relay's backlog was full, Redis did not take them, or one was too large")
                .register(metrics);
        this.droppedIn = Counter.builder("feedline.cluster.relay.dropped").tag("direction", "in")
                .description("Messages from other nodes dropped: this node's backlog of received messages was full, or one was unreadable")
                .register(metrics);
        this.relayedOut = Counter.builder("feedline.cluster.relay.sent").description("Messages published to other nodes").register(metrics);
        this.publisher = backplane.client().connect();
        this.subscriber = backplane.client().connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) { received(channel, message, receiver); }
        });
        // Lettuce re-subscribes by itself after a reconnect.
        subscriber.sync().subscribe(EVENTS, INBOX + nodeId);
        this.sender = daemon("cluster-relay-out", this::send);
        this.receiver = daemon("cluster-relay-in", this::receive);
    }

    /** Queues a live event of this node for every other node; never blocks. */
    public void publish(DomainEvent event) { enqueue(new Outgoing(EVENTS, event, null)); }

    /** Asks {@code node} to hand the queued command to the device it holds; never blocks. Lossy like events. */
    public void sendCommand(String node, long deviceId, long commandId) {
        enqueue(new Outgoing(INBOX + node, null, "command " + deviceId + " " + commandId));
    }

    /** Tells {@code node} that the device connected elsewhere, so its connections of it end; never blocks. */
    public void sendTakeover(String node, long deviceId) { enqueue(new Outgoing(INBOX + node, null, "takeover " + deviceId)); }

    private void enqueue(Outgoing message) {
        if (closed || !outgoing.offer(message)) dropped.increment();
    }

    private void send() {
        while (!closed) {
            Outgoing next;
            try {
                next = outgoing.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) continue;
            try {
                List<String> texts = next.text() != null ? List.of(next.text())
                        : EventCodec.encode(nodeId, next.event(), n -> dropped.increment(n));
                // Not while Redis is known to be down: the command would only be rejected; Lettuce rejects anyway.
                if (!backplane.up()) {
                    dropped.increment(texts.size());
                    continue;
                }
                for (String text : texts) {
                    if (!inFlight.tryAcquire()) {
                        dropped.increment();
                        continue;
                    }
                    // Async: the sender does not wait for the answer, so one slow reply does not hold the next message.
                    publisher.async().publish(next.channel(), text).whenComplete((n, error) -> {
                        inFlight.release();
                        if (error != null) dropped.increment();
                        else relayedOut.increment();
                    });
                }
            } catch (RuntimeException e) {
                dropped.increment();
                log.atDebug().setCause(e).log("a message to other nodes was dropped");
            }
        }
    }

    private void received(String channel, String message, Receiver receiver) {
        Runnable work;
        try {
            work = parse(channel, message, receiver);
        } catch (RuntimeException e) {
            droppedIn.increment();
            log.atWarn().addKeyValue("channel", channel).addKeyValue("reason", e.getMessage()).log("unreadable message from another node");
            return;
        }
        if (work != null && !incoming.offer(work)) droppedIn.increment();
    }

    private Runnable parse(String channel, String message, Receiver receiver) {
        if (EVENTS.equals(channel)) {
            EventCodec.Received r = EventCodec.decode(message);
            if (r.from().equals(nodeId)) return null; // this node's own, back from Redis
            return () -> receiver.relayed(r.event());
        }
        String[] parts = message.split(" ");
        if (parts.length == 3 && parts[0].equals("command")) {
            long device = Long.parseLong(parts[1]);
            long command = Long.parseLong(parts[2]);
            return () -> receiver.command(device, command);
        }
        if (parts.length == 2 && parts[0].equals("takeover")) {
            long device = Long.parseLong(parts[1]);
            return () -> receiver.takeover(device);
        }
        throw new IllegalArgumentException("unknown message");
    }

    private void receive() {
        while (!closed) {
            Runnable next;
            try {
                next = incoming.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) continue;
            try {
                next.run();
            } catch (RuntimeException e) {
                log.atWarn().setCause(e).log("handling a message from another node failed");
            }
        }
    }

    private static Thread daemon(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops relaying: what is still queued is dropped. Before the backplane closes (it owns the client). */
    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        receiver.interrupt();
        try {
            subscriber.close();
            publisher.close();
        } catch (RuntimeException e) {
            // Redis already gone
        }
    }

    /** Consumer form of {@link #publish}, for subscribing. */
    public Consumer<DomainEvent> publisher() { return this::publish; }
}
