package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;

/**
 * Plain-text notices on a user's {@code {u}/throttle} and {@code {u}/errors} topics, in Adafruit IO's
 * wording, which clients and people grep for. Only that user may subscribe to them (see Permissions).
 */
final class AioNotices {
    private AioNotices() {}

    /** "{user} data rate limit reached, 21 seconds until throttle released". */
    static void throttled(String username, Integer secondsLeft) {
        send(AioTopic.throttle(username), username + " data rate limit reached, " + (secondsLeft == null ? 60 : secondsLeft)
                + " seconds until throttle released");
    }

    /** "<clientid> <ip> PUBLISH <topic> rejected, <reason>". */
    static void publishRejected(String username, String clientId, String ip, String topic, String reason) {
        send(AioTopic.errors(username), clientId + " " + ip + " PUBLISH " + topic + " rejected, " + reason);
    }

    private static void send(String topic, String text) {
        Broadcast.send(topic, text, Qos.AT_LEAST_ONCE, false);
    }
}
