package dev.feedline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices that behave as the rolling restart needs to be judged: MQTT 5, QoS 1, automatic reconnect (100 ms – 1 s),
 * one point per period, each point with a timestamp of its own and resent with the same timestamp until it is
 * acknowledged. Every acknowledged timestamp is remembered, so the store can be checked against it afterwards:
 * an acknowledged point missing is lost, a point stored twice that was never resent is a duplicate Feedline made.
 */
final class ResendingDevices implements AutoCloseable {
    /** Each device's points are 1 ms apart from this start, so a timestamp names one point. */
    private final long base = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
    private final ScheduledExecutorService pace;
    private final List<Device> devices = new ArrayList<>();

    /** One device: what it sent and what it was told. Only its own scheduled task sends, so {@code pending} needs no lock. */
    static final class Device {
        final Fleet.Device identity;
        final Mqtt5AsyncClient mqtt;
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<Long> resent = ConcurrentHashMap.newKeySet();
        final AtomicLong publishes = new AtomicLong();
        final AtomicLong sequence = new AtomicLong();
        final AtomicLong connects = new AtomicLong();
        final Map<Integer, Long> disconnectReasons = new ConcurrentHashMap<>();
        long pending = -1;
        long lastAckNanos = System.nanoTime();
        long longestGapNanos;

        Device(Fleet.Device identity, String host, int port) {
            this.identity = identity;
            this.mqtt = MqttClient.builder().useMqttVersion5().identifier("restart-" + UUID.randomUUID())
                    .serverHost(host).serverPort(port)
                    .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect()
                    .addConnectedListener(ctx -> connects.incrementAndGet())
                    .addDisconnectedListener(ctx -> {
                        int code = ctx.getCause() instanceof Mqtt5DisconnectException d ? d.getMqttMessage().getReasonCode().getCode() : -1;
                        disconnectReasons.merge(code, 1L, Long::sum);
                    })
                    .simpleAuth().username(identity.token()).applySimpleAuth()
                    .buildAsync();
        }
    }

    private ResendingDevices(int devices) { this.pace = Executors.newScheduledThreadPool(devices); }

    /** Connects every device of the fleet to host:port and starts each sending a point every period. */
    static ResendingDevices start(Fleet fleet, String host, int port, Duration period) {
        ResendingDevices load = new ResendingDevices(fleet.devices().size());
        for (Fleet.Device d : fleet.devices()) {
            Device device = new Device(d, host, port);
            device.mqtt.connect().join();
            load.devices.add(device);
        }
        for (Device d : load.devices) {
            d.lastAckNanos = System.nanoTime();
            load.pace.scheduleWithFixedDelay(() -> load.sendNext(d), 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return load;
    }

    /** The device's next point, or again the one the previous tick could not get acknowledged. */
    private void sendNext(Device d) {
        long ts;
        if (d.pending >= 0) {
            ts = d.pending;
            d.resent.add(ts);
        } else {
            ts = base + d.sequence.getAndIncrement();
        }
        d.publishes.incrementAndGet();
        byte[] body = ("{\"ts\":" + ts + ",\"values\":{\"v\":" + (ts - base) + "}}").getBytes(StandardCharsets.UTF_8);
        boolean acked;
        try {
            // While the client reconnects the publish waits in its queue; the bound lets a lost one be sent again.
            acked = d.mqtt.publishWith().topic(DeviceLoad.TELEMETRY).qos(MqttQos.AT_LEAST_ONCE).payload(body).send()
                    .get(10, TimeUnit.SECONDS).getError().isEmpty();
        } catch (Exception refusedResetOrTimedOut) {
            acked = false;
        }
        if (acked) {
            d.acknowledged.add(ts);
            d.pending = -1;
            long now = System.nanoTime();
            d.longestGapNanos = Math.max(d.longestGapNanos, now - d.lastAckNanos);
            d.lastAckNanos = now;
        } else {
            d.pending = ts;
        }
    }

    /** Acknowledged points so far, over all devices. */
    long acknowledged() { return devices.stream().mapToLong(d -> d.acknowledged.size()).sum(); }

    /** Waits (at most {@code within}) until every device has had {@code points} more points acknowledged. */
    boolean awaitProgress(int points, Duration within) throws InterruptedException {
        Map<Device, Integer> from = new HashMap<>();
        for (Device d : devices) from.put(d, d.acknowledged.size());
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (devices.stream().allMatch(d -> d.acknowledged.size() >= from.get(d) + points)) return true;
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return false;
    }

    /** Stops sending; a point being sent is finished or abandoned unacknowledged (at most its 10 s bound). */
    void stop() throws InterruptedException {
        pace.shutdown();
        pace.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** What the load saw and what the store holds, read through the REST API. */
    record Count(long points, long publishes, long resent, long acknowledged, long stored, long lost, long storedTwice,
                 long storedTwiceNeverResent, long connects, Map<Integer, Long> disconnectReasons, double longestGapSeconds) {}

    Count count(RestClient admin) {
        long points = 0, publishes = 0, resent = 0, acknowledged = 0, stored = 0, lost = 0, twice = 0, unexplained = 0, connects = 0, gap = 0;
        Map<Integer, Long> reasons = new TreeMap<>();
        for (Device d : devices) {
            Map<Long, Integer> rows = stored(admin, d.identity.stream());
            for (long ts : d.acknowledged) if (!rows.containsKey(ts)) lost++;
            for (Map.Entry<Long, Integer> e : rows.entrySet()) {
                stored += e.getValue();
                if (e.getValue() > 1) {
                    twice += e.getValue() - 1;
                    if (!d.resent.contains(e.getKey())) unexplained += e.getValue() - 1;
                }
            }
            points += d.sequence.get();
            publishes += d.publishes.get();
            resent += d.resent.size();
            acknowledged += d.acknowledged.size();
            connects += d.connects.get();
            gap = Math.max(gap, d.longestGapNanos);
            d.disconnectReasons.forEach((code, n) -> reasons.merge(code, n, Long::sum));
        }
        return new Count(points, publishes, resent, acknowledged, stored, lost, twice, unexplained, connects, reasons, gap / 1e9);
    }

    /** The stream's rows: timestamp (ms) to how many times it is stored; a value that does not match its timestamp is an error. */
    private Map<Long, Integer> stored(RestClient admin, String stream) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int page = 1; ; page++) {
            JsonNode r = admin.get("/api/v1/data/?filter=" + stream + "&page_size=1000&page=" + page);
            for (JsonNode p : r.get("results")) {
                long ts = Instant.parse(p.get("timestamp").asText()).toEpochMilli();
                if (p.get("value").asLong() != ts - base) throw new IllegalStateException("point at " + ts + " of " + stream + " has value " + p.get("value"));
                counts.merge(ts, 1, Integer::sum);
            }
            if (r.get("next").isNull()) return counts;
        }
    }

    @Override
    public void close() {
        pace.shutdownNow();
        for (Device d : devices) d.mqtt.disconnect();
    }
}
