package dev.feedline.store.jdbc;

import dev.feedline.core.port.SettingRepository;
import java.util.Optional;

final class JdbcSettingRepository implements SettingRepository {
    private final Jdbc jdbc;

    JdbcSettingRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Optional<String> get(String key) {
        return jdbc.one("SELECT value FROM setting WHERE key = ?", rs -> rs.getString(1), key);
    }

    @Override
    public String putIfAbsent(String key, String value) {
        // Several nodes may start at once: the first insert wins and everyone reads the winner's value.
        return jdbc.inTransaction(() -> {
            jdbc.update("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, value);
            return get(key).orElseThrow();
        });
    }
}
