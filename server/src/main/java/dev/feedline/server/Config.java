package dev.feedline.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration from, strongest first: FEEDLINE_* environment variables, -Dfeedline.* system
 * properties, the configuration file, built-in defaults. A key "http.port" is FEEDLINE_HTTP_PORT in
 * the environment and feedline.http.port as a system property. Every key is listed in
 * docs/CONFIGURATION.md.
 */
public final class Config {
    private final Map<String, String> values;

    /** Every key asked for, so a test can tell which settings the server reads (deploy/ files name only those). */
    private final java.util.Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Config(Map<String, String> values) { this.values = values; }

    /** The keys read so far (see {@link #asked}). */
    java.util.Set<String> keysRead() { return java.util.Set.copyOf(asked); }

    private String value(String key) {
        asked.add(key);
        return values.get(key);
    }

    /** Reads the file (if it exists), then system properties, then the environment. */
    public static Config load(Path file, Map<String, String> env, Properties system) throws IOException {
        Map<String, String> v = new HashMap<>();
        if (file != null && Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> v.put(k.trim(), p.getProperty(k).trim()));
        }
        system.stringPropertyNames().stream().filter(k -> k.startsWith("feedline."))
                .forEach(k -> v.put(k.substring("feedline.".length()), system.getProperty(k)));
        env.forEach((k, val) -> {
            if (k.startsWith("FEEDLINE_") && !k.equals("FEEDLINE_CONFIG")) {
                v.put(k.substring("FEEDLINE_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), val);
            }
        });
        return new Config(v);
    }

    public static Config of(Map<String, String> values) { return new Config(new HashMap<>(values)); }

    public String string(String key, String fallback) {
        String v = value(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    public int integer(String key, int fallback) {
        String v = value(key);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " must be an integer, got '" + v + "'");
        }
    }

    public long longValue(String key, long fallback) {
        String v = value(key);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " must be an integer, got '" + v + "'");
        }
    }

    /** {@link #integer}, refused below {@code min} with a message naming the key (0 reads "0 or more"). */
    public int atLeast(String key, int fallback, int min) { return (int) checkAtLeast(key, integer(key, fallback), min); }

    /** {@link #longValue}, refused below {@code min} with a message naming the key. */
    public long atLeast(String key, long fallback, long min) { return checkAtLeast(key, longValue(key, fallback), min); }

    private static long checkAtLeast(String key, long v, long min) {
        if (v < min) throw new IllegalArgumentException("configuration " + key + " must be " + (min == 0 ? "0 or more" : "at least " + min) + ", got " + v);
        return v;
    }

    public boolean bool(String key, boolean fallback) {
        String v = value(key);
        if (v == null || v.isBlank()) return fallback;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("configuration " + key + " must be true or false, got '" + v + "'");
        };
    }
}
