package dev.feedline.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * S5: one stream holding a year of points, loaded through HTTP batch ingest (the fast path a user has),
 * then the two queries a dashboard makes, timed over HTTP: a 1,000-bucket aggregate of the whole year
 * and the newest 1,000 raw points. Each query runs once to warm up, then --queries times.
 */
final class LongStream implements Scenario {
    /** Under the 1 MiB default body limit at about 100 bytes a point. */
    private static final int LOAD_BATCH = 5000;
    private static final int BUCKETS = 1000;

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
                Instant start = year.timestamp(0);
                Instant end = year.timestamp(points - 1).plusSeconds(1);
                long bucketSeconds = Math.max(1, Duration.between(start, end).getSeconds() / BUCKETS);
                String aggregate = "/api/v1/stream/" + stream + "/aggregate/?fn=avg&bucket=" + Duration.ofSeconds(bucketSeconds)
                        + "&start=" + encode(start) + "&end=" + encode(end);
                Latency.Summary agg = time(admin, aggregate, bench.queries());
                report.add(name(), system, "aggregate, " + BUCKETS + " buckets of a year", agg.text(), "< 200 ms");
                report.add(name(), system, "aggregate answer", admin.get(aggregate).get("count").asText() + " buckets");
                String last = "/api/v1/stream/" + stream + "/data/?lastn=1000";
                report.add(name(), system, "last 1,000 raw points", time(admin, last, bench.queries()).text(), "< 20 ms");
            }
        }
    }

    private static Latency.Summary time(RestClient client, String path, int repetitions) {
        client.get(path);
        Latency latency = new Latency();
        for (int i = 0; i < repetitions; i++) {
            long t = System.nanoTime();
            client.get(path);
            latency.record(System.nanoTime() - t);
        }
        return latency.summary();
    }

    private static String encode(Instant t) { return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8); }
}
