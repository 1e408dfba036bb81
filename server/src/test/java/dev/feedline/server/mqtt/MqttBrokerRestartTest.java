package dev.feedline.server.mqtt;

import static dev.feedline.server.mqtt.MqttClients.bytes;
import static dev.feedline.server.mqtt.MqttClients.id;
import static dev.feedline.server.mqtt.MqttClients.next;
import static dev.feedline.server.mqtt.MqttClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker state lives under the data dir: persistent sessions, their queued messages and retained messages survive a restart. */
class MqttBrokerRestartTest {
    @Test
    void sessionsQueuedMessagesAndRetainedMessagesSurviveARestart(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        String run = id("r");
        String topic5 = "restart/" + run + "/v5";
        String topic3 = "restart/" + run + "/v3";
        String retainedTopic = "restart/" + run + "/retained";
        String id5 = id("keep5");
        String id3 = id("keep3");
        try (TestServer server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1",
                "mqtt.anonymous", "true"))) {
            Mqtt5BlockingClient c5 = MqttClients.v5(port, id5);
            c5.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
            c5.subscribeWith().topicFilter(topic5).qos(MqttQos.AT_LEAST_ONCE).send();
            c5.disconnect();
            Mqtt3BlockingClient c3 = MqttClients.v3(port, id3);
            c3.connectWith().cleanSession(false).send();
            c3.subscribeWith().topicFilter(topic3).qos(MqttQos.EXACTLY_ONCE).send();
            c3.disconnect();

            Mqtt5BlockingClient pub = MqttClients.v5(port, id("pub"));
            pub.connect();
            for (int i = 1; i <= 3; i++) {
                pub.publishWith().topic(topic5).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
                pub.publishWith().topic(topic3).qos(MqttQos.EXACTLY_ONCE).payload(bytes("n" + i)).send();
            }
            pub.publishWith().topic(retainedTopic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes("kept")).send();
            pub.disconnect();

            server.restart(); // same data dir, same ports

            Mqtt5BlockingClient again5 = MqttClients.v5(port, id5);
            try (var in = again5.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(again5.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent()).isTrue();
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Mqtt5Publish m = next(in);
                    got.add(m.getTopic() + "=" + text(m) + "@" + m.getQos());
                }
                assertThat(got).containsExactly(topic5 + "=m1@AT_LEAST_ONCE", topic5 + "=m2@AT_LEAST_ONCE", topic5 + "=m3@AT_LEAST_ONCE");
                // The subscription itself survived too: a new message still arrives.
                Mqtt5BlockingClient pub2 = MqttClients.v5(port, id("pub2"));
                pub2.connect();
                pub2.publishWith().topic(topic5).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("after")).send();
                pub2.disconnect();
                assertThat(text(next(in))).isEqualTo("after");
            } finally {
                again5.disconnect();
            }

            Mqtt3BlockingClient again3 = MqttClients.v3(port, id3);
            try (var in = again3.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(again3.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Mqtt3Publish m = next(in);
                    got.add(m.getTopic() + "=" + text(m) + "@" + m.getQos());
                }
                assertThat(got).containsExactly(topic3 + "=n1@EXACTLY_ONCE", topic3 + "=n2@EXACTLY_ONCE", topic3 + "=n3@EXACTLY_ONCE");
            } finally {
                again3.disconnect();
            }

            Mqtt5BlockingClient late = MqttClients.v5(port, id("late"));
            late.connect();
            try (var in = late.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                late.subscribeWith().topicFilter(retainedTopic).qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5Publish m = next(in);
                assertThat(text(m)).isEqualTo("kept");
                assertThat(m.isRetain()).isTrue();
            } finally {
                late.disconnect();
            }
        }
    }
}
