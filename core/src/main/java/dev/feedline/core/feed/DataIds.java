package dev.feedline.core.feed;

import dev.feedline.core.error.FeedlineException;
import java.util.Locale;

/**
 * Adafruit IO data ids are opaque strings. A point is identified by its stream and timestamp, so a
 * feed's data id is the timestamp in microseconds, base 36 upper case (short, like Adafruit's).
 */
public final class DataIds {
    private DataIds() {}

    public static String of(long timestampMicros) { return Long.toString(timestampMicros, 36).toUpperCase(Locale.ROOT); }

    /** The timestamp a data id names; NOT_FOUND for anything that is not one. */
    public static long micros(String id) {
        try {
            if (id == null || id.isEmpty() || id.length() > 13) throw new NumberFormatException();
            return Long.parseLong(id, 36);
        } catch (NumberFormatException e) {
            throw FeedlineException.notFound("data " + id);
        }
    }
}
