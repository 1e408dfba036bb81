package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/** Feedline inside the broker: who may connect, what each may do, and what happens to what devices send. */
final class FeedlineExtension implements ExtensionMain {
    private final MqttAuthenticator authenticator;
    private final DeviceMessages deviceMessages;
    private final CommitWait commits;
    private final Clients clients;
    private final MqttCommandChannel commandChannel;
    private final PresenceEvents presenceEvents;
    private final OpenNamespaceGuard openNamespaceGuard;
    private final AioMessages aioMessages;
    private final AioSubscriptions aioSubscriptions;
    private final LiveInterest liveInterest;
    private final DollarTopics dollarTopics = new DollarTopics();

    FeedlineExtension(Clients clients, MqttAuthenticator authenticator, DeviceMessages deviceMessages, CommitWait commits, MqttCommandChannel commandChannel,
                      PresenceEvents presenceEvents, OpenNamespaceGuard openNamespaceGuard, AioMessages aioMessages,
                      AioSubscriptions aioSubscriptions, LiveInterest liveInterest) {
        this.authenticator = authenticator;
        this.deviceMessages = deviceMessages;
        this.commits = commits;
        this.clients = clients;
        this.commandChannel = commandChannel;
        this.presenceEvents = presenceEvents;
        this.openNamespaceGuard = openNamespaceGuard;
        this.aioMessages = aioMessages;
        this.aioSubscriptions = aioSubscriptions;
        this.liveInterest = liveInterest;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.initializerRegistry().setClientInitializer((initializerInput, client) -> {
            Principal principal = clients.get(initializerInput.getClientInformation().getClientId());
            if (principal instanceof Principal.Anonymous) {
                // A plain broker's client: nothing it sends concerns Feedline, so its PUBLISH and SUBSCRIBE skip the
                // extension executor (each interceptor is a hop there). That narrows the window in which a SUBSCRIBE
                // sent just before another client's PUBLISH is not yet matched (the Paho suite's request/response
                // and no-local tests send them back to back; HiveMQ itself adds a subscription asynchronously, so
                // the window does not close), and its "#" no longer makes every org's live points "of interest"
                // (LiveInterest) although the guard drops them all. Only what it receives is guarded.
                client.addPublishOutboundInterceptor(openNamespaceGuard);
                client.addPublishOutboundInterceptor(dollarTopics);
                return;
            }
            client.addPublishInboundInterceptor(deviceMessages);
            client.addPublishInboundInterceptor(aioMessages);
            // Only for clients whose publishes are stored: an outbound interceptor moves every acknowledgement
            // through the extension executor, so a refusal's DISCONNECT could overtake its PUBACK otherwise.
            if (principal != null && principal.publishesAreStored()) {
                client.addPubackOutboundInterceptor(commits);
            }
            client.addSubscribeInboundInterceptor(aioSubscriptions);
            client.addSubscribeInboundInterceptor(liveInterest);
            client.addSubackOutboundInterceptor(commandChannel);
            client.addPublishOutboundInterceptor(commandChannel);
            client.addPubackInboundInterceptor(commandChannel);
            client.addPublishOutboundInterceptor(openNamespaceGuard);
            client.addPublishOutboundInterceptor(dollarTopics);
        });
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> presenceEvents);
        liveInterest.loadStoredSubscriptions();
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
}
