package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the open-namespace broker tests. Every wait is bounded. */
final class MqttClients {
    static final long TIMEOUT_SECONDS = 10;

    private MqttClients() {}

    static String id(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

    static MqttClientBuilder tcp(int port, String id) {
        return MqttClient.builder().identifier(id).serverHost("127.0.0.1").serverPort(port);
    }

    static Mqtt5BlockingClient v5(int port, String id) { return tcp(port, id).useMqttVersion5().buildBlocking(); }

    static Mqtt3BlockingClient v3(int port, String id) { return tcp(port, id).useMqttVersion3().buildBlocking(); }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** Publishes at QoS 1 and asserts the broker refused it with this PUBACK reason code. */
    static void assertPubAckRefused(Mqtt5BlockingClient client, String topic, String payload,
                                    com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode code) {
        assertPubAckRefused(client, topic, bytes(payload), code);
    }

    static void assertPubAckRefused(Mqtt5BlockingClient client, String topic, byte[] payload,
                                    com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode code) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.publishWith().topic(topic)
                        .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE).payload(payload).send())
                .as(topic).isInstanceOfSatisfying(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(code));
    }

    static String text(Mqtt5Publish p) { return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8); }

    static String text(Mqtt3Publish p) { return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8); }

    static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> p = publishes.receive(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(p).as("a message within %ss", TIMEOUT_SECONDS).isPresent();
        return p.get();
    }

    static Mqtt3Publish next(Mqtt3BlockingClient.Mqtt3Publishes publishes) throws InterruptedException {
        Optional<Mqtt3Publish> p = publishes.receive(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(p).as("a message within %ss", TIMEOUT_SECONDS).isPresent();
        return p.get();
    }

    /** Everything received up to and including the first message on markerTopic. */
    static List<Mqtt5Publish> until(Mqtt5BlockingClient.Mqtt5Publishes publishes, String markerTopic) throws InterruptedException {
        List<Mqtt5Publish> got = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Mqtt5Publish p = next(publishes);
            got.add(p);
            if (p.getTopic().toString().equals(markerTopic)) return got;
        }
        throw new AssertionError("no marker on " + markerTopic + " among " + got.size() + " messages");
    }

    /**
     * A connection by hand: a minimal CONNECT (MQTT 3.1.1 or 5, clean session) with a QoS 1 will,
     * then the CONNACK is read. Closing the socket drops the connection without a DISCONNECT.
     */
    static Socket rawConnectWithWill(int port, int protocolLevel, String clientId, String willTopic, String willPayload) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, bytes("MQTT"));
        body.write(protocolLevel);
        body.write(0x02 | 0x04 | 0x08); // clean session, will flag, will QoS 1
        body.write(0);
        body.write(60); // keep alive 60 s
        if (protocolLevel == 5) body.write(0); // no CONNECT properties
        string(body, bytes(clientId));
        if (protocolLevel == 5) body.write(0); // no will properties
        string(body, bytes(willTopic));
        string(body, bytes(willPayload));
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        OutputStream out = s.getOutputStream();
        out.write(0x10);
        writeLength(out, body.size());
        body.writeTo(out);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        assertThat(in.readUnsignedByte()).as("CONNACK packet type").isEqualTo(0x20);
        int length = readLength(in);
        byte[] connack = new byte[length];
        in.readFully(connack);
        assertThat(connack[1]).as("CONNACK return/reason code").isEqualTo((byte) 0);
        return s;
    }

    /** Drops the connection abruptly: a TCP reset, no DISCONNECT. */
    static void drop(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    private static void string(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    private static void writeLength(OutputStream out, int length) throws IOException {
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }

    private static int readLength(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }
}
