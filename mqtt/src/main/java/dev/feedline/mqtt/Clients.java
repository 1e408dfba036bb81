package dev.feedline.mqtt;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The principal of each connected client id, and the client ids of each connected device. */
final class Clients {
    private final Map<String, Principal> byClientId = new ConcurrentHashMap<>();
    private final Map<Long, Set<String>> byDevice = new ConcurrentHashMap<>();

    void authenticated(String clientId, Principal principal) {
        Principal previous = byClientId.put(clientId, principal);
        if (previous instanceof Principal.DeviceClient d) forget(d.device().id(), clientId);
        if (principal instanceof Principal.DeviceClient d) {
            byDevice.computeIfAbsent(d.device().id(), id -> ConcurrentHashMap.newKeySet()).add(clientId);
        }
    }

    /** Forgets the client; returns its principal, or null if it never authenticated. */
    Principal disconnected(String clientId) {
        Principal p = byClientId.remove(clientId);
        if (p instanceof Principal.DeviceClient d) forget(d.device().id(), clientId);
        return p;
    }

    private void forget(long deviceId, String clientId) {
        byDevice.computeIfPresent(deviceId, (id, ids) -> {
            ids.remove(clientId);
            return ids.isEmpty() ? null : ids;
        });
    }

    Principal get(String clientId) { return byClientId.get(clientId); }

    Set<String> ofDevice(long deviceId) { return byDevice.getOrDefault(deviceId, Set.of()); }

    /** Client ids of the user's application connections. */
    java.util.List<String> ofAccount(long accountId) {
        return byClientId.entrySet().stream()
                .filter(e -> e.getValue() instanceof Principal.AppClient a && a.account().id() == accountId)
                .map(Map.Entry::getKey).toList();
    }
}
