package dev.feedline.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * S6: what a small host sees: java -jar to healthy, idle RSS with the embedded broker and SQLite, RSS
 * while devices send 5,000 points/s over MQTT, and the size of the jar.
 */
final class Footprint implements Scenario {
    /** Seconds to let start-up work (JIT, first GC) settle before idle RSS is read; --ramp changes it. */
    private static final int SETTLE_SECONDS = 5;

    @Override public String name() { return "S6"; }

    @Override public String title() { return "footprint: start to healthy < 5 s, idle RSS ≤ 300 MB, ≤ 500 MB at 5,000 points/s; jar size"; }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        int devices = bench.devices(100);
        int total = bench.totalRate(5000);
        MqttLoad.Shape shape = new MqttLoad.Shape((double) total / devices, bench.qos(), bench.inflight(), 1);
        for (String store : bench.stores()) {
            String system = "feedline/" + store;
            try (Target target = bench.target(store)) {
                report.add(name(), system, "start to healthy", target.startSeconds() < 0 ? "n/a (not started by the harness)"
                        : String.format("%.2f s", target.startSeconds()), "< 5 s");
                if (bench.serverJar != null && Files.isRegularFile(bench.serverJar) && bench.serverClassPath == null) {
                    report.add(name(), system, "jar size", (Files.size(bench.serverJar) >> 20) + " MB (" + bench.serverJar + ")");
                }
                TimeUnit.SECONDS.sleep(bench.ramp(SETTLE_SECONDS));
                report.add(name(), system, "idle RSS", (target.stats().rssBytes() >> 20) + " MB", "≤ 300 MB");
                Fleet fleet = Fleet.create(bench.admin(target), devices);
                MqttConnections.Opened opened = DeviceLoad.connectDevices(bench, target, fleet, report, name());
                DeviceLoad.Outcome o = DeviceLoad.run(opened.clients(), DeviceLoad.telemetryTopics(opened.clients().size()), shape, target.stats(),
                        Duration.ofSeconds(bench.ramp(5)), Duration.ofSeconds(bench.duration(60)));
                DeviceLoad.report(report, name(), system, o, total + " points/s", null);
                report.add(name(), system, "peak RSS under load", (o.usage().peakRssBytes() >> 20) + " MB", "≤ 500 MB");
                MqttConnections.closeAll(opened.clients());
            }
        }
    }
}
