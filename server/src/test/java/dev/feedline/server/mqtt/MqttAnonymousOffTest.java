package dev.feedline.server.mqtt;

import static dev.feedline.server.mqtt.MqttClients.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mqtt.anonymous is off by default: a client without a username is refused with "bad user name or
 * password" (MQTT 3.1.1 return code 4, MQTT 5 reason code 0x86). Its own class: HiveMQ's extension
 * services are static, so two brokers must never run in one JVM at the same time.
 */
class MqttAnonymousOffTest {
    @Test
    void withTheOpenNamespaceOffAClientWithoutUsernameIsRefused(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        try (TestServer off = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1"))) {
            assertThatThrownBy(() -> MqttClients.v5(port, id("off5")).connect())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
            assertThatThrownBy(() -> MqttClients.v3(port, id("off3")).connect())
                    .isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                            e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
        }
    }
}
