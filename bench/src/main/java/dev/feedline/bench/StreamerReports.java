package dev.feedline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * R1 (issue 16 point 10): IOTile streamer reports. First one binary signed list report of --report-readings
 * readings at a time, timed from the upload to its job's {@code done} at /api/v1/pid/ (median of --repeat runs);
 * then --concurrent-reports reports uploaded at once, each sharing half its readings with the device's next one,
 * and the points stored per stream counted against the distinct readings sent: none may be lost or stored twice.
 */
final class StreamerReports implements Scenario {
    /** Reports of one device in the concurrent part: their send times differ by 3 s steps, under a 10 s reading spacing. */
    private static final int REPORTS_PER_DEVICE = 10;

    @Override public String name() { return "R1"; }

    @Override public String title() {
        return "IOTile streamer reports: a 10,000-reading binary report parsed and committed < 1 s; 100 reports at once, no reading lost or duplicated";
    }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        int readings = bench.reportReadings();
        int repeat = bench.reportRuns();
        int concurrent = bench.concurrentReports();
        // Even, so that two reports' readings never land on one time (see signedList).
        int perReport = Math.max(2, bench.concurrentReadings() / 2 * 2);
        int devices = Math.max(bench.devices(10), (concurrent + REPORTS_PER_DEVICE - 1) / REPORTS_PER_DEVICE);
        report.add(name(), "load", "shape", "1 report of " + readings + " readings × " + repeat + " runs; then " + concurrent + " reports of "
                + perReport + " readings (half shared with the next) over " + devices + " devices");
        for (String store : bench.stores()) {
            String system = "feedline/" + store;
            try (Target target = bench.target(store)) {
                RestClient admin = bench.admin(target);
                // One device more: the big reports' own, so their points never share a stream (or a time) with the others.
                Fleet fleet = Fleet.create(admin, devices + 1);
                ProcessStats.Phase phase = target.stats().phase();
                // One big report at a time: new ids each run, so nothing is skipped as already acknowledged.
                Fleet.Device first = fleet.devices().get(devices);
                List<Double> toDone = new ArrayList<>();
                List<Double> toCreated = new ArrayList<>();
                for (int run = 0; run < repeat; run++) {
                    long firstId = 1L + (long) run * readings;
                    byte[] file = signedList(deviceId(first.slug()), 1, firstId, readings, 0);
                    long start = System.nanoTime();
                    JsonNode created = upload(admin, file, Instant.now().truncatedTo(ChronoUnit.SECONDS));
                    toCreated.add((System.nanoTime() - start) / 1e6);
                    awaitDone(admin, created.get("pid").asText(), Duration.ofMinutes(2));
                    toDone.add((System.nanoTime() - start) / 1e6);
                }
                report.add(name(), system, readings + "-reading report, upload→pid done (median of " + repeat + ")",
                        String.format("%.0f ms (runs: %s)", median(toDone), runs(toDone)), "< 1,000 ms");
                report.add(name(), system, readings + "-reading report, upload→201 (median)", String.format("%.0f ms", median(toCreated)));

                // Many reports at once, up to REPORTS_PER_DEVICE per device.
                Instant received = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                List<byte[]> files = new ArrayList<>();
                long[] expected = new long[devices];
                for (int k = 0; k < concurrent; k++) {
                    int device = k % devices;
                    int j = k / devices;
                    long firstId = 1L + (long) j * (perReport / 2);
                    files.add(signedList(deviceId(fleet.devices().get(device).slug()), 2, firstId, perReport, j));
                    expected[device] = Math.max(expected[device], firstId + perReport - 1);
                }
                long start = System.nanoTime();
                List<String> pids = uploadAll(admin, files, received);
                for (String pid : pids) awaitDone(admin, pid, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                long lost = 0;
                long duplicated = 0;
                for (int d = 0; d < devices; d++) {
                    long stored = count(admin, fleet.devices().get(d).stream());
                    if (stored < expected[d]) lost += expected[d] - stored;
                    else duplicated += stored - expected[d];
                }
                report.add(name(), system, concurrent + " reports at once, all processed", String.format("%.1f s", seconds));
                report.add(name(), system, "readings lost / stored twice", lost + " / " + duplicated + " of " + Arrays.stream(expected).sum(), "0 / 0");
                report.usage(name(), system, phase.end());
            }
        }
    }

    private static String runs(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).reduce((a, b) -> a + ", " + b).orElse("");
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The number in a d-- slug: its hex groups. */
    static long deviceId(String slug) { return Long.parseLong(slug.substring(3).replace("-", ""), 16); }

    /**
     * A signed list report (fmt 1, hash-only) of readings firstId.. on stream 5001, reading n at uptime 10 n s,
     * sent at the last reading's uptime plus 3 × shift seconds: the same reading in two reports lies at two times, so
     * one stored twice is counted twice rather than overwritten, and (count even, under 10 reports a device) two
     * different readings never share a time.
     */
    static byte[] signedList(long deviceId, int streamerIndex, long firstId, int count, int shift) throws Exception {
        int length = 20 + count * 16 + 24;
        long lastId = firstId + count - 1;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) (length & 0xFF)).putShort((short) (length >>> 8));
        b.putInt((int) deviceId).putInt(0).putInt((int) (10 * lastId + 3L * shift));
        b.put((byte) 0).put((byte) streamerIndex).putShort((short) 0xD7FF);
        for (long id = firstId; id <= lastId; id++) b.putShort((short) 0x5001).putShort((short) 0).putInt((int) id).putInt((int) (10 * id)).putInt((int) id);
        b.putInt((int) firstId).putInt((int) lastId);
        byte[] bytes = b.array();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(bytes, 0, length - 16);
        System.arraycopy(sha.digest(), 0, bytes, length - 16, 16);
        return bytes;
    }

    private static List<String> uploadAll(RestClient admin, List<byte[]> files, Instant received) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(files.size(), 100));
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> pids = new ArrayList<>();
            for (byte[] file : files) {
                pids.add(pool.submit(() -> {
                    go.await();
                    return upload(admin, file, received).get("pid").asText();
                }));
            }
            go.countDown();
            List<String> out = new ArrayList<>();
            for (Future<String> pid : pids) out.add(pid.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** POST /api/v1/streamer/report/ as multipart, field file; the 201 body. */
    static JsonNode upload(RestClient admin, byte[] file, Instant received) throws Exception {
        String boundary = "feedline-bench-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 256);
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = admin.request("/api/v1/streamer/report/?timestamp=" + received)
                .setHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<byte[]> r = admin.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 201) throw new IllegalStateException("report upload answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return RestClient.JSON.readTree(r.body());
    }

    /** Polls /api/v1/pid/ every 2 ms until the job is done; a failed job or the deadline is an error. */
    private static void awaitDone(RestClient admin, String pid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String status = admin.get("/api/v1/pid/?pid=" + pid).get("status").asText();
            if (status.equals("done")) return;
            if (status.equals("failed")) throw new IllegalStateException("report job " + pid + " failed");
            if (System.nanoTime() > deadline) throw new IllegalStateException("report job " + pid + " not done within " + limit);
            Thread.sleep(2);
        }
    }

    private static long count(RestClient admin, String stream) {
        return admin.get("/api/v1/data/?page_size=1&filter=" + stream).get("count").asLong();
    }
}
