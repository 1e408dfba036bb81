package dev.feedline.core.action;

import java.util.concurrent.CompletableFuture;

/** Publishes a message on the embedded MQTT broker as the server; the future completes when the broker has taken it. */
@FunctionalInterface
public interface TopicPublisher {
    CompletableFuture<Void> publish(String topic, String payload, int qos, boolean retain);
}
