package dev.feedline.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RU, the rules engine's targets (issue 15 point 8), each phase on a fresh server:
 * <ul>
 * <li>throughput: S1's load without rules and with {@code --rules} (1,000) stream rules that never fire, run
 * alternately {@code --repeat} times; the ratio of the medians (target ≥ 0.9), and the engine thread's CPU;</li>
 * <li>lag: {@code --total-rate} (2,000) points/s from 200 devices, a rule on each stream, and on
 * {@code --firing-streams} of them a change rule (it fires on every point, the values always change) with a
 * {@code notify} action; the server's {@code feedline_rules_firing_lag_seconds}: from the points' commit (their
 * outbox record) to the engine's commit that queued the actions (target p99 &lt; 50 ms);</li>
 * <li>deadman: {@code --deadman-streams} (100,000) streams, 100 devices × 1,000 variables, one variable-scope
 * {@code no_data} rule per variable, no data: the CPU of the engine's clock over {@code --duration} seconds
 * ({@code feedline_rules_clock_cpu_seconds_total}, target &lt; 1 % of a core).</li>
 * </ul>
 */
final class RulesScenario implements Scenario {
    static final String NAME = "RU";
    private static final int LAG_DEVICES = 200;
    private static final int DEADMAN_DEVICES = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override public String name() { return NAME; }

