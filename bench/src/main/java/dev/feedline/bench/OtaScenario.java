package dev.feedline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * OT, firmware updates (issue 17 point 9), each phase on a fresh server:
 * <ul>
 * <li>plan: {@code --ota-devices} (10,000) devices in one fleet; a deployment request to the fleet is released
 * {@code --repeat} times (a new script each time, the previous request completed) and the release is timed: the
 * POST returns once every target is planned, given the deployment and announced its firmware (target &lt; 2 s);</li>
 * <li>download: S1's MQTT ingest ({@code --devices}, {@code --rate}, {@code --ramp}, {@code --duration}) on a server
 * without and with {@code --fw-devices} (100) ThingsBoard devices downloading a {@code --firmware-bytes} (1 MiB)
 * firmware in 64 KiB chunks over MQTT, again and again, each download checked against fw_checksum; alternately
 * {@code --repeat} times; the ratio of the medians of the ingest rates (target ≥ 0.9).</li>
 * </ul>
 */
final class OtaScenario implements Scenario {
    static final String NAME = "OT";
    private static final int CHUNK = 64 * 1024;

    @Override public String name() { return NAME; }

    @Override public String title() {
        return "firmware updates: a deployment to 10,000 devices planned in < 2 s; 1 MiB firmware to 100 devices over MQTT keeps ≥ 0.9 × S1 ingest";
    }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        String store = bench.stores().get(0);
        if (bench.otaPhases().contains("plan")) plan(bench, report, store);
        if (bench.otaPhases().contains("download")) download(bench, report, store);
    }

    // ---- plan

    private void plan(Bench bench, Report report, String store) throws Exception {
        int n = bench.otaDevices();
        try (Target target = bench.target(store)) {
            RestClient admin = bench.admin(target);
            String org = admin.post("/api/v1/org/", RestClient.JSON.createObjectNode().put("name", "ota-" + Long.toString(System.currentTimeMillis(), 36)))
                    .get("slug").asText();
            String fleet = fleet(admin, org, "all");
            long start = System.nanoTime();
            List<String> devices = createDevices(admin, org, null, n);
            register(admin, fleet, devices);
            String system = "feedline/" + target.store();
            report.add(NAME, "plan", "shape", String.format("%,d devices in one fleet (made and registered through the REST API in %.0f s); "
                    + "a request without criteria or pace, released %d times (a new 4 KiB script each time, the previous request completed)",
                    n, (System.nanoTime() - start) / 1e9, bench.repeat()));
            List<Double> seconds = new ArrayList<>();
            ProcessStats.Phase phase = target.stats().phase();
            for (int run = 0; run < bench.repeat(); run++) {
                String script = script(admin, org, "fw-" + run, new byte[4096]);
                long id = admin.post("/api/v1/ota/request/", RestClient.JSON.createObjectNode().put("script", script).put("fleet", fleet)).get("id").asLong();
                long t0 = System.nanoTime();
                JsonNode released = admin.post("/api/v1/ota/request/" + id + "/release/", RestClient.JSON.createObjectNode());
                double s = (System.nanoTime() - t0) / 1e9;
                JsonNode p = released.get("progress");
                if (p.get("total").asInt() != n || p.get("waiting").asInt() != 0) throw new IllegalStateException("release planned " + p);
                seconds.add(s);
                report.add(NAME, system, "release " + (run + 1) + " → " + String.format("%,d", n) + " targets planned, given it, announced",
                        String.format("%.2f s", s));
                admin.post("/api/v1/ota/request/" + id + "/complete/", RestClient.JSON.createObjectNode());
            }
            report.add(NAME, system, "release, median of " + seconds.size(), String.format("%.2f s", ClusterScenario.median(seconds)), "< 2 s");
            report.usage(NAME, system, phase.end());
        }
    }

    // ---- download

    private void download(Bench bench, Report report, String store) throws Exception {
        int devices = bench.devices(1000);
        int downloaders = bench.fwDevices();
        byte[] firmware = new byte[bench.firmwareBytes()];
        new Random(17).nextBytes(firmware);
        String sha = sha256(firmware);
        MqttLoad.Shape shape = new MqttLoad.Shape(bench.rate(50), bench.qos(), bench.inflight(), bench.keys());
        Duration ramp = Duration.ofSeconds(bench.ramp(20));
        Duration steady = Duration.ofSeconds(bench.duration(30));
        report.add(NAME, "download", "shape", String.format("S1 ingest: %d devices, %s, %d s steady after %d s ramp; alongside or not, %d ThingsBoard "
                        + "devices downloading a %,d-byte firmware over MQTT in %d KiB chunks, one download after another, each checked by SHA-256",
                devices, shape.text(), steady.toSeconds(), ramp.toSeconds(), downloaders, firmware.length, CHUNK / 1024));
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int run = 0; run < bench.repeat(); run++) {
            for (boolean downloading : new boolean[] {false, true}) {
                try (Target target = bench.target(store)) {
                    RestClient admin = bench.admin(target);
                    Fleet fleet = Fleet.create(admin, devices);
                    // The same server state on both sides: the downloaders and their deployment exist, only the downloads differ.
                    String otaFleet = fleet(admin, fleet.org(), "tb");
                    List<String> tokens = new ArrayList<>();
                    List<String> slugs = createDevices(admin, fleet.org(), fleet.project(), downloaders, tokens);
                    register(admin, otaFleet, slugs);
                    String script = script(admin, fleet.org(), "fw", firmware);
                    admin.post("/api/v1/ota/request/", RestClient.JSON.createObjectNode().put("script", script).put("fleet", otaFleet).put("released", true));
                    MqttConnections.Opened opened = DeviceLoad.connectDevices(bench, target, fleet, report, NAME);
                    Downloads downloads = downloading ? Downloads.start(target.mqttPort(), tokens, firmware.length, sha) : null;
                    DeviceLoad.Outcome o = DeviceLoad.run(opened.clients(), DeviceLoad.telemetryTopics(opened.clients().size()), shape, target.stats(),
                            ramp, steady);
                    String system = "feedline/" + store + (downloading ? ", downloading" : ", no downloads") + ", run " + (run + 1);
                    report.add(NAME, system, "acknowledged", Report.rate(o.pointsPerSecond()));
                    report.add(NAME, system, "publish→PUBACK", o.load().ackLatency().text());
                    if (downloads != null) report.add(NAME, system, "firmware downloads", downloads.stop().text(ramp.plus(steady)));
                    report.usage(NAME, system, o.usage());
                    (downloading ? with : without).add(o.pointsPerSecond());
                    MqttConnections.closeAll(opened.clients());
                }
            }
        }
        report.add(NAME, "download", "ingest, ratio of medians, with / without downloads", Report.ratio(ClusterScenario.median(with),
                ClusterScenario.median(without)), "≥ 0.9");
    }

    /**
     * Devices downloading the firmware as the ThingsBoard SDK does: chunk after chunk on v2/fw/request/{rid}/chunk/{n}
     * until fw_size bytes arrived, then the SHA-256 is checked; a new download (a new rid) follows at once.
     */
    private static final class Downloads {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger corrupt = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();
        private final ConcurrentLinkedQueue<Double> seconds = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final ExecutorService pool;
        private final List<Future<?>> running = new ArrayList<>();

        private Downloads(int n) { pool = Executors.newFixedThreadPool(n); }

        static Downloads start(int mqttPort, List<String> tokens, long size, String sha) {
            Downloads d = new Downloads(tokens.size());
            for (String token : tokens) d.running.add(d.pool.submit(() -> d.loop(mqttPort, token, size, sha)));
            return d;
        }

        private void loop(int port, String token, long size, String sha) {
            Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("fw-" + token.substring(Math.max(0, token.length() - 12)))
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            try {
                c.connectWith().cleanStart(true).simpleAuth().username(token).applySimpleAuth().send();
                try (Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
                    c.subscribeWith().topicFilter("v2/fw/response/+/chunk/+").qos(MqttQos.AT_LEAST_ONCE).send();
                    for (int rid = 1; !stop.get(); rid++) {
                        long t0 = System.nanoTime();
                        ByteArrayOutputStream got = new ByteArrayOutputStream((int) size);
                        for (int chunk = 0; got.size() < size; chunk++) {
                            c.publishWith().topic("v2/fw/request/" + rid + "/chunk/" + chunk).qos(MqttQos.AT_LEAST_ONCE)
                                    .payload(Integer.toString(CHUNK).getBytes(StandardCharsets.UTF_8)).send();
                            Optional<Mqtt5Publish> p = publishes.receive(30, TimeUnit.SECONDS);
                            if (p.isEmpty()) throw new IllegalStateException("no answer to chunk " + chunk);
                            byte[] b = p.get().getPayloadAsBytes();
                            if (b.length == 0) throw new IllegalStateException("empty chunk " + chunk + " before fw_size");
                            got.writeBytes(b);
                            bytes.addAndGet(b.length);
                        }
                        seconds.add((System.nanoTime() - t0) / 1e9);
                        if (sha256(got.toByteArray()).equals(sha)) done.incrementAndGet();
                        else corrupt.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                errors.add(e.toString());
            } finally {
                try {
                    c.disconnect();
                } catch (RuntimeException ignored) {
                    // gone already
                }
            }
        }

        record Outcome(int done, int corrupt, long bytes, List<Double> seconds, List<String> errors) {
            String text(Duration over) {
                return String.format("%d verified, %d checksum mismatches, %.1f MiB served (%.1f MiB/s), one download median %.2f s%s", done, corrupt,
                        bytes / 1048576.0, bytes / 1048576.0 / over.toSeconds(), seconds.isEmpty() ? Double.NaN : ClusterScenario.median(seconds),
                        errors.isEmpty() ? "" : ", " + errors.size() + " devices failed (first: " + errors.get(0) + ")");
            }
        }

        Outcome stop() throws InterruptedException {
            stop.set(true);
            for (Future<?> f : running) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    errors.add(e.toString());
                }
            }
            pool.shutdownNow();
            return new Outcome(done.get(), corrupt.get(), bytes.get(), List.copyOf(seconds), List.copyOf(errors));
        }
    }

    // ---- setup through the REST API, in parallel (a server takes requests on many threads)

    private static String fleet(RestClient admin, String org, String name) {
        return admin.post("/api/v1/fleet/", RestClient.JSON.createObjectNode().put("org", org).put("name", name)).get("slug").asText();
    }

    private static List<String> createDevices(RestClient admin, String org, String project, int n) throws Exception {
        return createDevices(admin, org, project, n, new ArrayList<>());
    }

    /** n new devices of the org (claimed into project when given): their slugs, in order; their tokens are added to tokens. */
    private static List<String> createDevices(RestClient admin, String org, String project, int n, List<String> tokens) throws Exception {
        String[] slugs = new String[n];
        String[] secrets = new String[n];
        parallel(n, i -> {
            var body = RestClient.JSON.createObjectNode().put("org", org).put("label", "ota-" + i);
            if (project != null) body.put("project", project);
            JsonNode d = admin.post("/api/v1/device/", body);
            slugs[i] = d.get("slug").asText();
            secrets[i] = d.get("token").asText();
        });
        tokens.addAll(List.of(secrets));
        return List.of(slugs);
    }

    private static void register(RestClient admin, String fleet, List<String> devices) throws Exception {
        parallel(devices.size(), i -> admin.post("/api/v1/fleet/" + fleet + "/register/", RestClient.JSON.createObjectNode().put("device", devices.get(i))));
    }

    private static void parallel(int n, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                all.add(pool.submit(() -> task.accept(index)));
            }
            for (Future<?> f : all) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    /** A script of the org with this file: its slug. */
    private static String script(RestClient admin, String org, String name, byte[] file) throws Exception {
        String slug = admin.post("/api/v1/ota/script/", RestClient.JSON.createObjectNode().put("org", org).put("name", name).put("major_version", 1))
                .get("slug").asText();
        admin.postFile("/api/v1/ota/script/" + slug + "/file/", file);
        return slug;
    }

    static String sha256(byte[] bytes) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)); }
}
