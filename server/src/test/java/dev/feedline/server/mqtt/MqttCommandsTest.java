package dev.feedline.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.feedline.server.live.LiveClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Server-side RPC from the REST API to an MQTT device, client-side RPC, and the command life cycle. */
class MqttCommandsTest extends MqttFixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private JsonNode send(Map<String, Object> body) {
        var r = f.admin.post("/api/v1/device/" + f.device + "/rpc/", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private String status(long id) { return f.admin.get("/api/v1/rpc/" + id + "/").json().get("status").asText(); }

    private static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        return publishes.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("nothing received"));
    }

    /** The next command with this method; commands other tests left queued for the device may come first. */
    private static Mqtt5Publish receiveCommand(Mqtt5BlockingClient.Mqtt5Publishes publishes, String method) throws Exception {
        for (int i = 0; i < 20; i++) {
            Mqtt5Publish p = receive(publishes);
            if (JSON.readTree(p.getPayloadAsBytes()).path("method").asText().equals(method)) return p;
        }
        throw new AssertionError("no " + method + " command received");
    }

    @Test
    void twoWayCommandReachesTheDeviceAndItsReplyIsStored() throws Exception {
        Mqtt5BlockingClient device = f.device();
        try (var publishes = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            device.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            JsonNode command = send(Map.of("method", "setGpio", "params", Map.of("pin", 23, "value", 1)));
            long id = command.get("id").asLong();
            Mqtt5Publish request = receiveCommand(publishes, "setGpio");
            assertThat(request.getTopic().toString()).isEqualTo("v1/devices/me/rpc/request/" + id);
            JsonNode body = JSON.readTree(request.getPayloadAsBytes());
            assertThat(body.get("method").asText()).isEqualTo("setGpio");
            assertThat(body.get("params").get("pin").asInt()).isEqualTo(23);
            await().atMost(10, TimeUnit.SECONDS).until(() -> status(id).equals("delivered"));

            MqttFixture.publish(device, "v1/devices/me/rpc/response/" + id, "{\"result\": \"ok\"}");
            await().atMost(10, TimeUnit.SECONDS).until(() -> status(id).equals("replied"));
            assertThat(f.admin.get("/api/v1/rpc/" + id + "/").json().get("reply").get("result").asText()).isEqualTo("ok");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void waitAnswersWithTheReply() throws Exception {
        Mqtt5BlockingClient device = f.device();
        try (var publishes = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            device.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            var pending = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    f.admin.post("/api/v1/device/" + f.device + "/rpc/?wait=true", Map.of("method", "getTemp", "timeout", 20000)));
            Mqtt5Publish request = receiveCommand(publishes, "getTemp");
            String id = request.getTopic().getLevels().get(5);
            MqttFixture.publish(device, "v1/devices/me/rpc/response/" + id, "{\"temp\": 21}");
            JsonNode answered = pending.get(20, TimeUnit.SECONDS).json();
            assertThat(answered.get("status").asText()).isEqualTo("replied");
            assertThat(answered.get("reply").get("temp").asInt()).isEqualTo(21);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void commandForAnOfflineDeviceWaitsForItsPersistentSession() throws Exception {
        String clientId = "persistent-" + UUID.randomUUID();
        Mqtt5BlockingClient first = f.device(clientId, false);
        first.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
        // Online first, so that "not online" below means this disconnect was processed.
        await().atMost(10, TimeUnit.SECONDS).until(() -> f.deviceView().get("online").asBoolean());
        first.disconnect();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !f.deviceView().get("online").asBoolean());

        long id = send(Map.of("method", "reboot", "oneway", true, "timeout", 60000)).get("id").asLong();
        assertThat(status(id)).isEqualTo("queued");

        Mqtt5BlockingClient again = f.unconnectedDevice(clientId);
        try (var publishes = again.publishes(MqttGlobalPublishFilter.ALL)) {
            f.connect(again, false);
            // The session kept the subscription: the command arrives without subscribing again.
            Mqtt5Publish request = receiveCommand(publishes, "reboot");
            assertThat(request.getTopic().toString()).isEqualTo("v1/devices/me/rpc/request/" + id);
            await().atMost(10, TimeUnit.SECONDS).until(() -> status(id).equals("delivered"));
        } finally {
            again.disconnect();
        }
    }

    @Test
    void aOneWayCommandIgnoresAReply() throws Exception {
        Mqtt5BlockingClient device = f.device();
        try (var publishes = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            device.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            long id = send(Map.of("method", "restart", "oneway", true)).get("id").asLong();
            receiveCommand(publishes, "restart");
            await().atMost(10, TimeUnit.SECONDS).until(() -> status(id).equals("delivered"));

            // QoS 1: the PUBACK comes once the reply was handled
            MqttFixture.publish(device, "v1/devices/me/rpc/response/" + id, "{\"result\": \"done\"}");
            JsonNode after = f.admin.get("/api/v1/rpc/" + id + "/").json();
            assertThat(after.get("status").asText()).isEqualTo("delivered");
            assertThat(after.get("reply").isNull()).as(after.toString()).isTrue();
        } finally {
            device.disconnect();
        }
    }

    /**
     * A device that connects before it subscribes cannot take a waiting command: it stays queued (no
     * queued → sent → queued flap) until the subscription lets it go out. Every status change is on the
     * live API, in order.
     */
    @Test
    void aWaitingCommandStaysQueuedUntilTheDeviceSubscribes() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> !f.deviceView().get("online").asBoolean());
        String jwt = f.admin.authorization().substring("JWT ".length());
        try (LiveClient live = LiveClient.connect(f.server.baseUrl(), jwt)) {
            live.send("{\"type\":\"subscribe\",\"id\":\"d\",\"device\":\"" + f.device + "\"}");
            live.next(LiveClient.type("subscribed"));
            long id = send(Map.of("method", "calibrate", "timeout", 60000)).get("id").asLong();
            Predicate<JsonNode> ofCommand = m -> "command".equals(m.path("type").asText()) && m.path("command").path("id").asLong() == id;
            List<String> statuses = new ArrayList<>();
            statuses.add(live.next(ofCommand).get("command").get("status").asText());

            Mqtt5BlockingClient device = f.device(); // connected, not subscribed
            try (var publishes = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                live.next(m -> "presence".equals(m.path("type").asText()) && m.path("online").asBoolean());
                // Connecting made the broker offer the command; the device, not subscribed, took nothing.
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> {
                    live.drain(ofCommand).forEach(m -> statuses.add(m.get("command").get("status").asText()));
                    return statuses.equals(List.of("queued"));
                });
                assertThat(status(id)).isEqualTo("queued");

                device.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
                assertThat(receiveCommand(publishes, "calibrate").getTopic().toString()).isEqualTo("v1/devices/me/rpc/request/" + id);
                while (!statuses.contains("delivered")) statuses.add(live.next(ofCommand).get("command").get("status").asText());
                assertThat(statuses).containsExactly("queued", "sent", "delivered");
                MqttFixture.publish(device, "v1/devices/me/rpc/response/" + id, "{\"ok\": true}");
                assertThat(live.next(ofCommand).get("command").get("status").asText()).isEqualTo("replied");
            } finally {
                device.disconnect();
            }
        }
    }

    @Test
    void commandNobodyTakesExpires() {
        long id = send(Map.of("method", "neverTaken", "timeout", 300)).get("id").asLong();
        await().atMost(10, TimeUnit.SECONDS).until(() -> status(id).equals("expired"));
        JsonNode listed = f.admin.get("/api/v1/device/" + f.device + "/rpc/").json();
        assertThat(listed.get("results")).extracting(c -> c.get("id").asLong()).contains(id);
    }

    @Test
    void clientSideRpcGetsAReply() throws Exception {
        Mqtt5BlockingClient device = f.device();
        try (var publishes = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            device.subscribeWith().topicFilter("v1/devices/me/rpc/response/+").qos(MqttQos.AT_LEAST_ONCE).send();
            MqttFixture.publish(device, "v1/devices/me/rpc/request/7", "{\"method\": \"getCurrentTime\", \"params\": {}}");
            Mqtt5Publish reply = receive(publishes);
            assertThat(reply.getTopic().toString()).isEqualTo("v1/devices/me/rpc/response/7");
            assertThat(JSON.readTree(reply.getPayloadAsBytes()).get("time").asLong()).isPositive();
        } finally {
            device.disconnect();
        }
    }
}
