package dev.feedline.core.port;

import java.util.Optional;

/** Server-wide settings shared by every node (for example the JWT signing secret). */
public interface SettingRepository {
    Optional<String> get(String key);

    /** Stores value unless the key exists; returns the value now stored. */
    String putIfAbsent(String key, String value);
}
