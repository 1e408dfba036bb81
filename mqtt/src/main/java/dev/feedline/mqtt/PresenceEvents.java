package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import dev.feedline.core.device.Presence;
import java.util.function.Consumer;

/**
 * Connection lifecycle → device presence. Every way a connection ends (a DISCONNECT, a dropped
 * socket, a missed keep-alive, a takeover) arrives as onDisconnect.
 */
final class PresenceEvents implements ClientLifecycleEventListener {
    private final Clients clients;
    private final Presence presence;
    private final Consumer<dev.feedline.model.Device> onDeviceConnected;
    private final Consumer<String> onGone;

    PresenceEvents(Clients clients, Presence presence, Consumer<dev.feedline.model.Device> onDeviceConnected, Consumer<String> onGone) {
        this.clients = clients;
        this.presence = presence;
        this.onDeviceConnected = onDeviceConnected;
        this.onGone = onGone;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {}

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        if (clients.get(input.getClientInformation().getClientId()) instanceof Principal.DeviceClient d) {
            presence.connected(d.device());
            onDeviceConnected.accept(d.device());
        }
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        String clientId = input.getClientInformation().getClientId();
        // A connection replaced by a newer one of the same client id (a takeover) leaves the newer one alone.
        Principal principal = clients.disconnected(clientId, input.getConnectionInformation().getConnectionAttributeStore());
        if (principal == null) return;
        if (principal instanceof Principal.DeviceClient d) presence.disconnected(d.device());
        onGone.accept(clientId);
    }
}
