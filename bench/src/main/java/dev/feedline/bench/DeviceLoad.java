package dev.feedline.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An MQTT device load against one broker, measured the same way whichever broker it is: connect,
 * run {@link MqttLoad} through ramp and steady state, and take the broker's CPU and RSS over the
 * steady state. Shared by the scenarios so Feedline and Mosquitto are measured identically.
 */
final class DeviceLoad {
    static final String TELEMETRY = "v1/devices/me/telemetry";

    private DeviceLoad() {}

    record Outcome(MqttLoad.Result load, ProcessStats.Usage usage, int keys) {
        double pointsPerSecond() { return load.messagesPerSecond() * keys; }
    }

    /** One connection per Feedline device, authenticated by its token as ThingsBoard devices do. */
    static MqttConnections.Opened connectDevices(Bench bench, Target target, Fleet fleet, Report report, String scenario) throws InterruptedException {
        List<MqttConnections.Login> logins = fleet.devices().stream().map(d -> new MqttConnections.Login(d.token(), null)).toList();
        MqttConnections.Opened opened = MqttConnections.open("127.0.0.1", target.mqttPort(), logins, bench.sourceAddresses(), 60);
        reportConnections(report, scenario, "feedline/" + target.store(), opened);
        return opened;
    }

    static void reportConnections(Report report, String scenario, String system, MqttConnections.Opened opened) {
        report.add(scenario, system, "connections", String.format("%d connected, %d failed in %.1f s%s", opened.clients().size(), opened.failed(),
                opened.seconds(), opened.firstError() == null ? "" : " (first error: " + opened.firstError() + ")"));
    }

    static Outcome run(List<Mqtt5AsyncClient> clients, List<String> topics, MqttLoad.Shape shape, ProcessStats stats, Duration ramp, Duration steady)
            throws InterruptedException {
        return run(clients, topics, shape, stats, ramp, steady, () -> {});
    }

    /** alsoOnSteady: resets whatever else measures the same steady state (subscribers). */
    static Outcome run(List<Mqtt5AsyncClient> clients, List<String> topics, MqttLoad.Shape shape, ProcessStats stats, Duration ramp, Duration steady,
                       Runnable alsoOnSteady) throws InterruptedException {
        AtomicReference<ProcessStats.Phase> phase = new AtomicReference<>();
        MqttLoad.Result result = new MqttLoad(clients, topics, shape).run(ramp, steady, () -> {
            alsoOnSteady.run();
            phase.set(stats.phase());
        });
        return new Outcome(result, phase.get().end(), shape.keys());
    }

    static List<String> telemetryTopics(int n) { return Collections.nCopies(n, TELEMETRY); }

    static void report(Report report, String scenario, String system, Outcome o, String rateTarget, String latencyTarget) {
        report.add(scenario, system, "acknowledged", Report.rate(o.pointsPerSecond()), rateTarget);
        report.add(scenario, system, "publish→PUBACK", o.load().ackLatency().text(), latencyTarget);
        report.add(scenario, system, "errors / skipped (window full)", o.load().errors() + " / " + o.load().skipped()
                + (o.load().firstError() == null ? "" : " (first: " + o.load().firstError() + ")"));
        report.usage(scenario, system, o.usage());
    }
}
