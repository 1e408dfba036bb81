package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;

/**
 * Adafruit IO serves QoS 0 and 1 only. An Adafruit IO client's SUBSCRIBE at QoS 2 is granted at QoS 1
 * (the SUBACK says 1), which MQTT allows a server to do and which clients handle, rather than refused
 * (which some clients treat as fatal).
 */
final class AioSubscriptions implements SubscribeInboundInterceptor {
    private final Clients clients;

    AioSubscriptions(Clients clients) { this.clients = clients; }

    @Override
    public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
        if (!(clients.get(input.getClientInformation().getClientId()) instanceof Principal.AppClient app) || !app.adafruitIo()) return;
        output.getSubscribePacket().getSubscriptions().forEach(s -> {
            if (s.getQos() == Qos.EXACTLY_ONCE) s.setQos(Qos.AT_LEAST_ONCE);
        });
    }
}
