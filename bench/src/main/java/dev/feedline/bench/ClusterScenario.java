package dev.feedline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CL (issue 14 point 13): three Feedline nodes in cluster mode behind HAProxy, on this machine (docs/CLUSTER.md).
 * <ol>
 *   <li>S1's MQTT QoS 1 load through HAProxy to the three nodes, then the same load straight to node 1 of the same
 *   cluster (same PostgreSQL, same Redis), alternating --repeat times; the ratio of their medians.</li>
 *   <li>Command latency: a device connected straight to node 1, commands sent over REST on node 2 (routed through
 *   Redis) and on node 1 (no routing), interleaved.</li>
 *   <li>A rolling restart of all three nodes (SIGTERM, start, back in HAProxy) under continuous MQTT QoS 1 ingest
 *   through HAProxy: acknowledged, stored, lost (must be 0) and duplicates.</li>
 * </ol>
 */
final class ClusterScenario implements Scenario {
    static final String NAME = "CL";
    /** The restart load: one point per device every 50 ms (20 points/s each), as ClusterResilienceTest sends. */
    private static final Duration RESTART_PERIOD = Duration.ofMillis(50);

    @Override public String name() { return NAME; }

    @Override public String title() {
        return "3 nodes behind HAProxy on one machine: S1 through HAProxy vs one node direct, command routing p99 < 50 ms, "
                + "rolling restart with 0 acknowledged points lost";
    }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        long start = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start(bench)) {
            report.add(NAME, "cluster", "start", String.format("redis-server, 3 nodes on PostgreSQL, HAProxy (%s): healthy after %.1f s",
                    bench.haproxyConfig(), (System.nanoTime() - start) / 1e9));
            RestClient admin = bench.admin(cluster.lbUrl());
            throughput(bench, report, cluster, admin);
            commands(bench, report, cluster, admin);
            rollingRestart(bench, report, cluster, admin);
        }
    }

    private static void throughput(Bench bench, Report report, LocalCluster cluster, RestClient admin) throws Exception {
        int devices = bench.devices(1000);
        MqttLoad.Shape shape = new MqttLoad.Shape(bench.rate(50), bench.qos(), bench.inflight(), bench.keys());
        Duration ramp = Duration.ofSeconds(bench.ramp(15));
        Duration steady = Duration.ofSeconds(bench.duration(15));
        report.add(NAME, "load", "shape", devices + " devices, " + shape.text() + ", " + steady.toSeconds() + " s steady after "
                + ramp.toSeconds() + " s ramp, " + bench.repeat() + " run(s) per side, alternating");
        Fleet fleet = Fleet.create(admin, devices);
        FeedlineProcess node1 = cluster.node(1);
        // Both sides report the CPU and RSS of all three nodes (not HAProxy's, not PostgreSQL's): the others decode node 1's
        // relayed commits too.
        List<Target> sides = List.of(new Target.External(cluster.lbUrl(), cluster.lbMqttPort(), cluster.nodeStats(), "haproxy→3 nodes"),
                new Target.External(node1.baseUrl(), node1.mqttPort(), cluster.nodeStats(), "node-1 direct"));
        List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
        for (int run = 0; run < bench.repeat(); run++) {
            for (int side = 0; side < sides.size(); side++) {
                Target target = sides.get(side);
                MqttConnections.Opened opened = DeviceLoad.connectDevices(bench, target, fleet, report, NAME);
                // Each node's group commits and HAProxy's CPU over the same steady state: where the load went.
                IngestMetrics[] atSteady = new IngestMetrics[LocalCluster.NODES];
                AtomicReference<ProcessStats.Phase> haproxy = new AtomicReference<>();
                DeviceLoad.Outcome o = DeviceLoad.run(opened.clients(), DeviceLoad.telemetryTopics(opened.clients().size()), shape, target.stats(), ramp, steady,
                        () -> {
                            for (int n = 1; n <= LocalCluster.NODES; n++) atSteady[n - 1] = IngestMetrics.read(cluster.node(n).baseUrl());
                            haproxy.set(cluster.haproxyStats().phase());
                        });
                String system = "feedline/" + target.store();
                DeviceLoad.report(report, NAME, system, o, null, null);
                // Straight to node 1, the other nodes commit nothing.
                for (int n = 1; n <= (side == 0 ? LocalCluster.NODES : 1); n++) {
                    report.add(NAME, system, "group commit, node " + n + " (server metrics)", IngestMetrics.read(cluster.node(n).baseUrl()).since(atSteady[n - 1]));
                }
                report.add(NAME, system, "HAProxy CPU", String.format("%.2f cores", haproxy.get().end().cpuCores()));
                rates.get(side).add(o.pointsPerSecond());
                MqttConnections.closeAll(opened.clients());
            }
        }
        double viaHaproxy = median(rates.get(0));
        double direct = median(rates.get(1));
        report.add(NAME, "feedline/cluster", "acknowledged, medians: via HAProxy / node 1 direct", Report.rate(viaHaproxy) + " / " + Report.rate(direct));
        report.add(NAME, "feedline/cluster", "ratio via HAProxy to node 1 direct", Report.ratio(viaHaproxy, direct));
    }

    private static void commands(Bench bench, Report report, LocalCluster cluster, RestClient admin) throws Exception {
        int samples = bench.commands();
        Fleet fleet = Fleet.create(admin, 1);
        RestClient onNode1 = bench.admin(cluster.node(1).baseUrl());
        RestClient onNode2 = bench.admin(cluster.node(2).baseUrl());
        Latency routed = new Latency();
        Latency local = new Latency();
        try (CommandLatency device = CommandLatency.connect(fleet.devices().get(0), cluster.node(1).mqttPort())) {
            device.awaitRoutable(onNode2);
            // Warm-up, not counted: both paths' code compiled before the timed commands.
            for (int i = 0; i < Math.max(20, samples / 10); i++) {
                device.time(onNode2);
                device.time(onNode1);
            }
            for (int i = 0; i < samples; i++) {
                routed.record(device.time(onNode2));
                local.record(device.time(onNode1));
            }
        }
        Latency.Summary r = routed.summary();
        report.add(NAME, "feedline/cluster", "command: REST on node 2 → PUBLISH from node 1 (routed)", r.text(), "p99 < 50 ms");
        report.add(NAME, "feedline/cluster", "command: REST on node 1 → PUBLISH from node 1 (local)", local.summary().text());
        report.add(NAME, "feedline/cluster", "routed command p99 < 50 ms met?", r.p99() < 50 ? "yes" : "no");
    }

    private static void rollingRestart(Bench bench, Report report, LocalCluster cluster, RestClient admin) throws Exception {
        int devices = bench.restartDevices();
        Fleet fleet = Fleet.create(admin, devices);
        report.add(NAME, "rolling restart", "load", devices + " MQTT 5 devices through HAProxy, QoS 1, a point every "
                + RESTART_PERIOD.toMillis() + " ms each, resent with its timestamp until acknowledged, reconnect 100 ms – 1 s");
        long start;
        ResendingDevices.Count count;
        try (ResendingDevices load = ResendingDevices.start(fleet, "127.0.0.1", cluster.lbMqttPort(), RESTART_PERIOD)) {
            require(load.awaitProgress(20, Duration.ofSeconds(30)), "the devices did not get going within 30 s");
            start = System.nanoTime();
            long acknowledgedBefore = load.acknowledged();
            for (int n = 1; n <= LocalCluster.NODES; n++) {
                long stepStart = System.nanoTime();
                long upBefore = cluster.upCount(n);
                int exit = cluster.stopNode(n);
                double stopped = (System.nanoTime() - stepStart) / 1e9;
                cluster.startNode(n);
                double healthy = (System.nanoTime() - stepStart) / 1e9;
                // HAProxy has it back before the next node stops, as an operator waits.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (cluster.upCount(n) <= upBefore) {
                    require(System.nanoTime() < deadline, "node " + n + " not back in HAProxy within 30 s");
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                double up = (System.nanoTime() - stepStart) / 1e9;
                require(load.awaitProgress(10, Duration.ofSeconds(30)), "the devices did not resume within 30 s of node " + n + "'s restart");
                report.add(NAME, "rolling restart", "node " + n, String.format("exit status %d; stopped after %.1f s, healthy after %.1f s, "
                        + "back in HAProxy after %.1f s", exit, stopped, healthy, up));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            report.add(NAME, "rolling restart", "duration; acknowledged meanwhile", String.format("%.1f s; %s", seconds,
                    Report.rate((load.acknowledged() - acknowledgedBefore) / seconds)));
            load.stop();
            count = load.count(admin);
        }
        report.add(NAME, "rolling restart", "points sent (publishes, resent)", String.format("%,d (%,d publishes, %,d points resent)",
                count.points(), count.publishes(), count.resent()));
        report.add(NAME, "rolling restart", "acknowledged / stored", String.format("%,d / %,d", count.acknowledged(), count.stored()));
        report.add(NAME, "rolling restart", "acknowledged and lost", Long.toString(count.lost()), "0");
        report.add(NAME, "rolling restart", "stored twice (of which never resent)", count.storedTwice() + " (" + count.storedTwiceNeverResent() + ")",
                "only QoS 1 redelivery");
        report.add(NAME, "rolling restart", "connects; disconnect reasons", count.connects() + "; " + reasons(count));
        report.add(NAME, "rolling restart", "longest a device went unacknowledged", String.format("%.2f s", count.longestGapSeconds()));
    }

    /** MQTT 5 reason codes by name where the restart should produce them; -1: the connection closed without a DISCONNECT. */
    private static String reasons(ResendingDevices.Count count) {
        List<String> parts = new ArrayList<>();
        count.disconnectReasons().forEach((code, n) -> parts.add(n + " × " + switch (code) {
            case 0x8B -> "0x8B server shutting down";
            case -1 -> "closed without DISCONNECT";
            default -> String.format("0x%02X", code);
        }));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static void require(boolean condition, String failure) {
        if (!condition) throw new IllegalStateException(failure);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