    @Override public String title() {
        return "rules engine: 1,000 rules keep ≥ 0.9 × S1 throughput, commit→action queued p99 < 50 ms at 2,000 points/s, "
                + "no_data over 100,000 streams < 1 % of a core";
    }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        List<String> phases = bench.rulePhases();
        String store = bench.stores().get(0);
        if (phases.contains("throughput")) throughput(bench, report, store);
        if (phases.contains("lag")) lag(bench, report, store);
        if (phases.contains("deadman")) deadman(bench, report, store);
    }

    private void throughput(Bench bench, Report report, String store) throws Exception {
        int devices = bench.devices(1000);
        int rules = bench.rules();
        MqttLoad.Shape shape = new MqttLoad.Shape(bench.rate(50), bench.qos(), bench.inflight(), bench.keys());
        Duration ramp = Duration.ofSeconds(bench.ramp(20));
        Duration steady = Duration.ofSeconds(bench.duration(20));
        report.add(NAME, "throughput", "shape", devices + " devices, " + shape.text() + ", " + steady.toSeconds() + " s steady after "
                + ramp.toSeconds() + " s ramp; " + rules + " stream rules (threshold, never met, no actions) or none, alternately");
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int run = 0; run < bench.repeat(); run++) {
            for (int n : new int[] {0, rules}) {
                try (Target target = bench.target(store)) {
                    RestClient admin = bench.admin(target);
                    Fleet fleet = Fleet.create(admin, devices);
                    createStreams(admin, fleet.devices().stream().map(Fleet.Device::stream).toList());
                    for (int i = 0; i < n; i++) admin.post("/api/v1/rule/", neverMet(fleet, i));
                    MqttConnections.Opened opened = DeviceLoad.connectDevices(bench, target, fleet, report, NAME);
                    double[] engineCpu = new double[1];
                    DeviceLoad.Outcome o = DeviceLoad.run(opened.clients(), DeviceLoad.telemetryTopics(opened.clients().size()), shape, target.stats(),
                            ramp, steady, () -> engineCpu[0] = target.stats().threadCpuSeconds("durable-rules"));
                    double engine = (target.stats().threadCpuSeconds("durable-rules") - engineCpu[0]) / o.usage().seconds();
                    String system = "feedline/" + store + ", " + n + " rules, run " + (run + 1);
                    report.add(NAME, system, "acknowledged", Report.rate(o.pointsPerSecond()));
                    report.add(NAME, system, "publish→PUBACK", o.load().ackLatency().text());
                    report.add(NAME, system, "rules engine thread CPU", String.format("%.1f %% of a core, %.1f µs per acknowledged point", engine * 100,
                            engine * 1e6 / o.pointsPerSecond()));
                    report.usage(NAME, system, o.usage());
                    (n == 0 ? without : with).add(o.pointsPerSecond());
                    MqttConnections.closeAll(opened.clients());
                }
            }
        }
        report.add(NAME, "throughput", "ratio of medians, with / without rules", Report.ratio(median(with), median(without)), "≥ 0.9");
    }

    private void lag(Bench bench, Report report, String store) throws Exception {
        int totalRate = bench.totalRate(2000);
        int firing = Math.min(bench.firingStreams(), LAG_DEVICES);
        MqttLoad.Shape shape = new MqttLoad.Shape((double) totalRate / LAG_DEVICES, bench.qos(), bench.inflight(), 1);
        Duration ramp = Duration.ofSeconds(bench.ramp(20));
        Duration steady = Duration.ofSeconds(bench.duration(20));
        try (Target target = bench.target(store)) {
            RestClient admin = bench.admin(target);
            Fleet fleet = Fleet.create(admin, LAG_DEVICES);
            createStreams(admin, fleet.devices().stream().map(Fleet.Device::stream).toList());
            for (int i = 0; i < LAG_DEVICES; i++) admin.post("/api/v1/rule/", neverMet(fleet, i));
            for (int i = 0; i < firing; i++) {
                ObjectNode rule = rule(fleet.org(), "fires " + i, "stream", fleet.devices().get(i).stream());
                rule.putObject("condition").put("kind", "change");
                rule.putArray("actions").addObject().put("kind", "notify").put("title", "{{rule}}").put("body", "{{value}}");
                admin.post("/api/v1/rule/", rule);
            }
            report.add(NAME, "lag", "shape", LAG_DEVICES + " devices, " + shape.text() + " (" + totalRate + " points/s), " + steady.toSeconds()
                    + " s steady after " + ramp.toSeconds() + " s ramp; a never-met rule per stream, and on " + firing
                    + " streams a change rule with a notify action (fires on every point)");
            MqttConnections.Opened opened = DeviceLoad.connectDevices(bench, target, fleet, report, NAME);
            DeviceLoad.Outcome o = DeviceLoad.run(opened.clients(), DeviceLoad.telemetryTopics(opened.clients().size()), shape, target.stats(), ramp, steady);
            Map<String, Double> m = metrics(target.baseUrl(), "feedline_rules_firing_lag_seconds");
            String system = "feedline/" + store;
            report.add(NAME, system, "acknowledged", Report.rate(o.pointsPerSecond()));
            report.add(NAME, system, "publish→PUBACK", o.load().ackLatency().text());
            report.add(NAME, system, "commit→actions queued (server, last ~2 min)", String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms over %.0f commits that fired",
                    m.getOrDefault("feedline_rules_firing_lag_seconds{quantile=\"0.5\"}", Double.NaN) * 1000,
                    m.getOrDefault("feedline_rules_firing_lag_seconds{quantile=\"0.99\"}", Double.NaN) * 1000,
                    m.getOrDefault("feedline_rules_firing_lag_seconds_max", Double.NaN) * 1000,
                    m.getOrDefault("feedline_rules_firing_lag_seconds_count", Double.NaN)), "p99 < 50 ms");
            report.usage(NAME, system, o.usage());
            MqttConnections.closeAll(opened.clients());
        }
    }

    private void deadman(Bench bench, Report report, String store) throws Exception {
        int variables = Math.max(1, bench.deadmanStreams() / DEADMAN_DEVICES);
        Duration measured = Duration.ofSeconds(bench.duration(20));
        try (Target target = bench.target(store)) {
            RestClient admin = bench.admin(target);
            Fleet fleet = Fleet.create(admin, DEADMAN_DEVICES);
            String gid = fleet.devices().get(0).stream().split("--")[1];
            List<String> streams = new ArrayList<>();
            for (Fleet.Device d : fleet.devices()) {
                String prefix = d.stream().substring(0, d.stream().length() - Fleet.LID.length());
                for (int v = 0; v < variables; v++) streams.add(prefix + lid(v));
            }
            long start = System.nanoTime();
            createStreams(admin, streams);
            for (int v = 0; v < variables; v++) {
                ObjectNode rule = rule(fleet.org(), "silent " + v, "variable", "v--" + gid + "--" + lid(v));
                rule.putObject("condition").put("kind", "no_data").put("minutes", 60);
                admin.post("/api/v1/rule/", rule);
            }
            double setup = (System.nanoTime() - start) / 1e9;
            // The engine loads the rules and stores each stream's first state on its next ticks (counted as clock time):
            // settle until a 5 s period costs the clock under 1 % of a core, for at most 60 s.
            long settleStart = System.nanoTime();
            double clockBefore = clockCpu(target);
            while (System.nanoTime() - settleStart < 60e9) {
                Thread.sleep(5_000);
                double now = clockCpu(target);
                boolean settled = now - clockBefore < 0.05;
                clockBefore = now;
                if (settled) break;
            }
            report.add(NAME, "deadman", "shape", String.format("%d streams (%d devices × %d variables), %d variable-scope no_data rules (60 min), no data; "
                    + "set up in %.0f s, then %.0f s settling, %d s measured", streams.size(), DEADMAN_DEVICES, variables, variables,
                    setup, (System.nanoTime() - settleStart) / 1e9, measured.toSeconds()));
            ProcessStats.Phase phase = target.stats().phase();
            long t0 = System.nanoTime();
            Thread.sleep(measured.toMillis());
            double seconds = (System.nanoTime() - t0) / 1e9;
            double clockAfter = clockCpu(target);
            String system = "feedline/" + store;
            report.add(NAME, system, "rules clock CPU (server, thread CPU time of the ticks)",
                    String.format("%.3f %% of a core (%.1f ms per second)", (clockAfter - clockBefore) / seconds * 100, (clockAfter - clockBefore) / seconds * 1000), "< 1 %");
            report.usage(NAME, system + ", idle but for the rules", phase.end());
        }
    }

    private static double clockCpu(Target target) throws Exception {
        return metrics(target.baseUrl(), "feedline_rules_clock_cpu_seconds_total").getOrDefault("feedline_rules_clock_cpu_seconds_total", Double.NaN);
    }

    /** Creates streams by writing one point to each (streams are created on first data), 1,000 per request. */
    static void createStreams(RestClient admin, List<String> streams) {
        String at = Instant.now().minus(Duration.ofHours(1)).toString();
        for (int i = 0; i < streams.size(); i += 1000) {
            ArrayNode points = RestClient.JSON.createArrayNode();
            for (String s : streams.subList(i, Math.min(streams.size(), i + 1000))) points.addObject().put("stream", s).put("timestamp", at).put("value", 0);
            admin.post("/api/v1/data/", points);
        }
    }

    /** A threshold rule on the i-th device's stream (round robin) that no bench value meets, without actions. */
    private static ObjectNode neverMet(Fleet fleet, int i) {
        ObjectNode rule = rule(fleet.org(), "never " + i, "stream", fleet.devices().get(i % fleet.devices().size()).stream());
        rule.putObject("condition").put("kind", "threshold").put("op", "lt").put("value", -1);
        return rule;
    }

    private static ObjectNode rule(String org, String name, String scope, String target) {
        ObjectNode rule = RestClient.JSON.createObjectNode().put("org", org).put("name", name).put("alarm", false);
        rule.putObject("scope").put("kind", scope).put("target", target);
        return rule;
    }

    private static String lid(int v) { return String.format("%04x", 0x6000 + v); }

    /** Lines of the server's Prometheus text that start with the prefix, by their name and labels. */
    private static Map<String, Double> metrics(String baseUrl, String prefix) throws Exception {
        Map<String, Double> out = new HashMap<>();
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix)) continue;
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        if (sorted.isEmpty()) return Double.NaN;
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
