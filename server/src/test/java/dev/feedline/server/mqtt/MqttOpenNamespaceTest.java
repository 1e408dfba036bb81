package dev.feedline.server.mqtt;

import static dev.feedline.server.mqtt.MqttClients.bytes;
import static dev.feedline.server.mqtt.MqttClients.id;
import static dev.feedline.server.mqtt.MqttClients.next;
import static dev.feedline.server.mqtt.MqttClients.text;
import static dev.feedline.server.mqtt.MqttClients.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open namespace (mqtt.anonymous=true): a plain MQTT 3.1.1 / 5 broker for clients without a
 * username, everywhere except Feedline's reserved namespaces (v1/#, v2/#, feedline/#).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttOpenNamespaceTest {
    @TempDir
    static Path dir;
    private TestServer server;
    private int port;
    private int wsPort;

    @BeforeAll
    void start() throws Exception {
        port = FreePorts.next();
        wsPort = FreePorts.next();
        server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.websocket.port", Integer.toString(wsPort),
                "mqtt.host", "127.0.0.1", "mqtt.anonymous", "true"));
    }

    @AfterAll
    void stop() { server.close(); }

    private Mqtt5BlockingClient v5(String prefix) {
        Mqtt5BlockingClient c = MqttClients.v5(port, id(prefix));
        c.connect();
        return c;
    }

    private Mqtt3BlockingClient v3(String prefix) {
        Mqtt3BlockingClient c = MqttClients.v3(port, id(prefix));
        c.connect();
        return c;
    }

    // 1. anonymous access

    @Test
    void anonymousClientsConnectWithEitherProtocolVersion() {
        Mqtt5BlockingClient c5 = MqttClients.v5(port, id("anon5"));
        Mqtt5ConnAck ack5 = c5.connect();
        assertThat(ack5.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        c5.disconnect();
        Mqtt3BlockingClient c3 = MqttClients.v3(port, id("anon3"));
        Mqtt3ConnAck ack3 = c3.connect();
        assertThat(ack3.getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        c3.disconnect();
    }

    @Test
    void aUsernameThatIsNoCredentialIsRefusedEvenWithTheOpenNamespaceOn() {
        assertThatThrownBy(() -> MqttClients.v5(port, id("user5")).connectWith().simpleAuth().username("alice").applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        assertThatThrownBy(() -> MqttClients.v3(port, id("user3")).connectWith().simpleAuth().username("alice").applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
    }

    // 2. QoS

    @Test
    void everyQosIsDeliveredDowngradedToTheSubscriptionQosMqtt5() throws Exception {
        String base = "qos5/" + id("r");
        Mqtt5BlockingClient sub = v5("sub");
        Mqtt5BlockingClient pub = v5("pub");
        try (var in = sub.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            for (MqttQos s : MqttQos.values()) sub.subscribeWith().topicFilter(base + "/s" + s.getCode()).qos(s).send();
            for (MqttQos s : MqttQos.values()) {
                for (MqttQos p : MqttQos.values()) {
                    pub.publishWith().topic(base + "/s" + s.getCode()).qos(p).payload(bytes("p" + p.getCode())).send();
                }
            }
            Map<String, MqttQos> got = new HashMap<>();
            for (int i = 0; i < 9; i++) {
                Mqtt5Publish m = next(in);
                got.put(m.getTopic().toString().substring(base.length() + 1) + "/" + text(m), m.getQos());
            }
            assertThat(got).isEqualTo(downgraded());
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    void everyQosIsDeliveredDowngradedToTheSubscriptionQosMqtt3() throws Exception {
        String base = "qos3/" + id("r");
        Mqtt3BlockingClient sub = v3("sub3");
        Mqtt3BlockingClient pub = v3("pub3");
        try (var in = sub.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            for (MqttQos s : MqttQos.values()) {
                Mqtt3SubAck ack = sub.subscribeWith().topicFilter(base + "/s" + s.getCode()).qos(s).send();
                assertThat(ack.getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.values()[s.getCode()]);
            }
            for (MqttQos s : MqttQos.values()) {
                for (MqttQos p : MqttQos.values()) {
                    pub.publishWith().topic(base + "/s" + s.getCode()).qos(p).payload(bytes("p" + p.getCode())).send();
                }
            }
            Map<String, MqttQos> got = new HashMap<>();
            for (int i = 0; i < 9; i++) {
                Mqtt3Publish m = next(in);
                got.put(m.getTopic().toString().substring(base.length() + 1) + "/" + text(m), m.getQos());
            }
            assertThat(got).isEqualTo(downgraded());
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    /** "sS/pP" → the QoS a message published at P arrives with on a subscription at S: the lower of the two. */
    private static Map<String, MqttQos> downgraded() {
        Map<String, MqttQos> expected = new HashMap<>();
        for (MqttQos s : MqttQos.values()) {
            for (MqttQos p : MqttQos.values()) expected.put("s" + s.getCode() + "/p" + p.getCode(), s.getCode() < p.getCode() ? s : p);
        }
        return expected;
    }

    // 3. retained messages

    @Test
    void aRetainedMessageGoesToLaterSubscribersUntilAnEmptyRetainedPublishClearsIt() throws Exception {
        String topic = "retained/" + id("r") + "/state";
        String marker = topic + "/marker";
        Mqtt5BlockingClient pub = v5("rpub");
        try {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes("on")).send();
            Mqtt5BlockingClient late = v5("late5");
            try (var in = late.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                late.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5Publish m = next(in);
                assertThat(text(m)).isEqualTo("on");
                assertThat(m.isRetain()).isTrue();
                assertThat(m.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            } finally {
                late.disconnect();
            }
            Mqtt3BlockingClient late3 = v3("late3");
            try (var in = late3.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                late3.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).send();
                Mqtt3Publish m = next(in);
                assertThat(text(m)).isEqualTo("on");
                assertThat(m.isRetain()).isTrue();
                assertThat(m.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
            } finally {
                late3.disconnect();
            }

            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).send(); // empty: clears it
            Mqtt5BlockingClient after = v5("after");
            try (var in = after.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                after.subscribeWith().topicFilter(topic + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
                pub.publishWith().topic(marker).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("marker")).send();
                List<Mqtt5Publish> got = until(in, marker);
                assertThat(got).extracting(p -> p.getTopic().toString()).containsExactly(marker);
            } finally {
                after.disconnect();
            }
        } finally {
            pub.disconnect();
        }
    }

    // 4. wills

    @Test
    void anAbruptDisconnectPublishesTheWillMqtt3AndMqtt5() throws Exception {
        String base = "will/" + id("r");
        Mqtt5BlockingClient watcher = v5("watch");
        try (var in = watcher.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            watcher.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Socket s3 = MqttClients.rawConnectWithWill(port, 4, id("raw3"), base + "/v3", "gone3");
            MqttClients.drop(s3);
            Mqtt5Publish w3 = next(in);
            assertThat(w3.getTopic().toString()).isEqualTo(base + "/v3");
            assertThat(text(w3)).isEqualTo("gone3");
            assertThat(w3.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);

            Socket s5 = MqttClients.rawConnectWithWill(port, 5, id("raw5"), base + "/v5", "gone5");
            MqttClients.drop(s5);
            Mqtt5Publish w5 = next(in);
            assertThat(w5.getTopic().toString()).isEqualTo(base + "/v5");
            assertThat(text(w5)).isEqualTo("gone5");
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void aCleanDisconnectDoesNotPublishTheWillUnlessAnMqtt5ClientAsksForIt() throws Exception {
        String base = "will/" + id("r");
        String marker = base + "/marker";
        Mqtt5BlockingClient watcher = v5("watch");
        Mqtt5BlockingClient other = v5("other");
        try (var in = watcher.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            watcher.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt3BlockingClient c3 = MqttClients.v3(port, id("will3"));
            c3.connectWith().willPublish().topic(base + "/v3").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("gone3")).applyWillPublish().send();
            c3.disconnect();
            Mqtt5BlockingClient c5 = MqttClients.v5(port, id("will5"));
            c5.connectWith().willPublish().topic(base + "/v5").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("gone5")).applyWillPublish().send();
            c5.disconnect();
            other.publishWith().topic(marker).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m")).send();
            assertThat(until(in, marker)).extracting(p -> p.getTopic().toString()).containsExactly(marker);

            // MQTT 5: DISCONNECT with reason 0x04 asks for the will.
            Mqtt5BlockingClient asks = MqttClients.v5(port, id("asks"));
            asks.connectWith().willPublish().topic(base + "/asked").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("bye")).applyWillPublish().send();
            asks.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
            Mqtt5Publish w = next(in);
            assertThat(w.getTopic().toString()).isEqualTo(base + "/asked");
            assertThat(text(w)).isEqualTo("bye");
        } finally {
            watcher.disconnect();
            other.disconnect();
        }
    }

    // 5. persistent sessions

    @Test
    void aPersistentMqtt5SessionGetsWhatWasPublishedWhileItWasAway() throws Exception {
        String topic = "session5/" + id("r");
        String clientId = id("persist5");
        Mqtt5BlockingClient c = MqttClients.v5(port, clientId);
        Mqtt5ConnAck first = c.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        assertThat(first.isSessionPresent()).isFalse();
        c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();

        Mqtt5BlockingClient pub = v5("pub");
        for (int i = 1; i <= 3; i++) pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
        pub.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(bytes("qos0")).send(); // may be dropped while offline
        pub.disconnect();

        Mqtt5BlockingClient again = MqttClients.v5(port, clientId);
        try (var in = again.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            assertThat(ack.isSessionPresent()).isTrue();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Mqtt5Publish m = next(in);
                assertThat(m.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                got.add(text(m));
            }
            assertThat(got).containsExactly("m1", "m2", "m3");
        } finally {
            again.disconnect();
        }
    }

    @Test
    void aPersistentMqtt3SessionGetsWhatWasPublishedWhileItWasAway() throws Exception {
        String topic = "session3/" + id("r");
        String clientId = id("persist3");
        Mqtt3BlockingClient c = MqttClients.v3(port, clientId);
        assertThat(c.connectWith().cleanSession(false).send().isSessionPresent()).isFalse();
        c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();

        Mqtt3BlockingClient pub = v3("pub3");
        for (int i = 1; i <= 3; i++) pub.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(bytes("m" + i)).send();
        pub.disconnect();

        Mqtt3BlockingClient again = MqttClients.v3(port, clientId);
        try (var in = again.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(again.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Mqtt3Publish m = next(in);
                assertThat(m.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                got.add(m.getTopic() + "=" + text(m));
            }
            assertThat(got).containsExactly(topic + "=m1", topic + "=m2", topic + "=m3");
        } finally {
            again.disconnect();
        }
        // A clean session afterwards starts empty.
        Mqtt3BlockingClient clean = MqttClients.v3(port, clientId);
        assertThat(clean.connectWith().cleanSession(true).send().isSessionPresent()).isFalse();
        clean.disconnect();
    }

    // 6. wildcards

    @Test
    void singleAndMultiLevelWildcardsMatchAsSpecified() throws Exception {
        String base = "wild/" + id("r");
        Mqtt5BlockingClient plus = v5("plus");
        Mqtt5BlockingClient hash = v5("hash");
        Mqtt5BlockingClient pub = v5("pub");
        try (var plusIn = plus.publishes(MqttGlobalPublishFilter.SUBSCRIBED); var hashIn = hash.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            plus.subscribeWith().topicFilter(base + "/+/temp").qos(MqttQos.AT_LEAST_ONCE).send();
            hash.subscribeWith().topicFilter(base + "/a/#").qos(MqttQos.AT_LEAST_ONCE).send();
            for (String t : List.of("a/temp", "b/temp", "a/b/temp", "temp", "a", "a/x/y/z", "b/x", "/temp")) {
                pub.publishWith().topic(base + "/" + t).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(t)).send();
            }
            pub.publishWith().topic(base + "/end/temp").qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic(base + "/a/end").qos(MqttQos.AT_LEAST_ONCE).send();
            // "+" matches exactly one level, and an empty level ("/temp" after the base) is a level.
            assertThat(until(plusIn, base + "/end/temp")).extracting(p -> p.getTopic().toString().substring(base.length() + 1))
                    .containsExactly("a/temp", "b/temp", "/temp", "end/temp");
            // "a/#" also matches the parent level "a" itself.
            assertThat(until(hashIn, base + "/a/end")).extracting(p -> p.getTopic().toString().substring(base.length() + 1))
                    .containsExactly("a/temp", "a/b/temp", "a", "a/x/y/z", "a/end");
        } finally {
            plus.disconnect();
            hash.disconnect();
            pub.disconnect();
        }
    }

    /**
     * Topics starting with "$" (MQTT 4.7.2): as in a plain broker, a client may publish to them (QoS 0, 1
     * and 2, MQTT 3.1.1 and 5) and stays connected, a subscription that names the "$" level gets them, and
     * "#" or "+/..." never match them (the Paho interoperability suite's test_dollar_topics).
     */
    @Test
    void dollarTopicsCanBePublishedToButAreNotMatchedByLeadingWildcards() throws Exception {
        String run = id("r");
        String dollarTopic = "$test/" + run + "/x";
        String marker = "dollar/" + run + "/marker";
        Mqtt5BlockingClient all = v5("all");
        Mqtt5BlockingClient named = v5("named");
        Mqtt5BlockingClient pub = v5("pub");
        Mqtt5BlockingClient dollarPub = v5("dpub");
        Mqtt3BlockingClient dollarPub3 = v3("dpub3");
        // Retained too: a later "#" subscription does not get it.
        dollarPub.publishWith().topic("$test/" + run + "/kept").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes("kept")).send();
        try (var allIn = all.publishes(MqttGlobalPublishFilter.SUBSCRIBED); var namedIn = named.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            all.subscribeWith().addSubscription().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("+/" + run + "/x").qos(MqttQos.AT_LEAST_ONCE).applySubscription().send();
            named.subscribeWith().topicFilter("$test/+/x").qos(MqttQos.AT_LEAST_ONCE).send();
            for (MqttQos qos : MqttQos.values()) {
                Mqtt5PublishResult result = dollarPub.publishWith().topic(dollarTopic).qos(qos).payload(bytes("v5-" + qos.getCode())).send();
                assertThat(result.getError()).as("publish at %s", qos).isEmpty();
            }
            dollarPub3.publishWith().topic(dollarTopic).qos(MqttQos.AT_MOST_ONCE).payload(bytes("v3-0")).send();
            dollarPub3.publishWith().topic(dollarTopic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("v3-1")).send();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) got.add(text(next(namedIn)));
            // MQTT orders messages of one QoS from one client, not across QoS levels or clients: the set is the contract.
            assertThat(got).containsExactlyInAnyOrder("v5-0", "v5-1", "v5-2", "v3-0", "v3-1");
            assertThat(dollarPub.getState().isConnected()).isTrue();
            assertThat(dollarPub3.getState().isConnected()).isTrue();
            pub.publishWith().topic(marker).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m")).send();
            assertThat(until(allIn, marker)).extracting(p -> p.getTopic().toString()).noneMatch(t -> t.startsWith("$"));
        } finally {
            dollarPub.publishWith().topic("$test/" + run + "/kept").qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
            all.disconnect();
            named.disconnect();
            pub.disconnect();
            dollarPub.disconnect();
            dollarPub3.disconnect();
        }
    }

    /**
     * Adafruit IO's time topics tick every second, but only for clients that name them (time/seconds, as
     * Adafruit IO clients subscribe): a plain client subscribed to "#", "+/+" or "time/#" must receive only
     * what was published (the Paho suite's retained-message, offline-queueing and unsubscribe tests count
     * every message under "#" or "+/+").
     */
    @Test
    void timeTopicsReachOnlySubscriptionsThatNameThemNeverWildcards() throws Exception {
        String marker = id("clock") + "/marker";
        Mqtt5BlockingClient wild = v5("wild");
        Mqtt5BlockingClient exact = v5("exact");
        Mqtt5BlockingClient both = v5("both");
        Mqtt5BlockingClient pub = v5("pub");
        try (var wildIn = wild.publishes(MqttGlobalPublishFilter.ALL); var exactIn = exact.publishes(MqttGlobalPublishFilter.ALL);
             var bothIn = both.publishes(MqttGlobalPublishFilter.ALL)) {
            wild.subscribeWith().addSubscription().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                    .addSubscription().topicFilter("+/+").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                    .addSubscription().topicFilter("time/+").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                    .addSubscription().topicFilter("time/#").qos(MqttQos.AT_MOST_ONCE).applySubscription().send();
            both.subscribeWith().addSubscription().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                    .addSubscription().topicFilter("time/millis").qos(MqttQos.AT_MOST_ONCE).applySubscription().send();
            exact.subscribeWith().topicFilter("time/seconds").qos(MqttQos.AT_MOST_ONCE).send();
            // Two ticks that happened after every subscription above.
            Mqtt5Publish first = next(exactIn);
            Mqtt5Publish second = next(exactIn);
            assertThat(List.of(first, second)).extracting(p -> p.getTopic().toString()).containsOnly("time/seconds");
            assertThat(Long.parseLong(text(second))).isGreaterThan(Long.parseLong(text(first)));

            pub.publishWith().topic(marker).qos(MqttQos.AT_MOST_ONCE).payload(bytes("m")).send();
            assertThat(until(wildIn, marker)).extracting(p -> p.getTopic().toString()).noneMatch(t -> t.startsWith("time/"));
            List<Mqtt5Publish> bothGot = until(bothIn, marker);
            List<String> times = bothGot.stream().filter(p -> p.getTopic().toString().startsWith("time/"))
                    .map(p -> p.getTopic() + "=" + text(p)).toList();
            // The named topic only, each tick once although "#" matches it too.
            assertThat(times).isNotEmpty().allMatch(t -> t.startsWith("time/millis=")).doesNotHaveDuplicates();
        } finally {
            wild.disconnect();
            exact.disconnect();
            both.disconnect();
            pub.disconnect();
        }
    }

    /** MQTT 5: a QoS 1 PUBLISH that is not allowed gets PUBACK 0x87 (not authorized), then the broker sends DISCONNECT 0x87. */
    private static void assertRefusedAndDisconnected(Mqtt5BlockingClient c, String topic) {
        assertThatThrownBy(() -> c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"t\":1}")).send())
                .as(topic).isInstanceOfSatisfying(Mqtt5PubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !c.getState().isConnected());
    }

    // 7. reserved namespaces

    @Test
    void reservedNamespacesCannotBeSubscribedTo() {
        Mqtt5BlockingClient c5 = v5("res5");
        try {
            for (String filter : List.of("v1/#", "v1/devices/me/rpc/request/+", "v2/x", "feedline/#", "feedline/acme/+/+/presence")) {
                assertThatThrownBy(() -> c5.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                        .as(filter).isInstanceOfSatisfying(Mqtt5SubAckException.class,
                                e -> assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
            }
            // A mixed SUBSCRIBE: the allowed filter is granted, the reserved one refused.
            // (the client reports any error code in a SUBACK as an exception carrying the SUBACK)
            assertThatThrownBy(() -> c5.subscribeWith().addSubscription().topicFilter("open/ok").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("feedline/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription().send())
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
            assertThat(c5.getState().isConnected()).isTrue();
        } finally {
            c5.disconnect();
        }
        Mqtt3BlockingClient c3 = v3("res3");
        try {
            for (String filter : List.of("v1/#", "v2/#", "feedline/#")) {
                assertThatThrownBy(() -> c3.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                        .as(filter).isInstanceOfSatisfying(Mqtt3SubAckException.class,
                                e -> assertThat(e.getMqttMessage().getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE));
            }
            assertThat(c3.getState().isConnected()).isTrue();
        } finally {
            c3.disconnect();
        }
    }

    @Test
    void publishingToAReservedNamespaceIsRefused() {
        for (String topic : List.of("v1/devices/me/telemetry", "v2/x", "feedline/acme/p/d/s", "v1")) {
            assertRefusedAndDisconnected(v5("pubres5"), topic);
        }
        // MQTT 3.1.1 has no negative PUBACK: the connection is closed.
        Mqtt3BlockingClient c3 = v3("pubres3");
        assertThatThrownBy(() -> c3.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"t\":1}")).send())
                .isInstanceOf(MqttSessionExpiredException.class).hasCauseInstanceOf(ConnectionClosedException.class);
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !c3.getState().isConnected());
        // QoS 0 as well.
        Mqtt3BlockingClient q0 = v3("pubres3q0");
        q0.publishWith().topic("feedline/x").qos(MqttQos.AT_MOST_ONCE).payload(bytes("x")).send();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !q0.getState().isConnected());
    }

    /** The live topics carry every org's data: an anonymous "#" must not see them, nor device traffic. */
    @Test
    void aMultiLevelWildcardDoesNotLeakReservedTopicsToAnonymousClients() throws Exception {
        Api admin = server.admin();
        Api.Response org = admin.post("/api/v1/org/", Map.of("name", "Leak"));
                assertThat(org.status()).isEqualTo(201);
        Api.Response created = admin.post("/api/v1/project/", Map.of("org", "leak", "name", "Plant"));
        assertThat(created.status()).isEqualTo(201);
        String project = created.json().get("slug").asText();
        JsonNode device = admin.post("/api/v1/device/", Map.of("org", "leak", "project", project, "label", "pump")).json();
        String token = device.get("token").asText();
        String apiKey = admin.post("/api/v1/auth/keys/", Map.of("name", "leak-app")).json().get("key").asText();
        String marker = "leak/" + id("r") + "/marker";

        Mqtt5BlockingClient anon = v5("snoop");
        Mqtt5BlockingClient app = MqttClients.v5(port, id("app"));
        app.connectWith().simpleAuth().username("app").password(bytes(apiKey)).applySimpleAuth().send();
        Mqtt5BlockingClient dev = MqttClients.v5(port, id("dev"));
        dev.connectWith().simpleAuth().username(token).applySimpleAuth().send();
        try (var anonIn = anon.publishes(MqttGlobalPublishFilter.ALL); var appIn = app.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            anon.subscribeWith().addSubscription().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("+/+/+/+/+").qos(MqttQos.AT_LEAST_ONCE).applySubscription().send();
            app.subscribeWith().topicFilter("feedline/leak/#").qos(MqttQos.AT_LEAST_ONCE).send();
            dev.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"secret\": 42}")).send();
            // The application sees the point, so the live publish has been handed to every matching subscriber.
            boolean seen = false;
            for (int i = 0; i < 10 && !seen; i++) {
                Mqtt5Publish p = next(appIn);
                seen = !p.getTopic().toString().endsWith("/presence");
            }
            assertThat(seen).isTrue();
            anon.publishWith().topic(marker).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m")).send();
            assertThat(until(anonIn, marker)).extracting(p -> p.getTopic().toString())
                    .noneMatch(t -> t.startsWith("feedline/") || t.startsWith("v1/") || t.startsWith("v2/"));
        } finally {
            dev.disconnect();
            app.disconnect();
            anon.disconnect();
        }
    }

    // 9. WebSocket

    @Test
    void mqttOverWebSocketWorksForBothVersions() throws Exception {
        String topic = "ws/" + id("r");
        Mqtt5BlockingClient ws5 = MqttClients.tcp(wsPort, id("ws5")).webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .useMqttVersion5().buildBlocking();
        Mqtt3BlockingClient ws3 = MqttClients.tcp(wsPort, id("ws3")).webSocketConfig().serverPath("/mqtt").applyWebSocketConfig()
                .useMqttVersion3().buildBlocking();
        Mqtt5BlockingClient tcp = v5("tcp");
        assertThat(ws5.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(ws3.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        try (var in5 = ws5.publishes(MqttGlobalPublishFilter.SUBSCRIBED); var in3 = ws3.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            ws5.subscribeWith().topicFilter(topic + "/#").qos(MqttQos.EXACTLY_ONCE).send();
            ws3.subscribeWith().topicFilter(topic + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
            tcp.publishWith().topic(topic + "/from-tcp").qos(MqttQos.EXACTLY_ONCE).payload(bytes("hello")).send();
            ws3.publishWith().topic(topic + "/from-ws").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("hi")).send();
            assertThat(List.of(next(in5), next(in5))).extracting(MqttClients::text).containsExactly("hello", "hi");
            Mqtt3Publish m3 = next(in3);
            assertThat(text(m3)).isEqualTo("hello");
            assertThat(m3.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(text(next(in3))).isEqualTo("hi");
        } finally {
            ws5.disconnect();
            ws3.disconnect();
            tcp.disconnect();
        }
    }
}
