package dev.feedline.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import dev.feedline.server.Api;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Paced ingest through HAProxy for the resilience tests: MQTT 5 devices (QoS 1, automatic reconnect) and one HTTP
 * writer, each point with a timestamp of its own. A point is resent (same timestamp) until it is acknowledged, as
 * a device would; every acknowledged timestamp is recorded, so the store can be checked against it afterwards.
 */
final class IngestLoad implements AutoCloseable {
    /** Every writer's points are 1 ms apart from this start, so each timestamp names one point. */
    private final long base = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
    private final ScheduledExecutorService pace;
    private final List<Writer> writers = new ArrayList<>();

    /** Who wrote, how: its device token (the stream is found from it) and what the client saw. */
    static final class Writer {
        final String name;
        final String token;
        final String deviceSlug;
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        /** Points sent more than once: only these may be stored twice (QoS 1 redelivery of an unacknowledged publish). */
        final Set<Long> resent = ConcurrentHashMap.newKeySet();
        final AtomicLong attempts = new AtomicLong();
        final AtomicLong sequence = new AtomicLong();
        final List<Integer> disconnectReasons = new CopyOnWriteArrayList<>();
        final AtomicLong reconnects = new AtomicLong();
        /** When the attempt in progress started (System.nanoTime), 0 between attempts; and how the last ones ended. */
        volatile long attemptStarted;
        final java.util.Deque<String> outcomes = new java.util.concurrent.ConcurrentLinkedDeque<>();
        Mqtt5AsyncClient mqtt;
        /** The point to send again on the next tick, or -1; only the writer's own (single) scheduled task touches it. */
        long pending = -1;

        Writer(String name, String token, String deviceSlug) {
            this.name = name;
            this.token = token;
            this.deviceSlug = deviceSlug;
        }

        long acknowledgedCount() { return acknowledged.size(); }

        void outcome(String what) {
            outcomes.addLast(String.format("%.3f s: %s", (System.nanoTime() - attemptStarted) / 1e9, what));
            attemptStarted = 0;
            while (outcomes.size() > 5) outcomes.pollFirst();
        }
    }

    private IngestLoad(int writers) {
        this.pace = Executors.newScheduledThreadPool(writers);
    }

    /**
     * Starts {@code mqttDevices} MQTT 5 devices connected through HAProxy and one HTTP writer, each sending a point every
     * {@code period}; devices are created through the admin API.
     */
    static IngestLoad start(ClusterHarness cluster, Api admin, int mqttDevices, Duration period) {
        IngestLoad load = new IngestLoad(mqttDevices + 1);
        for (int i = 0; i < mqttDevices; i++) {
            String[] device = newDevice(admin);
            Writer w = new Writer("mqtt-" + i, device[1], device[0]);
            w.mqtt = MqttClient.builder().useMqttVersion5().identifier("load-" + i + "-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(cluster.lbMqttPort())
                    .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect()
                    .addDisconnectedListener(ctx -> {
                        if (ctx.getCause() instanceof Mqtt5DisconnectException d) {
                            w.disconnectReasons.add(d.getMqttMessage().getReasonCode().getCode());
                        }
                    })
                    .addConnectedListener(ctx -> w.reconnects.incrementAndGet())
                    .simpleAuth().username(w.token).applySimpleAuth()
                    .buildAsync();
            w.mqtt.connect().join();
            load.writers.add(w);
        }
        String[] device = newDevice(admin);
        load.writers.add(new Writer("http", device[1], device[0]));
        for (Writer w : load.writers) {
            Api api = new Api(cluster.lbUrl(), null);
            load.pace.scheduleWithFixedDelay(() -> {
                try {
                    load.sendNext(w, api);
                } catch (RuntimeException | Error e) {
                    w.outcome("the writer failed: " + e); // shown by a stall report; the writer goes on at the next tick
                }
            }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return load;
    }

    private static String[] newDevice(Api admin) {
        String org = admin.post("/api/v1/org/", Map.of("name", "load-" + UUID.randomUUID().toString().substring(0, 8))).json().get("slug").asText();
        String project = admin.post("/api/v1/project/", Map.of("org", org, "name", "P")).json().get("slug").asText();
        JsonNode d = admin.post("/api/v1/device/", Map.of("org", org, "project", project)).json();
        return new String[] {d.get("slug").asText(), d.get("token").asText()};
    }

    /**
     * Sends the writer's next point, or again the one not acknowledged on the previous tick: a device resends an
     * unacknowledged point, at its own pace, until it is acknowledged.
     */
    private void sendNext(Writer w, Api api) {
        long ts;
        if (w.pending >= 0) {
            ts = w.pending;
            w.resent.add(ts);
        } else {
            ts = base + w.sequence.getAndIncrement();
        }
        w.attempts.incrementAndGet();
        w.attemptStarted = System.nanoTime();
        if (send(w, api, "{\"ts\":" + ts + ",\"values\":{\"v\":" + (ts - base) + "}}")) {
            w.acknowledged.add(ts);
            w.pending = -1;
        } else {
            w.pending = ts;
        }
    }

    private static boolean send(Writer w, Api api, String body) {
        try {
            if (w.mqtt == null) {
                int status = api.post("/api/v1/" + w.token + "/telemetry", body).status();
                w.outcome("HTTP " + status);
                return status == 200;
            }
            // While the client reconnects, the publish waits in its queue; the bound lets a lost one be sent again.
            var ack = w.mqtt.publishWith().topic("v1/devices/me/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(body.getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
            return ack.getError().isEmpty();
        } catch (Exception | AssertionError e) {
            // Refused, reset, timed out or a session ended: not acknowledged, so sent again. Api reports a failed
            // exchange (a connection reset by a node killed mid-request) as an AssertionError: caught too, or it
            // would end this writer's scheduled task for good (a task that throws is never run again).
            w.outcome(e.toString());
            return false;
        }
    }

    List<Writer> writers() { return writers; }

    long acknowledged() { return writers.stream().mapToLong(Writer::acknowledgedCount).sum(); }

    /** The least acknowledged count of any writer: every writer is making progress while it grows. */
    long slowestAcknowledged() { return writers.stream().mapToLong(Writer::acknowledgedCount).min().orElse(0); }

    /** Stops sending (a point being sent is finished or abandoned unacknowledged); waits at most 30 s. */
    void stop() throws InterruptedException {
        pace.shutdown();
        pace.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** What the store holds for a writer: timestamp (ms) to how many times it is stored, with the values checked. */
    static Map<Long, Integer> stored(Api admin, Writer w, long base) {
        String stream = admin.get("/api/v1/stream/?device=" + w.deviceSlug).json().get("results").get(0).get("slug").asText();
        Map<Long, Integer> counts = new HashMap<>();
        for (int page = 1; ; page++) {
            Api.Response r = admin.get("/api/v1/data/?filter=" + stream + "&page_size=1000&page=" + page);
            if (r.status() != 200) throw new AssertionError("reading " + stream + ": " + r);
            for (JsonNode p : r.json().get("results")) {
                long ts = Instant.parse(p.get("timestamp").asText()).toEpochMilli();
                if (p.get("value").asLong() != ts - base) throw new AssertionError("point at " + ts + " has value " + p.get("value") + " in " + stream);
                counts.merge(ts, 1, Integer::sum);
            }
            if (r.json().get("next").isNull()) return counts;
        }
    }

    long base() { return base; }

    @Override
    public void close() throws InterruptedException {
        pace.shutdownNow();
        for (Writer w : writers) {
            if (w.mqtt != null) w.mqtt.disconnect();
        }
    }
}
