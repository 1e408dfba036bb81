package dev.feedline.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes HiveMQ's config.xml from {@link MqttSettings}: the listeners, the receive maximum, and no phoning home. */
final class BrokerConfig {
    private BrokerConfig() {}

    static void write(Path configDir, MqttSettings s) throws IOException {
        Files.createDirectories(configDir);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        if (s.tcpPort() != MqttSettings.OFF) {
            xml.append("    <tcp-listener><port>").append(s.tcpPort()).append("</port><bind-address>").append(esc(s.host()))
                    .append("</bind-address><name>tcp</name></tcp-listener>\n");
        }
        if (s.websocketPort() != MqttSettings.OFF) {
            xml.append("    <websocket-listener><port>").append(s.websocketPort()).append("</port><bind-address>").append(esc(s.host()))
                    .append("</bind-address><path>").append(esc(s.websocketPath())).append("</path><name>websocket</name>")
                    .append("<subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol></subprotocols>")
                    .append("<allow-extensions>true</allow-extensions></websocket-listener>\n");
        }
        if (s.tlsEnabled()) {
            xml.append("    <tls-tcp-listener><port>").append(s.tlsPort()).append("</port><bind-address>").append(esc(s.host()))
                    .append("</bind-address><name>tls</name><tls><keystore><path>").append(esc(s.tlsKeystore().toAbsolutePath().toString()))
                    .append("</path><password>").append(esc(s.tlsKeystorePassword())).append("</password><private-key-password>")
                    .append(esc(s.tlsKeystorePassword())).append("</private-key-password></keystore></tls></tls-tcp-listener>\n");
        }
        xml.append("  </listeners>\n")
                // HiveMQ's default is 10; it tells MQTT 5 clients in the CONNACK and disconnects one that exceeds it
                // (0x93). MQTT 3.1.1 has no such field: HiveMQ enforces nothing there (see CommitWait).
                .append("  <mqtt><receive-maximum><server-receive-maximum>").append(s.receiveMaximum())
                .append("</server-receive-maximum></receive-maximum></mqtt>\n")
                .append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n")
                .append("</hivemq>\n");
        Path file = configDir.resolve("config.xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
