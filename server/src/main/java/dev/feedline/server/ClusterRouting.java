package dev.feedline.server;

import dev.feedline.cluster.RedisBackplane;
import dev.feedline.cluster.RedisRelay;
import dev.feedline.core.cluster.ClusterUnavailableException;
import dev.feedline.core.cluster.DeviceRegistry;
import dev.feedline.core.device.CommandChannel;
import dev.feedline.core.device.Commands;
import dev.feedline.core.device.Presence;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.model.Command;
import dev.feedline.model.Device;
import dev.feedline.mqtt.MqttBroker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster node does with the other nodes, over Redis: relays its live events to them and theirs to its own
 * subscribers ({@link RedisRelay}); claims in the {@link DeviceRegistry} the devices connected here, and ends a
 * device's connection on the node that held it before (one session per device across the cluster); hands a
 * command to the node holding its device's connection. Wired in {@link FeedlineServer}'s wireEvents, cluster mode only.
 */
final class ClusterRouting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterRouting.class);
    /**
     * The live events other nodes need. {@code StreamsWritten} is durable only (every node reads the outbox) and
     * presence goes through the registry's thread, after the claim (see {@link #presence}).
     */
    static final List<Class<? extends DomainEvent>> RELAYED = List.of(DomainEvent.PointsCommitted.class,
            DomainEvent.CommandChanged.class, DomainEvent.DeviceChanged.class, DomainEvent.ConfigChanged.class,
            DomainEvent.LocationChanged.class, DomainEvent.MembershipEnded.class, DomainEvent.ApiKeyRevoked.class,
            DomainEvent.TokensEnded.class, DomainEvent.SessionEnded.class, DomainEvent.StreamsChanged.class,
            DomainEvent.AlarmChanged.class, DomainEvent.RulesChanged.class,
            DomainEvent.SharedAttributesChanged.class, DomainEvent.DeploymentChanged.class);

    private final DeviceRegistry registry;
    private final RedisRelay relay;
    private final Presence presence;
    private final Events events;
    /** Whether the heartbeat finds Redis: while it does not, commands are not routed (they wait in the database). */
    private final java.util.function.BooleanSupplier redisUp;
    /** Registry calls (Redis round trips) run here, in order, never on a broker thread; bounded like the relay. */
    private final ThreadPoolExecutor registryWork;
    private final Counter registryDropped;

    private ClusterRouting(DeviceRegistry registry, RedisRelay relay, Presence presence, Events events, java.util.function.BooleanSupplier redisUp,
                           MeterRegistry metrics) {
        this.events = events;
        this.redisUp = redisUp;
        this.registry = registry;
        this.relay = relay;
        this.presence = presence;
        this.registryWork = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "cluster-registry");
            t.setDaemon(true);
            return t;
        });
        this.registryDropped = Counter.builder("feedline.cluster.registry.dropped")
                .description("Device claims or releases not made because the registry's backlog was full").register(metrics);
        registryWork.setRejectedExecutionHandler((r, e) -> registryDropped.increment());
    }

    /**
     * Starts relaying and routing for this node; the result is closed before the backplane. The subscriptions that
     * feed it ({@link #relay}, {@link #presence}) are made in FeedlineServer's wireEvents.
     */
    static ClusterRouting start(RedisBackplane backplane, DeviceRegistry registry, Events events, Commands commands, Presence presence,
                                MqttBroker mqtt, MeterRegistry metrics) {
        RedisRelay relay = new RedisRelay(backplane, metrics, new RedisRelay.Receiver() {
            @Override public void relayed(DomainEvent event) { events.publishRelayed(event); }

            @Override public void command(long deviceId, long commandId) { commands.deliverHere(deviceId, commandId); }

            @Override public void takeover(long deviceId) { if (mqtt != null) mqtt.takeOver(deviceId); }
        });
        ClusterRouting routing = new ClusterRouting(registry, relay, presence, events, backplane::up, metrics);
        commands.addRemoteChannel(routing.new OtherNode());
        backplane.whenForgotten(routing::claimAgain);
        return routing;
    }

    /** A live event of this node, for the other nodes: queued, never blocking (dropped and counted when the queue is full). */
    void relay(DomainEvent event) { relay.publish(event); }

    /**
     * A device came online here: the node that held it before (if any) is told to end its connection, this node
     * claims it, and the other nodes are told. Offline: the claim is released, and the other nodes told unless
     * the device is already connected to another node (a takeover), where it is online: this node's own
     * subscribers are then told it is online again.
     */
    void presence(DomainEvent.PresenceChanged event) {
        long device = event.device().id();
        registryWork.execute(() -> {
            try {
                // Presence publishes after its count changed, not atomically with it: a quick reconnect can publish
                // online then a late offline. What is connected here now decides, not the event's order.
                boolean here = presence.connectedHere(device);
                if (event.online() && !here) return;
                if (!event.online() && here) {
                    registry.claim(device);
                    return;
                }
                if (event.online()) {
                    // One step: of two nodes accepting the device at once, the later claim names the earlier node.
                    Optional<String> before = registry.claim(device);
                    if (before.isPresent() && !before.get().equals(registry.nodeId())) relay.sendTakeover(before.get(), device);
                } else {
                    registry.release(device);
                    Optional<String> now = registry.nodeOf(device);
                    if (now.isPresent() && !now.get().equals(registry.nodeId())) {
                        // Taken over: the device is online on the other node. This node's subscribers just saw it go
                        // offline, possibly after that node's relayed online: they are set right, and nothing goes out.
                        events.publishRelayed(new DomainEvent.PresenceChanged(event.device(), true, event.at()));
                        return;
                    }
                }
            } catch (ClusterUnavailableException e) {
                log.atDebug().addKeyValue("device", device).log("registry unreachable; claims are made again when Redis returns");
            }
            relay.publish(event);
        });
    }

    /**
     * Redis came back or lost this node's claims: every device connected here is claimed again, in one task (a
     * node may hold many devices; they must not crowd the backlog). A device that went offline meanwhile is skipped.
     */
    private void claimAgain() {
        registryWork.execute(() -> {
            for (long device : presence.onlineHere()) {
                if (!presence.connectedHere(device)) continue;
                try {
                    registry.claim(device);
                } catch (ClusterUnavailableException e) {
                    log.atDebug().log("registry unreachable again; the next return claims the devices");
                    return;
                }
            }
        });
    }

    /** The node holding the device's connection, when another node does; empty too when the registry cannot say. */
    private Optional<String> otherNodeOf(long deviceId) {
        if (!redisUp.getAsBoolean()) return Optional.empty();
        try {
            return registry.nodeOf(deviceId).filter(node -> !node.equals(registry.nodeId()));
        } catch (ClusterUnavailableException e) {
            return Optional.empty();
        }
    }

    /**
     * Commands to a device connected to another node: the node is sent the command's id (the command is in the
     * database) and offers it through its own channels, which mark it sent. So this node never learns here
     * whether the device took it: the status comes back as a relayed {@code CommandChanged}.
     */
    private final class OtherNode implements CommandChannel {
        @Override
        public boolean reachable(Device device) { return otherNodeOf(device.id()).isPresent(); }

        @Override
        public CompletableFuture<Boolean> send(Device device, Command command) {
            otherNodeOf(device.id()).ifPresent(node -> relay.sendCommand(node, device.id(), command.id()));
            return CompletableFuture.completedFuture(false);
        }
    }

    @Override
    public void close() {
        registryWork.shutdownNow();
        relay.close();
    }
}
