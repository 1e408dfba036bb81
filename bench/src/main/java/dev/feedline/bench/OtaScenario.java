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
 * <li>wave: the same, but each downloader fetches the firmware once, all starting together as the steady window
 * starts (the "1 MiB to 100 devices at once"); the ingest rate is taken over the wave's own window (first
 * request to last verified download) and, without downloads, over a window as long at the same place; the ratio of
 * the medians (target ≥ 0.9).</li>
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
        if (bench.otaPhases().contains("wave")) wave(bench, report, store);
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

    /** What both download phases load the server with: S1's ingest and the downloaders' firmware. */
    private record Load(int devices, int downloaders, byte[] firmware, String sha, MqttLoad.Shape shape, Duration ramp, Duration steady) {
        static Load of(Bench bench) throws Exception {
            byte[] firmware = new byte[bench.firmwareBytes()];
            new Random(17).nextBytes(firmware);
            return new Load(bench.devices(1000), bench.fwDevices(), firmware, sha256(firmware),
                    new MqttLoad.Shape(bench.rate(50), bench.qos(), bench.inflight(), bench.keys()), Duration.ofSeconds(bench.ramp(20)),
                    Duration.ofSeconds(bench.duration(30)));
        }
    }

    private void download(Bench bench, Report report, String store) throws Exception {
        Load l = Load.of(bench);
        int devices = l.devices();
        int downloaders = l.downloaders();
        byte[] firmware = l.firmware();
        String sha = l.sha();
        MqttLoad.Shape shape = l.shape();
        Duration ramp = l.ramp();
        Duration steady = l.steady();
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
                    List<String> tokens = releasedToDownloaders(admin, fleet, downloaders, firmware);
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
     * The same server state on both sides of a comparison: the downloaders in a fleet of their own, beside the ingest
     * fleet, with the firmware released to them; only the downloads differ. Returns the downloaders' tokens.
     */
    private static List<String> releasedToDownloaders(RestClient admin, Fleet fleet, int downloaders, byte[] firmware) throws Exception {
        String otaFleet = fleet(admin, fleet.org(), "tb");
        List<String> tokens = new ArrayList<>();
        List<String> slugs = createDevices(admin, fleet.org(), fleet.project(), downloaders, tokens);
        register(admin, otaFleet, slugs);
        String script = script(admin, fleet.org(), "fw", firmware);
        admin.post("/api/v1/ota/request/", RestClient.JSON.createObjectNode().put("script", script).put("fleet", otaFleet).put("released", true));
        return tokens;
    }

    // ---- one wave

    /**
     * One wave: the downloaders connect (on both sides), fetch the firmware {@code --ota-warm-waves} times during the
     * ramp (on both sides: a server that has served firmware before, its serving path compiled and the ingest's
     * recompiled around it) and, on one side, once more as the steady window starts, chunk after chunk as fast as it is
     * answered. The ingest rate is taken over that wave (its start to its last download) and, without it, over a
     * window as long at the same place in the run; so the side with downloads runs first in each pair.
     */
    private void wave(Bench bench, Report report, String store) throws Exception {
        Load l = Load.of(bench);
        byte[] firmware = l.firmware();
        MqttLoad.Shape shape = l.shape();
        int warmWaves = bench.otaWarmWaves();
        // A wave at the default pace (2 MiB/s) takes about 50 s: the ramp holds the warm ones and the steady window the
        // measured one, unless told otherwise.
        Duration ramp = Duration.ofSeconds(bench.ramp(20 + 60 * warmWaves));
        Duration steady = Duration.ofSeconds(bench.duration(60));
        report.add(NAME, "wave", "shape", String.format("S1 ingest: %d devices, %s, %d s steady after %d s ramp; %d ThingsBoard devices connected, "
                        + "on both sides each downloads a %,d-byte firmware %d times during the ramp (warm-up), and on one side once more in "
                        + "%d KiB chunks, all starting with the steady window; ingest measured over that wave (without: as long a window at "
                        + "the same place)",
                l.devices(), shape.text(), steady.toSeconds(), ramp.toSeconds(), l.downloaders(), firmware.length, warmWaves, CHUNK / 1024));
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int run = 0; run < bench.repeat(); run++) {
            double waveSeconds = steady.toSeconds();
            for (boolean downloading : new boolean[] {true, false}) {
                try (Target target = bench.target(store)) {
                    RestClient admin = bench.admin(target);
                    Fleet fleet = Fleet.create(admin, l.devices());
                    List<String> tokens = releasedToDownloaders(admin, fleet, l.downloaders(), firmware);
                    MqttConnections.Opened opened = DeviceLoad.connectDevices(bench, target, fleet, report, NAME);
                    // Both sides: the warm waves and one more, which only the side with downloads starts (the other side's
                    // downloaders stay connected until the end, as the measured ones do).
                    Downloads downloads = Downloads.connect(target.mqttPort(), tokens, firmware.length, l.sha(), warmWaves + 1);
                    java.util.concurrent.CountDownLatch warmed = downloads.warmUp(warmWaves);
                    MqttLoad load = new MqttLoad(opened.clients(), DeviceLoad.telemetryTopics(opened.clients().size()), shape);
                    Window window = new Window(load);
                    java.util.concurrent.atomic.AtomicReference<ProcessStats.Phase> phase = new java.util.concurrent.atomic.AtomicReference<>();
                    java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
                    long measureNanos = downloading ? steady.toNanos() : (long) (waveSeconds * 1e9);
                    MqttLoad.Result steadyResult;
                    try {
                        steadyResult = load.run(ramp, steady, () -> {
                            if (warmed.getCount() > 0) {
                                throw new IllegalStateException("the warm-up waves outlasted the " + ramp.toSeconds() + " s ramp (give a longer --ramp) or failed: "
                                        + downloads.errorsSoFar());
                            }
                            phase.set(target.stats().phase());
                            window.open();
                            if (downloading) downloads.go(window::close);
                            // Without downloads the window's end; with them, the end of the steady window if the wave outlasts it.
                            timer.schedule(downloading ? window::deadline : window::close, measureNanos, TimeUnit.NANOSECONDS);
                        });
                    } catch (RuntimeException | InterruptedException e) {
                        downloads.stop();
                        throw e;
                    } finally {
                        timer.shutdownNow();
                    }
                    ProcessStats.Usage usage = phase.get().end();
                    Downloads.Outcome outcome = downloads.stop();
                    String system = "feedline/" + store + (downloading ? ", one wave" : ", no downloads") + ", run " + (run + 1);
                    report.add(NAME, system, String.format("acknowledged over the %s window (%.1f s)", downloading ? "wave's" : "same", window.seconds()),
                            Report.rate(window.messagesPerSecond() * shape.keys()));
                    report.add(NAME, system, "acknowledged, whole steady window", Report.rate(steadyResult.messagesPerSecond() * shape.keys()));
                    report.add(NAME, system, "publish→PUBACK (whole steady window)", steadyResult.ackLatency().text());
                    if (downloading) {
                        report.add(NAME, system, "firmware wave", outcome.text(Duration.ofNanos(window.nanos()))
                                + (window.cutShort() ? "; the wave outlasted the steady window" : ""));
                        waveSeconds = window.seconds();
                    }
                    report.usage(NAME, system, usage);
                    (downloading ? with : without).add(window.messagesPerSecond() * shape.keys());
                    MqttConnections.closeAll(opened.clients());
                }
            }
        }
        report.add(NAME, "wave", "ingest while one wave runs, ratio of medians, with / without", Report.ratio(ClusterScenario.median(with),
                ClusterScenario.median(without)), "≥ 0.9");
    }

    /** Acknowledged messages between open and the first close (later closes change nothing). */
    private static final class Window {
        private final MqttLoad load;
        private long openedAt;
        private long ackedAtOpen;
        private long closedAt;
        private long ackedAtClose;
        private boolean cutShort;

        Window(MqttLoad load) { this.load = load; }

        synchronized void open() {
            openedAt = System.nanoTime();
            ackedAtOpen = load.ackedSoFar();
        }

        synchronized void close() {
            if (closedAt != 0) return;
            closedAt = System.nanoTime();
            ackedAtClose = load.ackedSoFar();
        }

        synchronized long nanos() { return Math.max(1, (closedAt == 0 ? System.nanoTime() : closedAt) - openedAt); }

        double seconds() { return nanos() / 1e9; }

        synchronized double messagesPerSecond() { return (ackedAtClose - ackedAtOpen) / seconds(); }

        synchronized boolean cutShort() { return cutShort; }

        /** The end of the steady window: a wave still running then is cut short there. */
        synchronized void deadline() {
            if (closedAt != 0) return;
            cutShort = true;
            close();
        }
    }

    /**
     * Devices downloading the firmware as the ThingsBoard SDK does: chunk after chunk on v2/fw/request/{rid}/chunk/{n}
     * until fw_size bytes arrived, then the SHA-256 is checked; a new download (a new rid) follows at once, until
     * stopped or, with {@code waves} above 0, after that many downloads each. The devices connect first and start
     * downloading together on {@link #go}.
     */
    private static final class Downloads {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final int devices;
        private final int waves;
        private final java.util.concurrent.CountDownLatch connected;
        /** One latch per wave (one in all when downloading until stopped): {@link #go} opens the next. */
        private final java.util.concurrent.CountDownLatch[] go;
        private final AtomicInteger opened = new AtomicInteger();
        /** Per wave: devices done with it (or failed), and what runs when all are. */
        private final AtomicInteger[] finished;
        private final java.util.concurrent.atomic.AtomicReferenceArray<Runnable> whenAllDone;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger corrupt = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();
        private final ConcurrentLinkedQueue<Double> seconds = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final ExecutorService pool;
        private final List<Future<?>> running = new ArrayList<>();

        private Downloads(int n, int waves) {
            pool = Executors.newFixedThreadPool(n);
            devices = n;
            this.waves = waves;
            go = new java.util.concurrent.CountDownLatch[Math.max(1, waves)];
            finished = new AtomicInteger[go.length];
            whenAllDone = new java.util.concurrent.atomic.AtomicReferenceArray<>(go.length);
            for (int i = 0; i < go.length; i++) {
                go[i] = new java.util.concurrent.CountDownLatch(1);
                finished[i] = new AtomicInteger();
            }
            connected = new java.util.concurrent.CountDownLatch(n);
        }

        /** Downloads back to back from now until stopped. */
        static Downloads start(int mqttPort, List<String> tokens, long size, String sha) throws InterruptedException {
            Downloads d = connect(mqttPort, tokens, size, sha, 0);
            d.go(() -> {});
            return d;
        }

        /** The devices connected and subscribed (or failed), waiting for {@link #go}; waves downloads each then (0: until stopped). */
        static Downloads connect(int mqttPort, List<String> tokens, long size, String sha, int waves) throws InterruptedException {
            Downloads d = new Downloads(tokens.size(), waves);
            for (String token : tokens) d.running.add(d.pool.submit(() -> d.loop(mqttPort, token, size, sha)));
            if (!d.connected.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("downloaders not connected in 60 s");
            return d;
        }

        /**
         * Starts the next wave of downloads; whenAllDone (of the last wave's call) runs once every device has finished
         * (or failed). Must return at once.
         */
        void go(Runnable whenAllDone) {
            int i = opened.getAndIncrement();
            if (i >= go.length) return;
            this.whenAllDone.set(i, whenAllDone);
            go[i].countDown();
            if (finished[i].get() == devices) fire(i); // every device failed before this wave was started
        }

        /** Runs the wave's whenAllDone once, whichever of the last device and {@link #go} comes second. */
        private void fire(int wave) {
            Runnable r = whenAllDone.getAndSet(wave, null);
            if (r != null) r.run();
        }

        /** The errors so far, for a message. */
        List<String> errorsSoFar() { return List.copyOf(errors); }

        /** Starts n waves one after the other (each when the last is done): the latch opens when all are done. */
        java.util.concurrent.CountDownLatch warmUp(int n) {
            java.util.concurrent.CountDownLatch warmed = new java.util.concurrent.CountDownLatch(1);
            AtomicInteger left = new AtomicInteger(n);
            Runnable next = new Runnable() {
                @Override
                public void run() {
                    if (left.getAndDecrement() > 0) go(this);
                    else warmed.countDown();
                }
            };
            next.run();
            return warmed;
        }

        /** This device is done with waves [from, to) (downloaded, failed or stopped). */
        private void finish(int from, int to) {
            for (int i = from; i < to; i++) if (finished[i].incrementAndGet() == devices) fire(i);
        }

        private void loop(int port, String token, long size, String sha) {
            Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("fw-" + token.substring(Math.max(0, token.length() - 12)))
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            boolean ready = false;
            int accounted = 0;
            try {
                c.connectWith().cleanStart(true).simpleAuth().username(token).applySimpleAuth().send();
                try (Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
                    c.subscribeWith().topicFilter("v2/fw/response/+/chunk/+").qos(MqttQos.AT_LEAST_ONCE).send();
                    connected.countDown();
                    ready = true;
                    for (int rid = 1; !stop.get() && (waves <= 0 || rid <= waves); rid++) {
                        if (rid <= go.length) go[rid - 1].await();
                        if (stop.get()) break;
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
                            if (rid >= waves) bytes.addAndGet(b.length);
                        }
                        // Only the last wave counts: the ones before it warm the server up.
                        if (rid >= waves) {
                            seconds.add((System.nanoTime() - t0) / 1e9);
                            if (sha256(got.toByteArray()).equals(sha)) done.incrementAndGet();
                            else corrupt.incrementAndGet();
                        }
                        if (rid <= go.length) finish(accounted, accounted = rid);
                    }
                }
            } catch (Exception e) {
                errors.add(e.toString());
            } finally {
                if (!ready) connected.countDown();
                finish(accounted, go.length);
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
                        bytes / 1048576.0, bytes / 1048576.0 / (over.toNanos() / 1e9), seconds.isEmpty() ? Double.NaN : ClusterScenario.median(seconds),
                        errors.isEmpty() ? "" : ", " + errors.size() + " devices failed (first: " + errors.get(0) + ")");
            }
        }

        Outcome stop() throws InterruptedException {
            stop.set(true);
            for (java.util.concurrent.CountDownLatch g : go) g.countDown();
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
