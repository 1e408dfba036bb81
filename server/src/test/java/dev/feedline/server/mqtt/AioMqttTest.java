package dev.feedline.server.mqtt;

import static dev.feedline.server.mqtt.MqttClients.bytes;
import static dev.feedline.server.mqtt.MqttClients.id;
import static dev.feedline.server.mqtt.MqttClients.next;
import static dev.feedline.server.mqtt.MqttClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.feedline.json.Json;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import dev.feedline.server.api.AioClient;
import dev.feedline.server.api.Seed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Adafruit IO MQTT dialect with real clients: MQTT 3.1.1 as the Adafruit libraries speak it, and
 * MQTT 5 where reason codes matter. Each test has its own user; the data rate limit is small so the
 * throttle can be reached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AioMqttTest {
    private static final int RATE_LIMIT = 15;
    @TempDir
    static Path dir;
    private TestServer server;
    private Api admin;
    private String org;
    private int port;

    /** A Feedline user as an Adafruit IO client sees it. */
    private record Io(String username, String key, AioClient rest) {}

    @BeforeAll
    void start() throws Exception {
        port = FreePorts.next();
        server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(port), "mqtt.host", "127.0.0.1", "mqtt.anonymous", "true",
                "aio.rate.limit.per.minute", Integer.toString(RATE_LIMIT)));
        admin = server.admin();
        org = Seed.org(admin);
    }

    @AfterAll
    void stop() { server.close(); }

    private Io user() {
        Seed.Member m = Seed.member(admin, server.anonymous(), org, "member");
        String key = m.api().post("/api/v1/auth/keys/", Map.of("name", "aio")).json().get("key").asText();
        return new Io(m.username(), key, new AioClient(server.anonymous().base(), m.username(), key));
    }

    private Mqtt3BlockingClient v3(Io io) {
        Mqtt3BlockingClient c = MqttClients.v3(port, id("aio3"));
        c.connectWith().simpleAuth().username(io.username()).password(bytes(io.key())).applySimpleAuth().send();
        return c;
    }

    private Mqtt5BlockingClient v5(Io io) {
        Mqtt5BlockingClient c = MqttClients.v5(port, id("aio5"));
        c.connectWith().simpleAuth().username(io.username()).password(bytes(io.key())).applySimpleAuth().send();
        return c;
    }

    private static void publish(Mqtt3BlockingClient c, String topic, String payload) {
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(payload)).send();
    }

    private static void subscribe(Mqtt3BlockingClient c, String filter) {
        assertThat(c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReturnCodes())
                .as("SUBACK for " + filter).containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
    }

    private static JsonNode last(Io io, String feed) {
        Api.Response r = io.rest().get("/feeds/" + feed + "/data/last");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Messages received until none arrives for a moment, by topic. */
    private static Map<String, String> drain(Mqtt3BlockingClient.Mqtt3Publishes publishes, int atLeast) throws InterruptedException {
        Map<String, String> got = new HashMap<>();
        while (got.size() < atLeast) {
            Mqtt3Publish p = next(publishes);
            got.put(p.getTopic().toString(), text(p));
        }
        Optional<Mqtt3Publish> more;
        while ((more = publishes.receive(300, TimeUnit.MILLISECONDS)).isPresent()) got.put(more.get().getTopic().toString(), text(more.get()));
        return got;
    }

    @Test
    void theKeyMustBeTheUsernamesOwn() {
        Io alice = user();
        Io bob = user();
        v3(alice).disconnect();
        assertThatThrownBy(() -> MqttClients.v3(port, id("wrong")).connectWith().simpleAuth().username(alice.username())
                .password(bytes(bob.key())).applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        assertThatThrownBy(() -> MqttClients.v3(port, id("bad")).connectWith().simpleAuth().username(alice.username())
                .password(bytes("fak_not-a-key")).applySimpleAuth().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        // Another user's resource topics are not theirs to read.
        Mqtt3BlockingClient a = v3(alice);
        assertThatThrownBy(() -> a.subscribeWith().topicFilter(bob.username() + "/f/#").qos(MqttQos.AT_LEAST_ONCE).send())
                .isInstanceOfSatisfying(Mqtt3SubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE));
        a.disconnect();
    }

    @Test
    void rawJsonAndCsvPublishesAreStoredAndVisibleInBothApis() {
        Io io = user();
        Mqtt3BlockingClient c = v3(io);
        String u = io.username();
        publish(c, u + "/feeds/temp", "22.587"); // unknown feed: created
        assertThat(last(io, "temp").get("value").asText()).isEqualTo("22.587");
        publish(c, u + "/f/temp/json", "{\"value\": 23.5, \"lat\": 38.1, \"lon\": -91.2, \"ele\": 112}");
        JsonNode json = last(io, "temp");
        assertThat(json.get("value").asText()).isEqualTo("23.5");
        assertThat(json.get("lat").asDouble()).isEqualTo(38.1);
        assertThat(json.get("ele").asDouble()).isEqualTo(112);
        publish(c, u + "/f/temp/csv", "\"21.50\",4.0712800000e+01,0.000000,0.00"); // Arduino on AVR
        JsonNode arduino = last(io, "temp");
        assertThat(arduino.get("value").asText()).isEqualTo("21.5");
        assertThat(arduino.get("lat").asDouble()).isEqualTo(40.7128);
        publish(c, u + "/f/temp/csv", "42,40.72, -74.00, -6"); // CircuitPython
        JsonNode circuitPython = last(io, "temp");
        assertThat(circuitPython.get("value").asText()).isEqualTo("42");
        assertThat(circuitPython.get("lon").asDouble()).isEqualTo(-74.0);
        assertThat(circuitPython.get("ele").asDouble()).isEqualTo(-6);
        publish(c, u + "/feeds/notes", "{\"colour\": \"red\"}"); // no "value": verbatim text
        assertThat(last(io, "notes").get("value").asText()).isEqualTo("{\"colour\": \"red\"}");
        publish(c, u + "/feeds/notes/json", "{\"value\": {\"a\": [1, 2]}}");
        assertThat(last(io, "notes").get("value").asText()).isEqualTo("{\"a\":[1,2]}");
        publish(c, u + "/feeds/notes", "\"\\\"quoted\\\"\""); // double-encoded string
        assertThat(last(io, "notes").get("value").asText()).isEqualTo("\"quoted\"");
        publish(c, u + "/feeds/kitchen.humidity", "55"); // group.feed: group and feed created
        assertThat(last(io, "kitchen.humidity").get("value").asText()).isEqualTo("55");
        assertThat(io.rest().get("/groups/kitchen").status()).isEqualTo(200);
        c.disconnect();

        Api native_ = server.anonymous().as("Token " + io.key());
        String slug = null;
        for (JsonNode s : native_.get("/api/v1/stream/?virtual=1").json().get("results")) {
            if (s.get("data_label").asText().equals("temp")) slug = s.get("slug").asText();
        }
        assertThat(slug).isNotNull();
        JsonNode v1 = native_.get("/api/v1/data/?filter=" + slug).json().get("results");
        assertThat(v1).hasSize(4);
    }

    @Test
    void groupPublishesWriteEachFeedAndCreateMissingOnes() {
        Io io = user();
        Mqtt3BlockingClient c = v3(io);
        String u = io.username();
        publish(c, u + "/groups/weather", "{\"feeds\": {\"temp\": 20.5, \"hum\": \"55\"}, \"location\": {\"lat\": 1.5, \"lon\": 2.5}}");
        assertThat(last(io, "weather.temp").get("value").asText()).isEqualTo("20.5");
        assertThat(last(io, "weather.temp").get("lat").asDouble()).isEqualTo(1.5);
        assertThat(last(io, "weather.hum").get("value").asText()).isEqualTo("55");
        publish(c, u + "/g/weather/csv", "temp,19\nwind,3\n"); // Arduino: key,value lines, trailing newline
        assertThat(last(io, "weather.temp").get("value").asText()).isEqualTo("19");
        assertThat(last(io, "weather.wind").get("value").asText()).isEqualTo("3");
        c.disconnect();
    }

    @Test
    void aRefusedPublishCreatesNoFeedOrGroup() {
        Io io = user();
        String u = io.username();
        String tooLong = "x".repeat(20_000);
        Mqtt5BlockingClient v5 = v5(io);
        // A group publish with one invalid value: neither the unknown group nor the other value's feed is created.
        MqttClients.assertPubAckRefused(v5, u + "/groups/porch", "{\"feeds\": {\"light\": 1, \"note\": \"" + tooLong + "\"}}",
                Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        // An existing group: its new member is not created either.
        assertThat(io.rest().form("/groups", Map.of("name", "Shed")).status()).isEqualTo(201);
        MqttClients.assertPubAckRefused(v5, u + "/groups/shed", "{\"feeds\": {\"light\": 1, \"note\": \"" + tooLong + "\"}}",
                Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        MqttClients.assertPubAckRefused(v5, u + "/feeds/attic.light", tooLong, Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(io.rest().get("/groups/porch").status()).isEqualTo(404);
        assertThat(io.rest().get("/groups/attic").status()).isEqualTo(404);
        assertThat(io.rest().get("/groups/shed").json().get("feeds")).isEmpty();
        assertThat(io.rest().get("/feeds").json()).isEmpty();

        // The same publishes, valid, create them with their values.
        v5.publishWith().topic(u + "/groups/porch").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("{\"feeds\": {\"light\": 1, \"note\": \"hi\"}}")).send();
        assertThat(last(io, "porch.note").get("value").asText()).isEqualTo("hi");
        assertThat(io.rest().get("/groups/porch").json().get("feeds")).extracting(f -> f.get("key").asText())
                .containsExactlyInAnyOrder("porch.light", "porch.note");
        v5.disconnect();
    }

    @Test
    void everyCommittedValueGoesOutOnEveryTopicForm() throws Exception {
        Io io = user();
        String u = io.username();
        io.rest().post("/feeds", "{\"name\": \"door\"}");
        Mqtt3BlockingClient all = v3(io);
        Mqtt3BlockingClient.Mqtt3Publishes allMessages = all.publishes(MqttGlobalPublishFilter.ALL);
        subscribe(all, u + "/f/#");
        subscribe(all, u + "/feeds/#");
        Mqtt3BlockingClient csv = v3(io);
        Mqtt3BlockingClient.Mqtt3Publishes csvMessages = csv.publishes(MqttGlobalPublishFilter.ALL);
        subscribe(csv, u + "/f/door/csv");

        // Through REST v2: the MQTT subscribers see it.
        assertThat(io.rest().post("/feeds/door/data", "{\"value\": \"open\", \"lat\": 1.25}").status()).isEqualTo(200);
        Map<String, String> got = drain(allMessages, 6);
        assertThat(got).containsEntry(u + "/f/door", "open").containsEntry(u + "/feeds/door", "open")
                .containsEntry(u + "/f/door/csv", "open,1.25,,").containsEntry(u + "/feeds/door/csv", "open,1.25,,");
        JsonNode json = Json.parse(bytes(got.get(u + "/f/door/json")));
        assertThat(json.get("value").asText()).isEqualTo("open");
        assertThat(json.get("lat").asDouble()).isEqualTo(1.25);
        assertThat(got).hasSize(6);
        Mqtt3Publish line = next(csvMessages);
        assertThat(line.getTopic().toString()).isEqualTo(u + "/f/door/csv");
        assertThat(text(line)).isEqualTo("open,1.25,,");

        // Through MQTT: numbers go out as strings, the publisher gets its value back like everyone.
        publish(all, u + "/f/door", "12.50");
        assertThat(drain(allMessages, 6)).containsEntry(u + "/feeds/door", "12.5");

        // Through the native API, on the feed's stream.
        Api native_ = server.anonymous().as("Token " + io.key());
        String slug = null;
        for (JsonNode s : native_.get("/api/v1/stream/?virtual=1").json().get("results")) {
            if (s.get("data_label").asText().equals("door")) slug = s.get("slug").asText();
        }
        assertThat(native_.post("/api/v1/data/", Seed.point(slug, java.time.Instant.now().plusSeconds(1).toString(), 3)).status()).isEqualTo(201);
        assertThat(drain(allMessages, 6)).containsEntry(u + "/f/door", "3").containsEntry(u + "/f/door/csv", "3,,,");
        all.disconnect();
        csv.disconnect();
    }

    @Test
    void groupSubscribersGetOnlyTheFeedsThatChanged() throws Exception {
        Io io = user();
        String u = io.username();
        Mqtt3BlockingClient c = v3(io);
        Mqtt3BlockingClient.Mqtt3Publishes messages = c.publishes(MqttGlobalPublishFilter.ALL);
        // Subscribed before the group publish: its fan-out runs after the PUBACK, so it is taken here
        // rather than racing with (and being mistaken for) the update below.
        subscribe(c, u + "/g/garden");
        subscribe(c, u + "/groups/garden/csv");
        publish(c, u + "/groups/garden", "{\"feeds\": {\"soil\": 1, \"light\": 2}}");
        drain(messages, 2);
        assertThat(io.rest().post("/feeds/garden.soil/data", "{\"value\": 7}").status()).isEqualTo(200);
        Map<String, String> got = drain(messages, 2);
        assertThat(Json.parse(bytes(got.get(u + "/g/garden"))).toString()).isEqualTo("{\"feeds\":{\"soil\":\"7\"}}");
        assertThat(got).containsEntry(u + "/groups/garden/csv", "soil,7\n").hasSize(2);
        c.disconnect();
    }

    @Test
    void getResendsTheLatestValueToThatClientOnly() throws Exception {
        Io io = user();
        String u = io.username();
        Mqtt3BlockingClient asker = v3(io);
        Mqtt3BlockingClient other = v3(io);
        Mqtt3BlockingClient.Mqtt3Publishes answers = asker.publishes(MqttGlobalPublishFilter.ALL);
        Mqtt3BlockingClient.Mqtt3Publishes othersMessages = other.publishes(MqttGlobalPublishFilter.ALL);
        // Both subscribe before "ON" is published and take its fan-out (sent after the PUBACK), so the
        // only message left to come is the /get answer, and the check on "other" tests just that.
        subscribe(asker, u + "/f/lamp/csv");
        subscribe(other, u + "/f/lamp/csv");
        publish(asker, u + "/f/lamp", "ON");
        assertThat(text(next(answers))).isEqualTo("ON,,,");
        assertThat(text(next(othersMessages))).isEqualTo("ON,,,");
        publish(asker, u + "/f/lamp/csv/get", "\0"); // Arduino sends a NUL byte
        Mqtt3Publish answer = next(answers);
        assertThat(answer.getTopic().toString()).isEqualTo(u + "/f/lamp/csv");
        assertThat(text(answer)).isEqualTo("ON,,,");
        assertThat(othersMessages.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        assertThat(io.rest().get("/feeds/lamp/data").json()).hasSize(1); // /get stores nothing

        // A group's /get answers with every member's newest value.
        subscribe(asker, u + "/g/room/csv");
        publish(asker, u + "/groups/room", "{\"feeds\": {\"a\": 1, \"b\": \"x\"}}");
        assertThat(next(answers).getTopic().toString()).as("the group's own fan-out").isEqualTo(u + "/g/room/csv");
        publish(asker, u + "/g/room/csv/get", "");
        Mqtt3Publish group = next(answers);
        assertThat(group.getTopic().toString()).isEqualTo(u + "/g/room/csv");
        assertThat(text(group)).isEqualTo("a,1\nb,x\n");
        asker.disconnect();
        other.disconnect();
    }

    @Test
    void timeTopicsTickEverySecond() throws Exception {
        Io io = user();
        Mqtt3BlockingClient c = v3(io);
        Mqtt3BlockingClient.Mqtt3Publishes messages = c.publishes(MqttGlobalPublishFilter.ALL);
        long before = System.currentTimeMillis();
        // By name, as Adafruit IO clients subscribe: wildcards do not get the time (MqttOpenNamespaceTest).
        for (String t : List.of("time/seconds", "time/millis", "time/ISO-8601")) c.subscribeWith().topicFilter(t).qos(MqttQos.AT_MOST_ONCE).send();
        Map<String, String> got = new HashMap<>();
        while (!got.keySet().containsAll(List.of("time/seconds", "time/millis", "time/ISO-8601"))) {
            Mqtt3Publish p = next(messages);
            got.put(p.getTopic().toString(), text(p));
        }
        long after = System.currentTimeMillis();
        // Ticked between subscribing and the last message; 2 s of slack for a tick just before the SUBACK.
        assertThat(Long.parseLong(got.get("time/seconds"))).isBetween(before / 1000 - 2, after / 1000 + 2);
        assertThat(Long.parseLong(got.get("time/millis"))).isBetween(before - 2000, after + 2000);
        assertThat(got.get("time/ISO-8601")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        c.disconnect();
    }

    @Test
    void overTheRateLimitValuesAreDroppedAndTheThrottleTopicSaysSo() throws Exception {
        Io io = user();
        String u = io.username();
        Mqtt3BlockingClient c = v3(io);
        Mqtt3BlockingClient.Mqtt3Publishes messages = c.publishes(MqttGlobalPublishFilter.ALL);
        subscribe(c, u + "/throttle");
        for (int i = 0; i <= RATE_LIMIT; i++) publish(c, u + "/f/busy", Integer.toString(i));
        Mqtt3Publish notice = next(messages);
        assertThat(notice.getTopic().toString()).isEqualTo(u + "/throttle");
        assertThat(text(notice)).matches(u + " data rate limit reached, \\d+ seconds until throttle released");
        assertThat(io.rest().get("/feeds/busy/data").json()).hasSize(RATE_LIMIT);
        assertThat(c.getState().isConnected()).isTrue();
        c.disconnect();

        Mqtt5BlockingClient v5 = v5(io);
        MqttClients.assertPubAckRefused(v5, u + "/f/busy", "1", Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        v5.disconnect();
    }

    @Test
    void invalidTopicsAndPayloadsAreReportedOnTheErrorsTopic() throws Exception {
        Io io = user();
        String u = io.username();
        Mqtt3BlockingClient c = v3(io);
        Mqtt3BlockingClient.Mqtt3Publishes messages = c.publishes(MqttGlobalPublishFilter.ALL);
        subscribe(c, u + "/errors");
        publish(c, u + "/bogus/thing", "1");
        Mqtt3Publish error = next(messages);
        assertThat(error.getTopic().toString()).isEqualTo(u + "/errors");
        assertThat(text(error)).matches("\\S+ 127\\.0\\.0\\.1 PUBLISH " + u + "/bogus/thing rejected, not a valid resource topic");
        assertThat(c.getState().isConnected()).isTrue();
        c.disconnect();

        Mqtt5BlockingClient v5 = v5(io);
        MqttClients.assertPubAckRefused(v5, u + "/f/level/csv", "5,north", Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        MqttClients.assertPubAckRefused(v5, u + "/g/yard/json", "{\"feeds\": {\"a\": 1}}xyz", Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        MqttClients.assertPubAckRefused(v5, u + "/f/level/json", "{\"value\": 1} xyz", Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        MqttClients.assertPubAckRefused(v5, u + "/f/level", "a\u0000b", Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        // bytes that are not UTF-8 are refused, not stored as U+FFFD
        MqttClients.assertPubAckRefused(v5, u + "/f/level", new byte[] {'a', (byte) 0xff, 'b'}, Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(io.rest().get("/groups/yard").status()).isEqualTo(404);
        assertThat(io.rest().get("/feeds/level").status()).isEqualTo(404);
        MqttClients.assertPubAckRefused(v5, u + "/throttle", "fake", Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
        v5.disconnect();
    }

    @Test
    void qos2IsRefusedForPublishesAndDowngradedForSubscriptions() throws Exception {
        Io io = user();
        String u = io.username();
        Mqtt5BlockingClient v5 = v5(io);
        assertThat(v5.subscribeWith().topicFilter(u + "/f/q2").qos(MqttQos.EXACTLY_ONCE).send().getReasonCodes())
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThatThrownBy(() -> v5.publishWith().topic(u + "/f/q2").qos(MqttQos.EXACTLY_ONCE).payload(bytes("1")).send())
                .isInstanceOfSatisfying(Mqtt5PubRecException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.IMPLEMENTATION_SPECIFIC_ERROR));
        assertThat(io.rest().get("/feeds/q2").status()).isEqualTo(404);
        v5.disconnect();
    }

    @Test
    void anonymousClientsNeitherReadNorWriteUsersAdafruitTopics() throws Exception {
        Io io = user();
        String u = io.username();
        Mqtt5BlockingClient anon = MqttClients.v5(port, id("anon"));
        anon.connect();
        Mqtt5BlockingClient.Mqtt5Publishes seen = anon.publishes(MqttGlobalPublishFilter.ALL);
        for (String filter : List.of(u + "/f/#", u + "/feeds/temp/csv", "+/groups/#", "+/throttle", u + "/errors")) {
            assertThatThrownBy(() -> anon.subscribeWith().topicFilter(filter).send()).as(filter)
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        }
        anon.subscribeWith().topicFilter("#").send();
        assertThat(io.rest().post("/feeds/secret/data", "{\"value\": 1}").status()).isEqualTo(200);
        String marker = "open/" + id("m");
        anon.publishWith().topic(marker).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x")).send();
        List<String> topics = new ArrayList<>();
        for (Mqtt5Publish p : MqttClients.until(seen, marker)) topics.add(p.getTopic().toString());
        assertThat(topics).noneMatch(t -> t.startsWith(u + "/"));
        // Time is public data, but nobody but the server may publish it.
        assertThatThrownBy(() -> anon.publishWith().topic("time/seconds").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("0")).send())
                .isInstanceOf(Mqtt5PubAckException.class);

        Mqtt5BlockingClient writer = MqttClients.v5(port, id("anon-w"));
        writer.connect();
        MqttClients.assertPubAckRefused(writer, u + "/f/secret", "9", Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(last(io, "secret").get("value").asText()).isEqualTo("1");
    }
}
