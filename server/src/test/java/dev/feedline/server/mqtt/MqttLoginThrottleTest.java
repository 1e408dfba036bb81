package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.MovableClock;
import dev.feedline.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 8 over MQTT: CONNECTs refused for bad credentials (device tokens, API keys, an Adafruit IO
 * username with a wrong key) are limited per client address; past the limit the CONNACK is MQTT 5 "connection
 * rate exceeded" (0x9F), MQTT 3.1.1 "not authorized" (it has no such code), a valid token too, until time passes.
 */
class MqttLoginThrottleTest {
    @TempDir
    Path dir;

    @Test
    void refusedConnectsAreLimitedPerAddressAndCounted() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        int port = FreePorts.next();
        try (TestServer server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1",
                "login.throttle.address.attempts", "3", "login.throttle.address.refill.seconds", "30"), clock)) {
            Api admin = server.admin();
            admin.post("/api/v1/org/", Map.of("name", "Acme"));
            admin.post("/api/v1/project/", Map.of("org", "acme", "name", "Plant"));
            JsonNode d = admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001", "label", "pump")).json();
            String token = d.get("token").asText();
            String key = admin.post("/api/v1/auth/keys/", Map.of("name", "aio")).json().get("key").asText();

            // a success uses up nothing
            for (int i = 0; i < 5; i++) mqtt5(port, token, null).disconnect();
            assertRefused(port, "fdt_not-a-real-token", null, Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
            assertRefused(port, "admin", key + "x", Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
            assertRefused(port, "someone", "a password", Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
            assertRefused(port, token, null, Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
            assertRefused(port, "admin", key, Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
            Mqtt3BlockingClient v3 = MqttClient.builder().useMqttVersion3().identifier("t-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            assertThatThrownBy(() -> v3.connectWith().simpleAuth().username(token).applySimpleAuth().send())
                    .isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                            e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));

            String metrics = server.anonymous().get("/metrics").body();
            assertThat(metrics).contains("feedline_login_failures_total{protocol=\"mqtt\"} 3.0")
                    .contains("feedline_login_throttled_total{limit=\"address\",protocol=\"mqtt\"} 3.0");
            // MQTT counts apart from HTTP: the web login from the same address is not affected
            assertThat(server.anonymous().post("/api/v1/auth/login/",
                    Map.of("email", TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD)).status()).isEqualTo(200);

            clock.advance(Duration.ofSeconds(30));
            mqtt5(port, token, null).disconnect();
            mqtt5(port, "admin", key).disconnect();
        }
    }

    private static Mqtt5BlockingClient mqtt5(int port, String username, String password) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("t-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        var auth = c.connectWith().simpleAuth().username(username);
        if (password != null) auth.password(password.getBytes(StandardCharsets.UTF_8));
        auth.applySimpleAuth().send();
        return c;
    }

    private static void assertRefused(int port, String username, String password, Mqtt5ConnAckReasonCode code) {
        assertThatThrownBy(() -> mqtt5(port, username, password)).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(code));
    }
}
