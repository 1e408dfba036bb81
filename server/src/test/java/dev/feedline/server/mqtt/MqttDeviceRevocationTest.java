package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device's open MQTT connection ends when its token is rotated or it is deactivated. */
class MqttDeviceRevocationTest {
    @TempDir
    Path dir;

    @Test
    void rotatingTheTokenOrDeactivatingTheDeviceEndsItsConnection() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            Mqtt5BlockingClient device = f.device();
            assertThat(device.getState().isConnected()).isTrue();
            String newToken = f.admin.post("/api/v1/device/" + f.device + "/token/", Map.of()).json().get("token").asText();
            await().atMost(10, TimeUnit.SECONDS).until(() -> !device.getState().isConnected());
            assertThatThrownBy(f::device).isInstanceOf(Mqtt5ConnAckException.class);

            Mqtt5BlockingClient renewed = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("renewed")
                    .serverHost("127.0.0.1").serverPort(f.port).buildBlocking();
            renewed.connectWith().simpleAuth().username(newToken).applySimpleAuth().send();
            assertThat(f.admin.patch("/api/v1/device/" + f.device + "/", Map.of("active", false)).status()).isEqualTo(200);
            await().atMost(10, TimeUnit.SECONDS).until(() -> !renewed.getState().isConnected());
        }
    }

    @Test
    void revokingAnApiKeyEndsTheApplicationsConnection() throws Exception {
        try (MqttFixture f = MqttFixture.start(dir)) {
            var key = f.admin.post("/api/v1/auth/keys/", Map.of("name", "app")).json();
            Mqtt5BlockingClient app = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier("app-revoked")
                    .serverHost("127.0.0.1").serverPort(f.port).buildBlocking();
            app.connectWith().simpleAuth().username("app").password(key.get("key").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .applySimpleAuth().send();
            assertThat(f.admin.delete("/api/v1/auth/keys/" + key.get("id").asLong() + "/").status()).isEqualTo(204);
            await().atMost(10, TimeUnit.SECONDS).until(() -> !app.getState().isConnected());
        }
    }
}
