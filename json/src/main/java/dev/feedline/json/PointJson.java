package dev.feedline.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.units.ValueConversion;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;

/** Data points in IOTile's JSON shapes, as the REST API returns them and live subscribers receive them. */
public final class PointJson {
    private PointJson() {}

    /** A data record as /api/v1/data/ returns it, without units (as live subscribers receive it). */
    public static ObjectNode record(DataPoint p, Stream s) { return record(p, s, ValueConversion.NONE); }

    /**
     * A data record with the stream's units applied: {@code int_value} stays the raw reading, {@code value} is the
     * engineering value, {@code output_value} the value in the output unit and {@code display_value} that with the
     * unit's decimal places. With {@link ValueConversion#NONE} the record is exactly as before units existed.
     */
    public static ObjectNode record(DataPoint p, Stream s, ValueConversion c) {
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
        putValue(n, "value", p, c);
        n.put("display_value", displayValue(p, c));
        if (!c.none() && p.type() == ValueType.NUMERIC) n.put("output_value", c.output(value(p, c)));
        if (p.streamerLocalId() == null) n.putNull("streamer_local_id"); else n.put("streamer_local_id", p.streamerLocalId());
        n.put("status", p.status() == null ? "unk" : p.status());
        if (p.lat() != null) n.put("lat", p.lat());
        if (p.lon() != null) n.put("lon", p.lon());
        if (p.ele() != null) n.put("ele", p.ele());
        return n;
    }

    /** A point as /api/v1/stream/{slug}/data/ returns it. */
    public static ObjectNode brief(DataPoint p) { return brief(p, ValueConversion.NONE); }

    /** As above with the stream's units applied (see {@link #record(DataPoint, Stream, ValueConversion)}). */
    public static ObjectNode brief(DataPoint p, ValueConversion c) {
        ObjectNode n = Json.object();
        n.put("type", typeCode(p.type()));
        n.put("timestamp", WireTime.formatMicros(p.timestampMicros()));
        if (p.intValue() == null) n.putNull("int_value"); else n.put("int_value", p.intValue());
        putValue(n, "value", p, c);
        n.put("display_value", displayValue(p, c));
        if (!c.none() && p.type() == ValueType.NUMERIC) n.put("output_value", c.output(value(p, c))); else putValue(n, "output_value", p, c);
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

    /**
     * The engineering value of a numeric point: a raw reading (int_value) goes through the conversion; a value
     * that was sent as one (no int_value) is already in the storage unit and stays as it is.
     */
    public static double value(DataPoint p, ValueConversion c) {
        return p.intValue() != null && !c.none() ? c.value(p.intValue()) : p.value();
    }

    private static void putValue(ObjectNode n, String field, DataPoint p, ValueConversion c) {
        switch (p.type()) {
            case NUMERIC -> n.put(field, value(p, c));
            case TEXT -> n.put(field, p.text());
            case JSON -> n.set(field, Json.read(p.text()));
        }
    }

    public static String displayValue(DataPoint p) { return displayValue(p, ValueConversion.NONE); }

    /** The value in the output unit with its decimal places; without them, the number as it reads. */
    public static String displayValue(DataPoint p, ValueConversion c) {
        if (p.type() != ValueType.NUMERIC) return p.text();
        double v = c.output(value(p, c));
        String formatted = c.display(v);
        return formatted != null ? formatted : plain(v);
    }

    /**
     * A CSV export's value: the engineering value in full precision, as the reference's /df/ gives it; with
     * {@code outputUnit} (its apply_mdo=1) the display value in the output unit instead.
     */
    public static String csvValue(DataPoint p, ValueConversion c, boolean outputUnit) {
        if (p.type() != ValueType.NUMERIC || outputUnit) return displayValue(p, c);
        return plain(value(p, c));
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

}
