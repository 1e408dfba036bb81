package dev.feedline.mqtt;

import java.util.List;
import java.util.Optional;

/**
 * An Adafruit IO resource topic: {@code {u}/feeds/{key}} (≡ {@code {u}/f/{key}}) or
 * {@code {u}/groups/{g}} (≡ {@code {u}/g/{g}}), optionally followed by {@code /json} or {@code /csv},
 * optionally followed by {@code /get} (a request for the latest value). Feed keys may be full keys
 * ({@code grp.key}). See docs/ADAFRUIT.md.
 */
record AioTopic(String username, Kind kind, String key, Format format, boolean get) {
    enum Kind {
        FEED("feeds", "f"), GROUP("groups", "g");

        final String longName;
        final String shortName;

        Kind(String longName, String shortName) {
            this.longName = longName;
            this.shortName = shortName;
        }
    }

    /** The payload form a topic carries; RAW is the base topic (a feed's bare value, a group's JSON). */
    enum Format { RAW, JSON, CSV }

    static final String THROTTLE = "throttle";
    static final String ERRORS = "errors";
    /** Subtrees of a user's namespace that hold Adafruit IO topics. */
    static final List<String> USER_SUBTREES = List.of("feeds", "f", "groups", "g", THROTTLE, ERRORS, "integration");
    static final String TIME_ROOT = "time";

    static Optional<AioTopic> parse(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length < 3 || parts.length > 5 || parts[0].isEmpty() || parts[2].isEmpty()) return Optional.empty();
        Kind kind = switch (parts[1]) {
            case "feeds", "f" -> Kind.FEED;
            case "groups", "g" -> Kind.GROUP;
            default -> null;
        };
        if (kind == null) return Optional.empty();
        int next = 3;
        Format format = Format.RAW;
        if (parts.length > next && (parts[next].equals("json") || parts[next].equals("csv"))) {
            format = parts[next].equals("json") ? Format.JSON : Format.CSV;
            next++;
        }
        boolean get = parts.length > next && parts[next].equals("get");
        if (get) next++;
        if (next != parts.length) return Optional.empty();
        return Optional.of(new AioTopic(parts[0], kind, parts[2], format, get));
    }

    /** The topic a value request on topic is answered on: the same without "/get", so the client's own subscription matches. */
    static String answerTopic(String getTopic) { return getTopic.substring(0, getTopic.length() - "/get".length()); }

    static String topic(String username, String kindName, String key, Format format) {
        String base = username + "/" + kindName + "/" + key;
        return switch (format) {
            case RAW -> base;
            case JSON -> base + "/json";
            case CSV -> base + "/csv";
        };
    }

    static String throttle(String username) { return username + "/" + THROTTLE; }

    static String errors(String username) { return username + "/" + ERRORS; }
}
