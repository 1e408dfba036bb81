package dev.feedline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * S1: devices publishing one value per QoS 1 message; Feedline acknowledges only after commit, so its
 * PUBACK rate is its durable ingest rate. The same load then goes to Mosquitto, which relays it to one
 * subscriber without storing anything: the ceiling of an MQTT broker on this machine.
 */
final class DurableMqttIngest implements Scenario {
    @Override public String name() { return "S1"; }

    @Override public String title() { return "durable MQTT ingest: ≥ 50,000 points/s committed, p99 publish→PUBACK < 50 ms, ≥ 0.8 × Mosquitto"; }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        int devices = bench.devices(1000);
        MqttLoad.Shape shape = new MqttLoad.Shape(bench.rate(50), bench.qos(), bench.inflight(), bench.keys());
        // 30 s of warm-up: on two cores the JIT compiler was still taking a third of the CPU 20 s into the load.
        Duration ramp = Duration.ofSeconds(bench.ramp(30));
        Duration steady = Duration.ofSeconds(bench.duration(60));
        report.add(name(), "load", "shape", devices + " devices, " + shape.text() + ", " + steady.toSeconds() + " s steady after " + ramp.toSeconds() + " s ramp");
        List<Double> feedlineRates = new ArrayList<>();
        for (String store : bench.stores()) {
            try (Target target = bench.target(store)) {
                Fleet fleet = Fleet.create(bench.admin(target), devices);
                MqttConnections.Opened opened = DeviceLoad.connectDevices(bench, target, fleet, report, name());
                java.util.concurrent.atomic.AtomicReference<IngestMetrics> atSteady = new java.util.concurrent.atomic.AtomicReference<>();
                DeviceLoad.Outcome o = DeviceLoad.run(opened.clients(), DeviceLoad.telemetryTopics(opened.clients().size()), shape, target.stats(), ramp, steady,
                        () -> atSteady.set(IngestMetrics.read(target.baseUrl())));
                DeviceLoad.report(report, name(), "feedline/" + target.store(), o, "≥ 50,000 points/s", "p99 < 50 ms");
                report.add(name(), "feedline/" + target.store(), "group commit (server metrics)", IngestMetrics.read(target.baseUrl()).since(atSteady.get()));
                feedlineRates.add(o.pointsPerSecond());
                MqttConnections.closeAll(opened.clients());
            }
        }
        DeviceLoad.Outcome reference = mosquitto(bench, report, devices, shape, ramp, steady);
        if (reference != null) {
            for (int i = 0; i < feedlineRates.size(); i++) {
                report.add(name(), "feedline/" + bench.stores().get(i), "ratio to Mosquitto relay", Report.ratio(feedlineRates.get(i), reference.pointsPerSecond()), "≥ 0.8");
            }
        }
    }

    /** The same devices, shape and durations against Mosquitto, with one subscriber taking everything. */
    static DeviceLoad.Outcome mosquitto(Bench bench, Report report, int devices, MqttLoad.Shape shape, Duration ramp, Duration steady) throws Exception {
        int port = FreePort.next();
        try (Mosquitto broker = bench.mosquitto(port)) {
            if (broker == null) {
                report.add("S1", "mosquitto", "skipped", "no executable at " + bench.mosquittoBinary() + " (apt-get install mosquitto)");
                return null;
            }
            List<MqttConnections.Login> anonymous = Collections.nCopies(devices, new MqttConnections.Login(null, null));
            MqttConnections.Opened opened = MqttConnections.open("127.0.0.1", port, anonymous, bench.sourceAddresses(), 60);
            DeviceLoad.reportConnections(report, "S1", "mosquitto", opened);
            MqttConnections.Opened subscriber = MqttConnections.open("127.0.0.1", port, List.of(new MqttConnections.Login(null, null)), bench.sourceAddresses(), 60);
            LiveSubscribers relay = new LiveSubscribers();
            relay.subscribe(subscriber.clients(), List.of("bench/#"), MqttQos.AT_MOST_ONCE);
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < opened.clients().size(); i++) topics.add("bench/" + i + "/telemetry");
            ProcessStats stats = new ProcessStats(broker.pid());
            DeviceLoad.Outcome o = DeviceLoad.run(opened.clients(), topics, shape, stats, ramp, steady, relay::reset);
            DeviceLoad.report(report, "S1", "mosquitto", o, null, null);
            report.add("S1", "mosquitto", "relayed to subscriber", relay.received() + " messages, publish→delivery " + relay.latency().text());
            MqttConnections.closeAll(opened.clients());
            MqttConnections.closeAll(subscriber.clients());
            return o;
        }
    }
}
