package dev.feedline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.time.Duration;
import java.util.List;

/**
 * S4: devices publishing at a fixed total rate while every stream is followed twice: by an MQTT subscriber of
 * its live topic (a connection per stream) and by a subscription of the WebSocket live API (a few sessions
 * holding many subscriptions each, as a dashboard does). Feedline delivers a point live only after its
 * commit, and the commit happens before the PUBACK, so publish→delivery is an upper bound of
 * commit→delivery; the PUBACK and both delivery distributions are reported. The WebSocket messages also carry
 * the server's commit time, so for them commit→delivery itself is reported.
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
        report.add(name(), "load", "shape", devices + " devices, " + shape.text() + " (" + total + " points/s), one MQTT and one WebSocket subscriber per stream");
        for (String store : bench.stores()) {
            String system = "feedline/" + store;
            try (Target target = bench.target(store)) {
                Fleet fleet = Fleet.create(bench.admin(target), devices);
                List<MqttConnections.Login> apps = fleet.devices().stream().map(d -> new MqttConnections.Login("bench", fleet.apiKey())).toList();
                MqttConnections.Opened subscribers = MqttConnections.open("127.0.0.1", target.mqttPort(), apps, bench.sourceAddresses(), 60);
                LiveSubscribers live = new LiveSubscribers();
                live.subscribe(subscribers.clients(), fleet.devices().stream().map(Fleet.Device::liveTopic).toList().subList(0, subscribers.clients().size()),
                        MqttQos.AT_MOST_ONCE);
                List<String> streams = fleet.devices().stream().map(Fleet.Device::stream).toList();
                WebSocketSubscribers sockets = WebSocketSubscribers.open(target.baseUrl(), fleet.apiKey(), streams, bench.wsSessions());
                MqttConnections.Opened publishers = DeviceLoad.connectDevices(bench, target, fleet, report, name());
                DeviceLoad.Outcome o = DeviceLoad.run(publishers.clients(), DeviceLoad.telemetryTopics(publishers.clients().size()), shape, target.stats(), ramp,
                        steady, () -> {
                            live.reset();
                            sockets.reset();
                        });
                DeviceLoad.report(report, name(), system, o, total + " points/s", null);
                report.add(name(), system, "MQTT subscribers", subscribers.clients().size() + " connected, " + live.received() + " deliveries, "
                        + live.unreadable() + " unreadable");
                report.add(name(), system, "publish→delivery MQTT (≥ commit→delivery)", live.latency().text(), "p99 < 20 ms");
                report.add(name(), system, "WebSocket subscribers", sockets.text());
                report.add(name(), system, "publish→delivery WebSocket (≥ commit→delivery)", sockets.latency().text(), "");
                report.add(name(), system, "commit→delivery WebSocket (the server's commit time)", sockets.sinceCommit().text(), "p99 < 20 ms");
                sockets.close();
                MqttConnections.closeAll(publishers.clients());
                MqttConnections.closeAll(subscribers.clients());
            }
        }
    }
}
