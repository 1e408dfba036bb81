package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A text message published by the server to every subscriber of a topic. */
final class Broadcast {
    private Broadcast() {}

    static void send(String topic, String text, Qos qos, boolean retain) {
        Services.publishService().publish(Builders.publish().topic(topic).qos(qos).retain(retain)
                .payload(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))).build());
    }
}
