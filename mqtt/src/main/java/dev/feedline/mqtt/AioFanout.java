package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.feed.FeedServices;
import dev.feedline.core.feed.FeedStreams;
import dev.feedline.core.feed.FeedValues;
import dev.feedline.core.live.LossyWorker;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every committed value of a feed, whatever brought it in (Adafruit IO MQTT or REST, the
 * native API, a device), on all of the feed's Adafruit IO topic forms ({@code feeds} and {@code f},
 * each base, /json and /csv) and on those of its groups, with only the feeds that changed in the
 * batch. Publishing to every form lets each subscriber get the message on the exact topic string it
 * subscribed to. Runs on a {@link LossyWorker} so ingest never waits for subscribers.
 */
final class AioFanout implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AioFanout.class);
    private final FeedStreams feedStreams;
    private final FeedServices feeds;
    private final LossyWorker worker;

    AioFanout(FeedServices feeds, MeterRegistry metrics, int backlogBatches) {
        this.feeds = feeds;
        this.feedStreams = feeds.streams();
        this.worker = new LossyWorker("mqtt-aio-fanout", backlogBatches, metrics, "feedline.mqtt.aio.fanout.batches.dropped");
    }

    /** Hands the points to the worker (the bounded, lossy part) and returns at once. */
    void committed(DomainEvent.PointsCommitted event) {
        worker.submit(() -> publishBatch(event.points()));
    }

    /** A group's changed values in one batch, keyed as the group's members are. */
    private record GroupUpdate(String username, FeedGroup group, Map<String, String> values) {}

    private void publishBatch(List<DataPoint> points) {
        Map<Long, GroupUpdate> groups = new LinkedHashMap<>();
        for (DataPoint p : points) {
            try {
                feedStreams.feedOf(p.streamId()).ifPresent(owned -> {
                    String value = FeedValues.text(p);
                    publishFeed(owned.username(), owned.feed(), p, value);
                    for (FeedGroup g : feeds.groups().groupsOf(owned.feed())) {
                        groups.computeIfAbsent(g.id(), id -> new GroupUpdate(owned.username(), g, new LinkedHashMap<>()))
                                .values().put(keyInGroup(g, owned.feed()), value);
                    }
                });
            } catch (RuntimeException e) {
                log.atWarn().setCause(e).log("Adafruit IO fan-out of a value failed");
            }
        }
        groups.values().forEach(this::publishGroup);
    }

    private static void publishFeed(String username, Feed feed, DataPoint p, String value) {
        for (AioTopic.Format format : AioTopic.Format.values()) {
            String payload = AioPayloads.feedUpdate(format, value, p.lat(), p.lon(), p.ele());
            for (String name : List.of(AioTopic.Kind.FEED.longName, AioTopic.Kind.FEED.shortName)) {
                publish(AioTopic.topic(username, name, feed.key(), format), payload);
            }
        }
    }

    private void publishGroup(GroupUpdate u) {
        for (AioTopic.Format format : AioTopic.Format.values()) {
            String payload = AioPayloads.groupUpdate(format, u.values());
            for (String name : List.of(AioTopic.Kind.GROUP.longName, AioTopic.Kind.GROUP.shortName)) {
                publish(AioTopic.topic(u.username(), name, u.group().key(), format), payload);
            }
        }
    }

    /** How a group's payloads name a member: its key within the group ("temp" for "grp.temp"), else its full key. */
    static String keyInGroup(FeedGroup group, Feed feed) {
        String prefix = group.key() + ".";
        return feed.key().startsWith(prefix) ? feed.key().substring(prefix.length()) : feed.key();
    }

    private static void publish(String topic, String payload) { Broadcast.send(topic, payload, Qos.AT_LEAST_ONCE, false); }

    @Override
    public void close() { worker.close(); }
}
