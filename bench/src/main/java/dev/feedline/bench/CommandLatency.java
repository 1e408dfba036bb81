package dev.feedline.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Command latency as a user of a cluster sees it: from the REST call (POST /api/v1/device/{slug}/rpc/) on one node
 * to the PUBLISH received by the device, which is connected straight to a given node (not through HAProxy, so
 * which node holds it is known). Commands go one at a time; the device answers each, as a ThingsBoard device does,
 * so none waits behind another.
 */
final class CommandLatency implements AutoCloseable {
    private static final String REQUESTS = "v1/devices/me/rpc/request/";
    private final Fleet.Device device;
    private final Mqtt5AsyncClient mqtt;
    /** Topic and arrival time of each request the device received. */
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();

    private record Arrival(String topic, long nanos) {}

    private CommandLatency(Fleet.Device device, Mqtt5AsyncClient mqtt) {
        this.device = device;
        this.mqtt = mqtt;
    }

    /** Connects the device to the broker at port and subscribes to its requests. */
    static CommandLatency connect(Fleet.Device device, int mqttPort) {
        Mqtt5AsyncClient mqtt = MqttClient.builder().useMqttVersion5().identifier("commands-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(mqttPort).simpleAuth().username(device.token()).applySimpleAuth().buildAsync();
        CommandLatency c = new CommandLatency(device, mqtt);
        mqtt.publishes(MqttGlobalPublishFilter.ALL, p -> c.arrivals.add(new Arrival(p.getTopic().toString(), System.nanoTime())));
        mqtt.connect().join();
        mqtt.subscribeWith().topicFilter(REQUESTS + "+").qos(MqttQos.AT_LEAST_ONCE).send().join();
        return c;
    }

    /**
     * Sends commands through via until one arrives within 200 ms (the node holding the device claims it in the
     * registry just after the connection, on a thread of its own), at most 10 s; then lets stragglers arrive.
     */
    void awaitRoutable(RestClient via) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            send(via);
            if (arrivals.poll(200, TimeUnit.MILLISECONDS) != null) break;
            if (System.nanoTime() > deadline) throw new IllegalStateException("no command reached " + device.slug() + " within 10 s");
        }
        while (arrivals.poll(300, TimeUnit.MILLISECONDS) != null) {
            // the other warm-up commands
        }
    }

    /** One command through via: nanoseconds from the REST call to the device's PUBLISH. */
    long time(RestClient via) throws InterruptedException {
        long start = System.nanoTime();
        long id = send(via);
        String expected = REQUESTS + id;
        long deadline = start + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Arrival a = arrivals.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (a == null) throw new IllegalStateException("command " + id + " did not reach " + device.slug() + " within 10 s");
            if (a.topic().equals(expected)) {
                mqtt.publishWith().topic("v1/devices/me/rpc/response/" + id).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)).send();
                return a.nanos() - start;
            }
            // a late warm-up command: not this one
        }
    }

    private long send(RestClient via) {
        return via.post("/api/v1/device/" + device.slug() + "/rpc/", RestClient.JSON.createObjectNode().put("method", "ping")
                .put("timeout", 20_000).set("params", RestClient.JSON.createObjectNode())).get("id").asLong();
    }

    @Override
    public void close() { mqtt.disconnect(); }
}
