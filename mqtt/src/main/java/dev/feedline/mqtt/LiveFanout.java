package dev.feedline.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.live.LossyWorker;
import dev.feedline.core.access.Related;
import dev.feedline.core.stream.StreamService;
import dev.feedline.json.Json;
import dev.feedline.json.PointJson;
import dev.feedline.json.WireTime;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.Project;
import dev.feedline.model.Stream;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every committed point, whatever brought it in, and every presence change to the live
 * topics ({@link LiveTopics}), on a {@link LossyWorker}: when subscribers cannot keep up whole
 * batches are dropped and counted rather than slowing ingest. Points of orgs whose live topics no one
 * has subscribed to are skipped ({@link LiveInterest}); presence is always published, retained.
 */
final class LiveFanout implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFanout.class);
    private final StreamService streams;
    private final Related related;
    private final LiveInterest interest;
    private final LossyWorker worker;
    private final Map<Long, String> orgSlugs = new ConcurrentHashMap<>();
    /** A stream's live topic never changes; building it (slug parsing, formatting) per point showed in profiles. */
    private final Map<Long, String> topics = new ConcurrentHashMap<>();

    LiveFanout(StreamService streams, Related related, LiveInterest interest, MeterRegistry metrics, int backlogBatches) {
        this.streams = streams;
        this.related = related;
        this.interest = interest;
        this.worker = new LossyWorker("mqtt-fanout", backlogBatches, metrics, "feedline.mqtt.fanout.batches.dropped");
    }

    /** Hands the points to the worker (the bounded, lossy part) and returns at once. */
    void committed(DomainEvent.PointsCommitted event) {
        worker.submit(() -> event.points().forEach(this::publishPoint));
    }

    private void publishPoint(DataPoint p) {
        try {
            Stream stream = streams.byId(p.streamId());
            if (stream == null) return;
            String org = orgSlug(stream.orgId());
            if (!interest.wants(org)) return;
            if (topics.size() > 100_000) topics.clear();
            String topic = topics.computeIfAbsent(stream.id(), id -> LiveTopics.point(org, stream));
            publish(topic, Json.write(PointJson.record(p, stream)), false);
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("live fan-out of a point failed");
        }
    }

    void presence(DomainEvent.PresenceChanged event) {
        Device device = event.device();
        worker.submit(() -> {
            String project = device.projectId() == null ? null : related.project(device.projectId()).map(Project::slug).orElse(null);
            ObjectNode body = Json.object();
            body.put("device", device.slug());
            body.put("online", event.online());
            body.put("timestamp", WireTime.format(event.at()));
            publish(LiveTopics.presence(orgSlug(device.orgId()), project, device.slug()), Json.write(body), true);
        });
    }

    /** An alarm changed: published (not retained) on its originator's alarm topic. */
    void alarm(DomainEvent.AlarmChanged event) {
        dev.feedline.model.Alarm alarm = event.alarm();
        worker.submit(() -> {
            String org = orgSlug(alarm.orgId());
            if (!interest.wants(org)) return;
            String project = related.project(alarm.projectId()).map(Project::slug).orElse(null);
            ObjectNode body = dev.feedline.json.AlarmJson.live(alarm);
            body.put("change", event.what());
            long device = alarm.deviceId() == null ? 0 : alarm.deviceId();
            publish(LiveTopics.alarm(org, project, dev.feedline.model.Slugs.device(device)), Json.write(body), false);
        });
    }

    private String orgSlug(long orgId) {
        return orgSlugs.computeIfAbsent(orgId, id -> related.orgSlug(id).orElse("unknown"));
    }

    private static void publish(String topic, String json, boolean retain) {
        Broadcast.send(topic, json, Qos.AT_LEAST_ONCE, retain);
    }

    @Override
    public void close() { worker.close(); }
}
