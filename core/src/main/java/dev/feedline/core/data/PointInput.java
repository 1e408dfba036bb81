package dev.feedline.core.data;

import dev.feedline.model.ValueType;
import java.time.Instant;

/**
 * One data point as a client sent it, already parsed from its wire format. For NUMERIC points
 * value is set (and intValue when the client sent a raw integer); TEXT and JSON points carry text
 * (JSON as its serialized form).
 */
public record PointInput(String stream, Instant timestamp, ValueType type, Double value, Long intValue, String text,
                         Double lat, Double lon, Double ele, Long streamerLocalId, Long deviceTimestamp, String status) {}
