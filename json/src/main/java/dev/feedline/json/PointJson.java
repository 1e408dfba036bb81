package dev.feedline.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;

/** Data points in IOTile's JSON shapes, as the REST API returns them and live subscribers receive them. */
public final class PointJson {
    private PointJson() {}

    /** A data record as /api/v1/data/ returns it. */
    public static ObjectNode record(DataPoint p, Stream s) {
        Slugs.StreamRef ref = Slugs.parseStream(s.slug());
        ObjectNode n = Json.object();
        n.put("stream", s.slug());
        n.put("project", Slugs.project(ref.projectGid()));
        n.put("device", s.virtual() ? null : Slugs.deviceOrBlock(s.deviceId()));
        n.put("variable", ref.variableSlug());
        n.put("type", typeCode(p.type()));
        n.put("timestamp", WireTime.formatMicros(p.timestampMicros()));
        if (p.deviceTimestamp() == null) n.putNull("device_timestamp"); else n.put("device_timestamp", p.deviceTimestamp());
        if (p.intValue() == null) n.putNull("int_value"); else n.put("int_value", p.intValue());
        putValue(n, "value", p);
        n.put("display_value", displayValue(p));
        if (p.streamerLocalId() == null) n.putNull("streamer_local_id"); else n.put("streamer_local_id", p.streamerLocalId());
        n.put("status", p.status() == null ? "unk" : p.status());
        if (p.lat() != null) n.put("lat", p.lat());
        if (p.lon() != null) n.put("lon", p.lon());
        if (p.ele() != null) n.put("ele", p.ele());
        return n;
    }

    /** A point as /api/v1/stream/{slug}/data/ returns it. */
    public static ObjectNode brief(DataPoint p) {
        ObjectNode n = Json.object();
        n.put("type", typeCode(p.type()));
        n.put("timestamp", WireTime.formatMicros(p.timestampMicros()));
        if (p.intValue() == null) n.putNull("int_value"); else n.put("int_value", p.intValue());
        putValue(n, "value", p);
        n.put("display_value", displayValue(p));
        putValue(n, "output_value", p);
        if (p.streamerLocalId() == null) n.putNull("streamer_local_id"); else n.put("streamer_local_id", p.streamerLocalId());
        if (p.lat() != null) n.put("lat", p.lat());
        if (p.lon() != null) n.put("lon", p.lon());
        if (p.ele() != null) n.put("ele", p.ele());
        return n;
    }

    /** IOTile type codes; text and JSON points are Feedline's additions. */
    public static String typeCode(ValueType t) {
        return switch (t) {
            case NUMERIC -> "Num";
            case TEXT -> "Str";
            case JSON -> "Json";
        };
    }

    private static void putValue(ObjectNode n, String field, DataPoint p) {
        switch (p.type()) {
            case NUMERIC -> n.put(field, p.value());
            case TEXT -> n.put(field, p.text());
            case JSON -> n.set(field, Json.read(p.text()));
        }
    }

    public static String displayValue(DataPoint p) {
        if (p.type() != ValueType.NUMERIC) return p.text();
        double v = p.value();
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

}
