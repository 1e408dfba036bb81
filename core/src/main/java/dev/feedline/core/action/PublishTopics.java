package dev.feedline.core.action;

import java.util.List;

/**
 * Which MQTT topics a rule may publish to: the open namespace, as anonymous clients may (docs/MQTT-OPEN-NAMESPACE.md),
 * minus the "$" topics and the time topics. Never a device's topics (v1/…), Feedline's live topics (feedline/…)
 * or any user's Adafruit IO topics ({user}/feeds/…), so a rule cannot impersonate a device, the server or a feed;
 * a rule that should change a feed writes to it (a write action). The reserved lists mirror the broker's
 * (mqtt Permissions and AioTopic), which the core cannot see.
 */
final class PublishTopics {
    private static final List<String> RESERVED_ROOTS = List.of("v1", "v2", "feedline", "time");
    private static final List<String> AIO_SUBTREES = List.of("feeds", "f", "groups", "g", "throttle", "errors", "integration");

    private PublishTopics() {}

    /** Why the topic is refused, or null when a rule may publish to it. */
    static String refusal(String topic) {
        if (topic.contains("+") || topic.contains("#")) return "a topic name, without wildcards";
        if (topic.startsWith("$")) return "topics starting with $ belong to the broker";
        if (topic.chars().anyMatch(c -> c == 0 || Character.isISOControl(c))) return "no control characters";
        String[] levels = topic.split("/", -1);
        if (RESERVED_ROOTS.contains(levels[0])) return "'" + levels[0] + "/…' is reserved for devices and the server";
        if (levels.length >= 2 && AIO_SUBTREES.contains(levels[1])) return "'{user}/" + levels[1] + "/…' is reserved for Adafruit IO; use a write action to change a feed";
        return null;
    }
}
