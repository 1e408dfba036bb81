package dev.feedline.model;

/**
 * One value of a stream at one instant. A point is identified by (streamId, timestampMicros):
 * writing the same pair again replaces the earlier value (last write wins), so a retried request
 * never duplicates data.
 *
 * @param timestampMicros microseconds since the epoch (UTC)
 * @param value numeric value (the derived value for IOTile int_value posts); null for text/json points
 * @param intValue raw integer as the device sent it, if any
 * @param text the text or JSON value for non-numeric points
 */
public record DataPoint(long streamId, long timestampMicros, ValueType type, Double value, Long intValue, String text,
                        Double lat, Double lon, Double ele, Long streamerLocalId, Long deviceTimestamp, String status) {

    public static DataPoint numeric(long streamId, long timestampMicros, double value) {
        return new DataPoint(streamId, timestampMicros, ValueType.NUMERIC, value, null, null, null, null, null, null, null, null);
    }

    public DataPoint withStream(long newStreamId) {
        return new DataPoint(newStreamId, timestampMicros, type, value, intValue, text, lat, lon, ele, streamerLocalId, deviceTimestamp, status);
    }
}
