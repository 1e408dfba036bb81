package dev.feedline.http.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.live.LossyWorker;
import dev.feedline.json.CommandJson;
import dev.feedline.json.Json;
import dev.feedline.json.PointJson;
import dev.feedline.json.WireTime;
import dev.feedline.model.Command;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceLocation;
import dev.feedline.model.Role;
import dev.feedline.model.Stream;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket live API's subscriptions and their delivery. Committed points, presence changes,
 * locations and command updates arrive as events (subscribed in the server's wiring, on the publisher's
 * thread) and are matched to subscriptions on a {@link LossyWorker}: that worker is the bounded, lossy part,
 * so ingest never waits for a WebSocket client. Access is checked when a
 * client subscribes (viewer of the object's org).
 */
public final class LiveHub implements AutoCloseable {
    static final int MAX_SUBSCRIPTIONS = 100;
    private final Services s;
    private final LossyWorker worker;
    private final Map<Subscription.Kind, Map<Long, Set<LiveListener>>> index = new ConcurrentHashMap<>();

    /** A subscription of a live API session, as the index holds it: writes the live API's messages (docs/LIVE.md). */
    private record Target(LiveSession session, String subscriptionId) implements LiveListener {
        @Override
        public void point(DataPoint p, Stream stream, String committed, JsonNode record) {
            ObjectNode m = message("point");
            m.put("committed", committed);
            m.set("data", record);
            session.send(m);
        }

        @Override
        public void presence(Device device, boolean online, java.time.Instant at) {
            ObjectNode m = message("presence");
            m.put("device", device.slug());
            m.put("online", online);
            m.put("timestamp", WireTime.format(at));
            session.send(m);
        }

        @Override
        public void alarm(dev.feedline.model.Alarm alarm, String change, JsonNode body) {
            ObjectNode m = message("alarm");
            m.put("change", change);
            m.set("alarm", body);
            session.send(m);
        }

        @Override
        public void location(Device device, DeviceLocation location) {
            ObjectNode m = message("location");
            m.put("device", device.slug());
            m.put("lat", location.lat());
            m.put("lon", location.lon());
            m.put("timestamp", WireTime.format(location.timestamp()));
            session.send(m);
        }

        @Override
        public void command(Command command) {
            ObjectNode m = message("command");
            m.set("command", CommandJson.of(command));
            session.send(m);
        }

        @Override
        public void missed(long count) { session.missed(count); }

        private ObjectNode message(String type) {
            ObjectNode m = Json.object();
            m.put("type", type);
            m.put("subscription", subscriptionId);
            return m;
        }
    }

    public LiveHub(Services services, MeterRegistry metrics) {
        this.s = services;
        this.worker = new LossyWorker("live-hub", 10_000, metrics, "feedline.live.batches.dropped");
        for (Subscription.Kind k : Subscription.Kind.values()) index.put(k, new ConcurrentHashMap<>());
        worker.afterDrops(this::missed);
    }

    /**
     * Work was dropped before it reached any session (the backlog was full, or it waited too long). Which
     * subscriptions it concerned is no longer known, so every session that follows something is told, with
     * the same notice as for its own dropped messages, and re-reads the gap.
     */
    private void missed(long batches) {
        // A live API session is told once, however many subscriptions it has; other listeners once each.
        Set<Object> told = new HashSet<>();
        index.values().forEach(byTarget -> byTarget.values().forEach(listeners -> listeners.forEach(l -> {
            if (told.add(l instanceof Target t ? t.session() : l)) l.missed(batches);
        })));
    }

    /** Subscribes the session; the message names exactly one of stream, device or project. */
    void subscribe(LiveSession session, String id, JsonNode message) {
        if (id == null || id.isBlank() || id.length() > 64) throw FeedlineException.invalidField("id", "1 to 64 characters");
        if (session.subscriptions().containsKey(id)) throw FeedlineException.invalidField("id", "already used by another subscription");
        if (session.subscriptions().size() >= MAX_SUBSCRIPTIONS) throw FeedlineException.invalid("at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection");
        Caller caller = session.caller();
        Subscription sub;
        if (message.hasNonNull("stream")) {
            sub = new Subscription(id, Subscription.Kind.STREAM, s.streams().get(caller, message.get("stream").asText(), Role.VIEWER).id());
        } else if (message.hasNonNull("device")) {
            sub = new Subscription(id, Subscription.Kind.DEVICE, s.devices().get(caller, message.get("device").asText()).id());
        } else if (message.hasNonNull("project")) {
            sub = new Subscription(id, Subscription.Kind.PROJECT, s.projects().get(caller, message.get("project").asText()).id());
        } else if (message.hasNonNull("org")) {
            // Alarms only (a badge for the whole org, device-less feeds included): an org's points would be too many.
            sub = new Subscription(id, Subscription.Kind.ORG, s.orgs().get(caller, message.get("org").asText()).id());
        } else {
            throw FeedlineException.invalid("subscribe to one of stream, device, project or org");
        }
        session.subscriptions().put(id, sub);
        follow(sub.kind(), sub.targetId(), new Target(session, id));
    }

    /**
     * Delivers what happens to one stream, device, project or org to the listener from now on, on the hub's delivery
     * thread, until the returned handle is run. The caller has checked access (through a core use case) already.
     * The GraphQL subscriptions (docs/GRAPHQL.md) follow through here, as the live API's sessions do.
     */
    public Runnable follow(Subscription.Kind kind, long targetId, LiveListener listener) {
        index.get(kind).computeIfAbsent(targetId, t -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> forget(kind, targetId, listener);
    }

    void unsubscribe(LiveSession session, String id) {
        Subscription sub = session.subscriptions().remove(id);
        if (sub == null) throw FeedlineException.notFound("subscription");
        forget(sub.kind(), sub.targetId(), new Target(session, id));
    }

    void closed(LiveSession session) {
        session.subscriptions().values().forEach(sub -> forget(sub.kind(), sub.targetId(), new Target(session, sub.id())));
        session.subscriptions().clear();
    }

    private void forget(Subscription.Kind kind, long targetId, LiveListener listener) {
        index.get(kind).computeIfPresent(targetId, (k, targets) -> {
            targets.remove(listener);
            return targets.isEmpty() ? null : targets;
        });
    }

    /** Points committed: hands them to the worker and returns at once. */
    public void committed(DomainEvent.PointsCommitted event) {
        if (nobodyListens()) return;
        String committed = WireTime.format(event.at());
        List<DataPoint> points = event.points();
        worker.submit(() -> points.forEach(p -> deliverPoint(p, committed)));
    }

    private void deliverPoint(DataPoint p, String committed) {
        Stream stream = s.streams().byId(p.streamId());
        if (stream == null) return;
        JsonNode data = null;
        for (LiveListener l : targets(stream.id(), stream.deviceId(), stream.projectId(), null)) {
            if (data == null) data = PointJson.record(p, stream, s.data().units().conversion(stream));
            l.point(p, stream, committed, data);
        }
    }

    /** A device came online or went offline. */
    public void presence(DomainEvent.PresenceChanged event) {
        if (nobodyListens()) return;
        Device device = event.device();
        boolean online = event.online();
        java.time.Instant at = event.at();
        worker.submit(() -> {
            for (LiveListener l : targets(null, device.id(), device.projectId(), null)) l.presence(device, online, at);
        });
    }

    /** An alarm was raised, raised again, acknowledged or cleared: to subscriptions of its stream, device, project or org. */
    public void alarm(DomainEvent.AlarmChanged event) {
        if (nobodyListens()) return;
        dev.feedline.model.Alarm alarm = event.alarm();
        worker.submit(() -> {
            JsonNode body = dev.feedline.json.AlarmJson.live(alarm);
            for (LiveListener l : targets(alarm.streamId(), alarm.deviceId(), alarm.projectId(), alarm.orgId())) l.alarm(alarm, event.what(), body);
        });
    }

    /** A device reported a new newest location. */
    public void location(DomainEvent.LocationChanged event) {
        if (nobodyListens()) return;
        Device device = event.device();
        DeviceLocation location = event.location();
        worker.submit(() -> {
            for (LiveListener l : targets(null, device.id(), device.projectId(), null)) l.location(device, location);
        });
    }

    /** A command changed status. */
    public void command(DomainEvent.CommandChanged event) {
        if (nobodyListens()) return;
        Command command = event.command();
        worker.submit(() -> {
            Long projectId = s.related().device(command.deviceId()).map(Device::projectId).orElse(null);
            for (LiveListener l : targets(null, command.deviceId(), projectId, null)) l.command(command);
        });
    }

    private boolean nobodyListens() {
        return index.values().stream().allMatch(Map::isEmpty);
    }

    private List<LiveListener> targets(Long streamId, Long deviceId, Long projectId, Long orgId) {
        java.util.ArrayList<LiveListener> out = new java.util.ArrayList<>();
        if (streamId != null) out.addAll(index.get(Subscription.Kind.STREAM).getOrDefault(streamId, Set.of()));
        if (deviceId != null && deviceId != 0) out.addAll(index.get(Subscription.Kind.DEVICE).getOrDefault(deviceId, Set.of()));
        if (projectId != null) out.addAll(index.get(Subscription.Kind.PROJECT).getOrDefault(projectId, Set.of()));
        if (orgId != null) out.addAll(index.get(Subscription.Kind.ORG).getOrDefault(orgId, Set.of()));
        return out;
    }

    @Override
    public void close() { worker.close(); }
}
