package dev.feedline.http.aio;

import dev.feedline.json.WireTime;
import java.time.Instant;

/** Times as Adafruit IO clients write them: ISO-8601 (seconds optional), "2019-05-03 17:35:13 UTC", or epoch seconds. */
final class AioTimes {
    private AioTimes() {}

    static Instant parse(String field, String text) {
        String s = text.trim();
        if (s.endsWith(" UTC")) s = s.substring(0, s.length() - 4).trim() + "Z";
        if (s.matches("-?\\d{1,12}(\\.\\d+)?")) {
            double seconds = Double.parseDouble(s);
            return Instant.ofEpochSecond((long) Math.floor(seconds), Math.round((seconds - Math.floor(seconds)) * 1e9) % 1_000_000_000L);
        }
        return WireTime.parse(field, s);
    }
}
