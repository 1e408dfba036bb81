package dev.feedline.mqtt;

import dev.feedline.model.Account;
import dev.feedline.model.Device;
import java.util.Set;

/** Who an MQTT connection belongs to, decided when it authenticated. */
sealed interface Principal {
    /** Whether what this client publishes is stored, so the acknowledgement may have to wait for a commit. */
    default boolean publishesAreStored() { return false; }

    /** A device, by its access token; it speaks the ThingsBoard device API. */
    record DeviceClient(Device device) implements Principal {
        @Override
        public boolean publishesAreStored() { return true; }
    }

    /**
     * An application, by a user's API key; it may subscribe to the live topics of the user's orgs. With
     * the key owner's username as its username it is also an Adafruit IO client ({@code adafruitIo}).
     */
    record AppClient(Account account, Set<String> orgSlugs, boolean adafruitIo) implements Principal {
        @Override
        public boolean publishesAreStored() { return adafruitIo; }
    }

    /** A client of the open namespace (only when anonymous access is on). */
    record Anonymous() implements Principal {}
}
