package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The principal of each connected client id, and the client ids of each connected device. Each authenticated
 * connection gets an id of its own, kept in its connection attributes: when a client connects again with
 * the same client id, HiveMQ ends the old connection only after the new one authenticated, and the old
 * connection's end must not forget the new one (its publishes would no longer be recognised as its).
 */
final class Clients {
    /** The connection attribute holding the connection's id. */
    private static final String CONNECTION_ATTRIBUTE = "feedline.connection";
    private final Map<String, Connection> byClientId = new ConcurrentHashMap<>();
    private final Map<Long, Set<String>> byDevice = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();

    private record Connection(Principal principal, long id) {}

    /** Records the client id's new connection, and the connection's id in its attributes. */
    void authenticated(String clientId, Principal principal, ConnectionAttributeStore connection) {
        long id = connections.incrementAndGet();
        connection.putAsString(CONNECTION_ATTRIBUTE, Long.toString(id));
        Connection previous = byClientId.put(clientId, new Connection(principal, id));
        if (previous != null && previous.principal instanceof Principal.DeviceClient d) forget(d.device().id(), clientId);
        if (principal instanceof Principal.DeviceClient d) {
            byDevice.computeIfAbsent(d.device().id(), k -> ConcurrentHashMap.newKeySet()).add(clientId);
        }
    }

    /**
     * Forgets the client if this connection is still its current one; returns its principal, or null if the
     * connection never authenticated or was already replaced by a newer one.
     */
    Principal disconnected(String clientId, ConnectionAttributeStore connection) {
        long id = connection.getAsString(CONNECTION_ATTRIBUTE).map(Long::parseLong).orElse(-1L);
        Connection current = byClientId.get(clientId);
        if (current == null || current.id != id || !byClientId.remove(clientId, current)) return null;
        if (current.principal instanceof Principal.DeviceClient d) forget(d.device().id(), clientId);
        return current.principal;
    }

    private void forget(long deviceId, String clientId) {
        byDevice.computeIfPresent(deviceId, (k, ids) -> {
            ids.remove(clientId);
            return ids.isEmpty() ? null : ids;
        });
    }

    Principal get(String clientId) {
        Connection c = byClientId.get(clientId);
        return c == null ? null : c.principal;
    }

    /** Every connected client id. */
    Set<String> all() { return Set.copyOf(byClientId.keySet()); }

    Set<String> ofDevice(long deviceId) { return byDevice.getOrDefault(deviceId, Set.of()); }

    /** Client ids of the user's application connections. */
    java.util.List<String> ofAccount(long accountId) {
        return byClientId.entrySet().stream()
                .filter(e -> e.getValue().principal instanceof Principal.AppClient a && a.account().id() == accountId)
                .map(Map.Entry::getKey).toList();
    }
}
