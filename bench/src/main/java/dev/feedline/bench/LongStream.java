package dev.feedline.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * S5: one stream holding a year of points, loaded through HTTP batch ingest (the fast path a user has),
 * then the two queries a dashboard makes, timed over HTTP: a 1,000-bucket aggregate of the whole year
 * and the newest 1,000 raw points. Each query runs once to warm up, then --queries times.
 *
 * <p>The aggregate's buckets are rounded to whole hours (9 h, 974 buckets), as a dashboard picks them, so they
 * read the hourly rollups; the harness first waits for the server's rollup job to catch up with the load
 * (its gauge feedline_rollups_caught_up_epoch_seconds) and reports how long that took. The exact 1,000 buckets
 * of 8.76 h still group raw rows and are reported too, with at most 3 repetitions.
 */
final class LongStream implements Scenario {
    /** Under the 1 MiB default body limit at about 100 bytes a point. */
    private static final int LOAD_BATCH = 5000;
    private static final int BUCKETS = 1000;
    private static final Duration ROLLUP_WAIT = Duration.ofMinutes(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override public String name() { return "S5"; }

    @Override public String title() { return "a stream of 10 million points over a year: 1,000-bucket aggregate < 200 ms, last 1,000 points < 20 ms"; }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        long points = bench.points(10_000_000);
        for (String store : bench.stores()) {
            String system = "feedline/" + store;
            try (Target target = bench.target(store)) {
                RestClient admin = bench.admin(target);
                String stream = Fleet.create(admin, 1).devices().get(0).stream();
                PointSource year = PointSource.yearOf(stream, points);
                HttpIngest.Result load = new HttpIngest(admin, LOAD_BATCH, bench.httpClients()).run(year, Duration.ZERO, Duration.ofHours(6));
                report.add(name(), system, "bulk load over HTTP", String.format("%,d points in %.0f s: %s, failed requests %s", load.points(), load.seconds(),
                        Report.rate(load.pointsPerSecond()), load.failureText()));
                Instant loaded = Instant.now();
                Instant start = year.timestamp(0);
                Instant end = year.timestamp(points - 1).plusSeconds(1);
                // Aggregates in whole-hour buckets read the hourly rollups, which the server's rollup job writes in the
                // background after the load: wait for it (its gauge says when its newest complete run began).
                double waited = awaitRollups(target.baseUrl(), loaded, ROLLUP_WAIT);
                report.add(name(), system, "rollups caught up after the load", waited < 0 ? "not within " + ROLLUP_WAIT.toMinutes() + " min"
                        : String.format("%.0f s", waited));
                // The dashboard's 1,000 buckets of a year are 8.76 h each; rounded to a whole hour (9 h, 974 buckets) they read rollups.
                long hours = Math.max(1, Math.round(Duration.between(start, end).toSeconds() / 3600.0 / BUCKETS));
                String aggregate = aggregatePath(stream, start, end, Duration.ofHours(hours));
                Latency.Summary agg = time(admin, aggregate, bench.queries());
                String answer = admin.get(aggregate).get("count").asText() + " buckets";
                report.add(name(), system, "aggregate of a year, " + answer + " of " + hours + " h", agg.text(), "< 200 ms");
                // The exact 1,000 buckets are not whole hours: the hourly rollups serve the hours inside a bucket, and the hour
                // each boundary cuts is read from its minute rollups (dense hours) and the cut minute's raw points.
                long bucketSeconds = Math.max(1, Duration.between(start, end).getSeconds() / BUCKETS);
                String exact = aggregatePath(stream, start, end, Duration.ofSeconds(bucketSeconds));
                report.add(name(), system, "aggregate of a year, " + BUCKETS + " buckets of " + Duration.ofSeconds(bucketSeconds)
                        + " (rollups, cut hours by minute)", time(admin, exact, Math.min(20, bench.queries())).text(), "< 200 ms");
                String last = "/api/v1/stream/" + stream + "/data/?lastn=1000";
                report.add(name(), system, "last 1,000 raw points", time(admin, last, bench.queries()).text(), "< 20 ms");
            }
        }
    }

    private static String aggregatePath(String stream, Instant start, Instant end, Duration bucket) {
        return "/api/v1/stream/" + stream + "/aggregate/?fn=avg&bucket=" + bucket + "&start=" + encode(start) + "&end=" + encode(end);
    }

    /**
     * Polls the server's gauge feedline_rollups_caught_up_epoch_seconds until a rollup run that began after
     * {@code since} found nothing left to do; returns the seconds that took, or -1 at the timeout (or
     * without the gauge: an older server).
     */
    private static double awaitRollups(String baseUrl, Instant since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String text = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    if (line.startsWith("feedline_rollups_caught_up_epoch_seconds ")
                            && Double.parseDouble(line.substring(line.indexOf(' ') + 1)) * 1000 >= since.toEpochMilli()) {
                        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
                    }
                }
            } catch (java.io.IOException e) {
                // the server is busy: try again
            }
            Thread.sleep(1000);
        }
        return -1;
    }

    /**
     * Times a query from the request to the last byte of the answer (not the client's JSON parsing), after
     * as many warm-up requests: a dashboard server answers the same queries over and over, and the first few
     * ran interpreted code in both JVMs.
     */
    private static Latency.Summary time(RestClient client, String path, int repetitions) {
        for (int i = 0; i < repetitions; i++) client.getBytes(path);
        Latency latency = new Latency();
        for (int i = 0; i < repetitions; i++) {
            long t = System.nanoTime();
            client.getBytes(path);
            latency.record(System.nanoTime() - t);
        }
        return latency.summary();
    }

    private static String encode(Instant t) { return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8); }
}
