package dev.feedline.mqtt;

import java.nio.file.Path;

/**
 * Broker listeners and behaviour. A port of {@link #OFF} turns that listener off.
 *
 * @param tlsKeystore a JKS or PKCS#12 keystore holding the TLS certificate and private key; the TLS
 *                    listener starts only when it is set
 * @param anonymous   whether clients without credentials may connect to the open namespace
 * @param dataDir     where the broker keeps persistent sessions and queued messages
 * @param receiveMaximum MQTT 5 Receive Maximum: QoS 1 and 2 publishes a client may have unacknowledged (from
 *                    Limits.maxInflightMessages, which getSessionLimits reports too)
 */
public record MqttSettings(String host, int tcpPort, int websocketPort, String websocketPath, int tlsPort,
                           Path tlsKeystore, String tlsKeystorePassword, boolean anonymous, Path dataDir, int receiveMaximum) {
    public static final int OFF = -1;

    public boolean tlsEnabled() { return tlsKeystore != null && tlsPort != OFF; }
}
