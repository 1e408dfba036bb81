package dev.feedline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.time.Duration;
import java.util.List;

/**
 * S4: devices publishing at a fixed total rate while one MQTT subscriber per stream follows the stream's
 * live topic. Feedline publishes a point live only after its commit, and the commit happens before the
 * PUBACK, so publish→delivery is an upper bound of commit→delivery; both distributions are reported.
 * (A WebSocket subscriber joins once the /api/v1/live/ API is in the server.)
 */
final class LiveDelivery implements Scenario {
    @Override public String name() { return "S4"; }

    @Override public String title() { return "live delivery at 10,000 points/s, a subscriber per stream: p99 commit→delivery < 20 ms"; }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        int devices = bench.devices(1000);
        int total = bench.totalRate(10_000);
        MqttLoad.Shape shape = new MqttLoad.Shape((double) total / devices, bench.qos(), bench.inflight(), 1);
        Duration ramp = Duration.ofSeconds(bench.ramp(5));
        Duration steady = Duration.ofSeconds(bench.duration(60));
        report.add(name(), "load", "shape", devices + " devices, " + shape.text() + " (" + total + " points/s), one MQTT subscriber per stream");
        for (String store : bench.stores()) {
            String system = "feedline/" + store;
            try (Target target = bench.target(store)) {
                Fleet fleet = Fleet.create(bench.admin(target), devices);
                List<MqttConnections.Login> apps = fleet.devices().stream().map(d -> new MqttConnections.Login("bench", fleet.apiKey())).toList();
                MqttConnections.Opened subscribers = MqttConnections.open("127.0.0.1", target.mqttPort(), apps, bench.sourceAddresses(), 60);
                LiveSubscribers live = new LiveSubscribers();
                live.subscribe(subscribers.clients(), fleet.devices().stream().map(Fleet.Device::liveTopic).toList().subList(0, subscribers.clients().size()),
                        MqttQos.AT_MOST_ONCE);
                MqttConnections.Opened publishers = DeviceLoad.connectDevices(bench, target, fleet, report, name());
                DeviceLoad.Outcome o = DeviceLoad.run(publishers.clients(), DeviceLoad.telemetryTopics(publishers.clients().size()), shape, target.stats(), ramp,
                        steady, live::reset);
                DeviceLoad.report(report, name(), system, o, total + " points/s", null);
                report.add(name(), system, "MQTT subscribers", subscribers.clients().size() + " connected, " + live.received() + " deliveries, "
                        + live.unreadable() + " unreadable");
                report.add(name(), system, "publish→delivery (≥ commit→delivery)", live.latency().text(), "p99 < 20 ms");
                report.add(name(), system, "WebSocket subscriber", "not measured: the /api/v1/live/ WebSocket API is not in this build");
                MqttConnections.closeAll(publishers.clients());
                MqttConnections.closeAll(subscribers.clients());
            }
        }
    }
}
