package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A device only uses its own topics; an application only its orgs' live topics. */
class MqttPermissionsTest extends MqttFixtureTest {
    private static void assertSubscribeDenied(Mqtt5BlockingClient c, String filter) {
        assertThatThrownBy(() -> c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                .isInstanceOfSatisfying(Mqtt5SubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void aDeviceIsConfinedToItsOwnTopics() {
        Mqtt5BlockingClient device = f.device();
        try {
            assertSubscribeDenied(device, "#");
            assertSubscribeDenied(device, "v1/devices/me/telemetry");
            assertSubscribeDenied(device, "feedline/acme/#");
            assertThatThrownBy(() -> device.publishWith().topic("some/other/topic").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("x".getBytes(StandardCharsets.UTF_8)).send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        } finally {
            if (device.getState().isConnected()) device.disconnect();
        }
    }

    /** A "$" topic is outside a device's topics like any other: refused (0x87), not a protocol error. */
    @Test
    void aDeviceMayNotPublishToDollarTopics() {
        Mqtt5BlockingClient device = f.device();
        try {
            assertThatThrownBy(() -> device.publishWith().topic("$SYS/x").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("x".getBytes(StandardCharsets.UTF_8)).send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        } finally {
            if (device.getState().isConnected()) device.disconnect();
        }
    }

    @Test
    void anApplicationSeesOnlyItsOrgs() {
        var admin = f.admin;
        admin.post("/api/v1/org/", Map.of("name", "Other"));
        // A user who belongs to "other" only.
        var invite = admin.post("/api/v1/org/other/invite/", Map.of("email", "eve@example.com", "role", "viewer")).json();
        f.server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", invite.get("token").asText(), "password", "eve-password-1"));
        var eve = f.server.login("eve@example.com", "eve-password-1");
        String key = eve.post("/api/v1/auth/keys/", Map.of("name", "app")).json().get("key").asText();
        Mqtt5BlockingClient app = MqttClient.builder().useMqttVersion5().identifier("eve-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(f.port).buildBlocking();
        app.connectWith().simpleAuth().username("eve").password(key.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        try {
            app.subscribeWith().topicFilter("feedline/other/#").qos(MqttQos.AT_LEAST_ONCE).send();
            assertSubscribeDenied(app, "feedline/acme/#");
            assertSubscribeDenied(app, "feedline/#");
            assertSubscribeDenied(app, "v1/devices/me/rpc/request/+");
        } finally {
            app.disconnect();
        }
    }
}
