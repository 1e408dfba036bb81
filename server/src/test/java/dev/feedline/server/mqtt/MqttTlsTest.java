package dev.feedline.server.mqtt;

import static dev.feedline.server.mqtt.MqttClients.bytes;
import static dev.feedline.server.mqtt.MqttClients.id;
import static dev.feedline.server.mqtt.MqttClients.next;
import static dev.feedline.server.mqtt.MqttClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener, with a self-signed certificate made by keytool for 127.0.0.1. */
class MqttTlsTest {
    private static final String PASSWORD = "changeit-123";

    @Test
    void clientsConnectOverTlsTrustingTheServerCertificate(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("broker.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        KeyStore certOnly = KeyStore.getInstance("PKCS12");
        certOnly.load(null, null);
        certOnly.setCertificateEntry("broker", trust.getCertificate("broker"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(certOnly);

        int tlsPort = FreePorts.next();
        Path data = Files.createDirectories(dir.resolve("data"));
        try (TestServer server = TestServer.start(data, Map.of("mqtt.port", "off", "mqtt.host", "127.0.0.1", "mqtt.anonymous", "true",
                "mqtt.tls.port", Integer.toString(tlsPort), "mqtt.tls.keystore", keystore.toString(), "mqtt.tls.keystore.password", PASSWORD))) {
            Mqtt5BlockingClient c5 = MqttClients.tcp(tlsPort, id("tls5")).sslConfig().trustManagerFactory(tmf).applySslConfig()
                    .useMqttVersion5().buildBlocking();
            Mqtt3BlockingClient c3 = MqttClients.tcp(tlsPort, id("tls3")).sslConfig().trustManagerFactory(tmf).applySslConfig()
                    .useMqttVersion3().buildBlocking();
            assertThat(c5.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            c3.connect();
            try (var in = c5.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                c5.subscribeWith().topicFilter("tls/#").qos(MqttQos.AT_LEAST_ONCE).send();
                c3.publishWith().topic("tls/hello").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("secure")).send();
                assertThat(text(next(in))).isEqualTo("secure");
            } finally {
                c5.disconnect();
                c3.disconnect();
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path keytool = java.resolveSibling(System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool: %s", output).isZero();
    }
}
