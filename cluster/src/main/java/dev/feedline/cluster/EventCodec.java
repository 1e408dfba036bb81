package dev.feedline.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.model.DataPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live events as they cross between nodes: compact JSON {@code {"from":"<node>","type":"<record name>","event":{...}}},
 * the event's record components as fields, nulls left out, instants as ISO-8601 text; a device's token hash is
 * left out (it arrives as null). The type is the simple
 * name of the {@link DomainEvent} record, found among the sealed interface's permitted records, so a new event
 * type needs nothing here.
 *
 * <p>A message is at most {@link #MAX_MESSAGE_BYTES}: a commit of many points is split into several messages of
 * at most {@link #POINTS_PER_MESSAGE} points each (halved again while one is too large); a single point that
 * alone is larger (a long text value) is left out, and counted by the caller as dropped.
 */
public final class EventCodec {
    /** The largest message put on the events channel: Redis pub/sub holds it in every subscriber's output buffer. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;
    public static final int POINTS_PER_MESSAGE = 500;

    /** A device's token hash stays in the database: no subscriber needs it, and Redis is read by more than Feedline. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = "tokenHash", allowGetters = false)
    private abstract static class WithoutTokenHash {}

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .addMixIn(dev.feedline.model.Device.class, WithoutTokenHash.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final Map<String, Class<?>> TYPES = new HashMap<>();

    static {
        for (Class<?> type : DomainEvent.class.getPermittedSubclasses()) TYPES.put(type.getSimpleName(), type);
    }

    private EventCodec() {}

    /** A message received: the node that published it and the event. */
    public record Received(String from, DomainEvent event) {}

    /**
     * The messages carrying the event, each at most {@link #MAX_MESSAGE_BYTES} (UTF-8); {@code skipped} is told how
     * many points were left out because one alone was too large.
     */
    public static List<String> encode(String from, DomainEvent event, java.util.function.IntConsumer skipped) {
        List<String> out = new ArrayList<>();
        if (event instanceof DomainEvent.PointsCommitted commit) {
            List<DataPoint> points = commit.points();
            for (int i = 0; i < points.size(); i += POINTS_PER_MESSAGE) {
                splitPoints(from, points.subList(i, Math.min(points.size(), i + POINTS_PER_MESSAGE)), commit, out, skipped);
            }
            return out;
        }
        String one = write(from, event);
        if (one.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) out.add(one);
        else skipped.accept(1);
        return out;
    }

    private static void splitPoints(String from, List<DataPoint> points, DomainEvent.PointsCommitted commit, List<String> out,
                                    java.util.function.IntConsumer skipped) {
        String message = write(from, new DomainEvent.PointsCommitted(points, commit.at()));
        if (message.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) {
            out.add(message);
        } else if (points.size() == 1) {
            skipped.accept(1);
        } else {
            int half = points.size() / 2;
            splitPoints(from, points.subList(0, half), commit, out, skipped);
            splitPoints(from, points.subList(half, points.size()), commit, out, skipped);
        }
    }

    private static String write(String from, DomainEvent event) {
        ObjectNode message = JSON.createObjectNode();
        message.put("from", from);
        message.put("type", event.getClass().getSimpleName());
        message.set("event", JSON.valueToTree(event));
        try {
            return JSON.writeValueAsString(message);
        } catch (IOException e) {
            throw new IllegalStateException("event not serialisable: " + event.getClass().getSimpleName(), e);
        }
    }

    /** The message read back; IllegalArgumentException when it is not one (an unknown type: a newer node's). */
    public static Received decode(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            String from = node.path("from").asText(null);
            Class<?> type = TYPES.get(node.path("type").asText(""));
            if (from == null || type == null || !node.has("event")) throw new IllegalArgumentException("not a relayed event");
            return new Received(from, (DomainEvent) JSON.treeToValue(node.get("event"), type));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a relayed event: " + e.getMessage(), e);
        }
    }
}
