package dev.feedline.server;

import dev.feedline.mqtt.MqttSettings;
import java.nio.file.Path;

/**
 * The MQTT part of the settings. A port is a number or "off"; the TLS listener needs a keystore.
 */
public record MqttConfig(String host, int port, int websocketPort, String websocketPath, int tlsPort, Path tlsKeystore,
                         String tlsKeystorePassword, boolean anonymous) {

    static MqttConfig from(Config c, String defaultHost) {
        String keystore = c.string("mqtt.tls.keystore", null);
        return new MqttConfig(
                c.string("mqtt.host", defaultHost),
                port(c, "mqtt.port", 1883),
                port(c, "mqtt.websocket.port", 8083),
                c.string("mqtt.websocket.path", "/mqtt"),
                port(c, "mqtt.tls.port", 8883),
                keystore == null ? null : Path.of(keystore),
                c.string("mqtt.tls.keystore.password", ""),
                c.bool("mqtt.anonymous", false));
    }

    private static int port(Config c, String key, int fallback) {
        String v = c.string(key, null);
        if (v != null && (v.equalsIgnoreCase("off") || v.equals("-1"))) return MqttSettings.OFF;
        return c.integer(key, fallback);
    }

    boolean anyListener() { return port != MqttSettings.OFF || websocketPort != MqttSettings.OFF || (tlsKeystore != null && tlsPort != MqttSettings.OFF); }

    /** @param receiveMaximum the limits' messages in flight (Limits.maxInflightMessages), the one setting both use */
    MqttSettings broker(Path dataDir, int receiveMaximum) {
        return new MqttSettings(host, port, websocketPort, websocketPath, tlsPort, tlsKeystore, tlsKeystorePassword, anonymous, dataDir,
                receiveMaximum);
    }
}
