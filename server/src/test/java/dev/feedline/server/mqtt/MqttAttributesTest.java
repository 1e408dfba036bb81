package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Client attributes (device properties), shared attributes (device config attributes), requests and pushes. */
class MqttAttributesTest extends MqttFixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode receive(Mqtt5BlockingClient.Mqtt5Publishes publishes, String topic) throws Exception {
        Mqtt5Publish p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing on " + topic));
        assertThat(p.getTopic().toString()).isEqualTo(topic);
        return JSON.readTree(p.getPayloadAsBytes());
    }

    @Test
    void clientAttributesBecomeDevicePropertiesAndRequestsAnswerBothScopes() throws Exception {
        f.admin.post("/api/v1/config/attr/", Map.of("target", f.device, "name", ":targetTemp", "data", 21.5));
        Mqtt5BlockingClient device = f.device();
        try (var publishes = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            MqttFixture.publish(device, "v1/devices/me/attributes", "{\"fw\": \"1.2\", \"battery\": 87, \"cfg\": {\"a\": true}}");
            JsonNode props = f.admin.get("/api/v1/device/" + f.device + "/properties/").json();
            assertThat(props).extracting(p -> p.get("name").asText()).contains("fw", "battery", "cfg");

            device.subscribeWith().topicFilter("v1/devices/me/attributes/response/+").qos(MqttQos.AT_LEAST_ONCE).send();
            MqttFixture.publish(device, "v1/devices/me/attributes/request/1", "{\"clientKeys\": \"fw,battery\", \"sharedKeys\": \"targetTemp\"}");
            JsonNode answer = receive(publishes, "v1/devices/me/attributes/response/1");
            assertThat(answer.get("client").get("fw").asText()).isEqualTo("1.2");
            assertThat(answer.get("client").get("battery").asInt()).isEqualTo(87);
            assertThat(answer.get("client").has("cfg")).isFalse();
            assertThat(answer.get("shared").get("targetTemp").asDouble()).isEqualTo(21.5);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void sharedAttributeChangesArePushedToTheDevice() throws Exception {
        Mqtt5BlockingClient device = f.device();
        try (var publishes = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            device.subscribeWith().topicFilter("v1/devices/me/attributes").qos(MqttQos.AT_LEAST_ONCE).send();
            f.admin.post("/api/v1/config/attr/", Map.of("target", f.device, "name", ":mode", "data", "eco"));
            JsonNode pushed = receive(publishes, "v1/devices/me/attributes");
            assertThat(pushed.get("mode").asText()).isEqualTo("eco");
            assertThat(pushed.size()).isEqualTo(1);
        } finally {
            device.disconnect();
        }
    }
}
