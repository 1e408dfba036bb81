package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;

/**
 * Keeps the reserved namespaces out of the open namespace. Topic permissions are checked against a
 * subscription's filter when it is made, so an anonymous "#" or "+/+/+/+/+" is allowed (it is not
 * inside v1/#, v2/# or feedline/#) and would otherwise receive every org's live topics and
 * presence, or every user's Adafruit IO feed values. Every message on a reserved topic is dropped on its
 * way to an anonymous client.
 */
final class OpenNamespaceGuard implements PublishOutboundInterceptor {
    private final Clients clients;

    OpenNamespaceGuard(Clients clients) { this.clients = clients; }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        if (clients.get(input.getClientInformation().getClientId()) instanceof Principal.Anonymous
                && Permissions.reserved(input.getPublishPacket().getTopic())) {
            output.preventPublishDelivery();
        }
    }
}
