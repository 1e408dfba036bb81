package dev.feedline.core.feed;

import java.time.Instant;

/**
 * One value for a feed as an Adafruit IO client sent it, parsed from its wire form. {@code value} is
 * the text (numbers as their text); {@code json} is true when it was a JSON object or array (then
 * value is its compact form). createdAt is null for "now".
 */
public record FeedValue(String value, boolean json, Double lat, Double lon, Double ele, Instant createdAt) {
    public static FeedValue of(String value) { return new FeedValue(value, false, null, null, null, null); }
}
