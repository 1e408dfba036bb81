package dev.feedline.core.device;

import dev.feedline.core.data.LastSeen;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.model.Device;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which devices are connected right now. A device may hold several connections (say MQTT and a
 * WebSocket); it is online while at least one is open. Every change also moves last-seen and is
 * published ({@link DomainEvent.PresenceChanged}).
 */
public final class Presence {
    private final LastSeen lastSeen;
    private final Clock clock;
    private final Map<Long, Integer> connections = new ConcurrentHashMap<>();
    private final Events events;
    private final Elsewhere elsewhere;

    /** Which of the devices another node of the cluster holds a connection of (its device registry), in one lookup. */
    @FunctionalInterface
    public interface Elsewhere {
        java.util.Set<Long> connected(java.util.Collection<Long> deviceIds);
    }

    public Presence(LastSeen lastSeen, Clock clock, Events events) { this(lastSeen, clock, events, deviceIds -> java.util.Set.of()); }

    /** @param elsewhere the devices connected to other nodes: a device is online when it is connected to any node */
    public Presence(LastSeen lastSeen, Clock clock, Events events, Elsewhere elsewhere) {
        this.lastSeen = lastSeen;
        this.clock = clock;
        this.events = events;
        this.elsewhere = elsewhere;
    }

    public void connected(Device device) {
        Instant now = clock.instant();
        lastSeen.seen(device.id(), now);
        if (connections.merge(device.id(), 1, Integer::sum) == 1) tell(device, true, now);
    }

    public void disconnected(Device device) {
        Instant now = clock.instant();
        lastSeen.seen(device.id(), now);
        boolean[] wentOffline = new boolean[1];
        connections.computeIfPresent(device.id(), (id, n) -> {
            if (n > 1) return n - 1;
            wentOffline[0] = true;
            return null;
        });
        if (wentOffline[0]) tell(device, false, now);
    }

    /** Whether the device is connected: to this node, or (cluster mode) to another one. */
    public boolean online(long deviceId) {
        return connections.containsKey(deviceId) || elsewhere.connected(java.util.List.of(deviceId)).contains(deviceId);
    }

    /** The online devices among these, other nodes asked once for all that are not connected here (a page of a list). */
    public java.util.Set<Long> online(java.util.Collection<Long> deviceIds) {
        java.util.Set<Long> online = new java.util.HashSet<>();
        java.util.List<Long> notHere = new java.util.ArrayList<>();
        for (long id : deviceIds) {
            if (connections.containsKey(id)) online.add(id);
            else notHere.add(id);
        }
        if (!notHere.isEmpty()) online.addAll(elsewhere.connected(notHere));
        return online;
    }

    /** Whether the device has a connection open on this node (whatever other nodes hold). */
    public boolean connectedHere(long deviceId) { return connections.containsKey(deviceId); }

    /** The devices with a connection open on this node now (a copy): what a cluster node claims again in its registry. */
    public java.util.Set<Long> onlineHere() { return java.util.Set.copyOf(connections.keySet()); }

    private void tell(Device device, boolean online, Instant at) {
        events.publish(new DomainEvent.PresenceChanged(device, online, at));
    }
}
