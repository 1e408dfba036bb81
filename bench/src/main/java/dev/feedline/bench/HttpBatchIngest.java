package dev.feedline.bench;

import java.time.Duration;
import java.util.List;

/**
 * S2: POST /api/v1/data/ with 1,000 points per request (201 = committed), then single-point requests,
 * then the same number of rows written straight into each store (RawStore) as the ceiling Feedline is
 * measured against.
 */
final class HttpBatchIngest implements Scenario {
    /** Feedline's default ingest.batch.points: the most it commits in one transaction under load. */
    private static final int FEEDLINE_MAX_COMMIT = 20_000;

    @Override public String name() { return "S2"; }

    @Override public String title() { return "HTTP batch ingest: ≥ 200,000 points/s committed with 1,000 points per request, ≥ 0.5 × the store's raw write limit"; }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        int streams = bench.devices(100);
        int batch = bench.batch(1000);
        Duration warmUp = Duration.ofSeconds(bench.ramp(5));
        Duration steady = Duration.ofSeconds(bench.duration(60));
        report.add(name(), "load", "shape", streams + " streams, " + batch + " points per request, " + bench.httpClients() + " requests in flight, "
                + steady.toSeconds() + " s after " + warmUp.toSeconds() + " s warm-up");
        for (String store : bench.stores()) {
            String system = "feedline/" + store;
            HttpIngest.Result batched;
            try (Target target = bench.target(store)) {
                RestClient admin = bench.admin(target);
                List<String> streamSlugs = Fleet.create(admin, streams).devices().stream().map(Fleet.Device::stream).toList();
                ProcessStats.Phase phase = target.stats().phase();
                IngestMetrics before = IngestMetrics.read(target.baseUrl());
                batched = new HttpIngest(admin, batch, bench.httpClients()).run(PointSource.roundRobin(streamSlugs), warmUp, steady);
                ProcessStats.Usage usage = phase.end();
                report.add(name(), system, "committed, " + batch + "/request", Report.rate(batched.pointsPerSecond()), "≥ 200,000 points/s");
                report.add(name(), system, "request latency", batched.requestLatency().text());
                report.add(name(), system, "failed requests", batched.failureText());
                report.usage(name(), system, usage);
                report.add(name(), system, "group commit (server metrics, with warm-up)", IngestMetrics.read(target.baseUrl()).since(before));
                // Single-point requests, as most devices send them: group commit is what keeps these cheap.
                int singleClients = bench.httpClients() * 4;
                HttpIngest.Result single = new HttpIngest(admin, 1, singleClients).run(PointSource.roundRobin(streamSlugs), Duration.ofSeconds(1), steady.dividedBy(2));
                report.add(name(), system, "committed, 1/request, " + singleClients + " in flight", Report.rate(single.pointsPerSecond()));
                report.add(name(), system, "single request latency", single.requestLatency().text());
                report.add(name(), system, "single failed requests", single.failureText());
            }
            // The rows Feedline committed; at least two full commits so a short run still measures something.
            long rows = Math.max(2L * FEEDLINE_MAX_COMMIT, batched.points());
            for (int perTransaction : new int[] {batch, FEEDLINE_MAX_COMMIT}) {
                RawStore.Result raw = rawRun(bench, store, streams, rows, perTransaction);
                if (raw == null) continue;
                report.add(name(), raw.system(), "rows/s, " + perTransaction + " rows/transaction", Report.rate(raw.rowsPerSecond()));
                report.add(name(), system, "ratio to " + raw.system() + " (" + perTransaction + "/txn)", Report.ratio(batched.pointsPerSecond(), raw.rowsPerSecond()), "≥ 0.5");
            }
        }
    }

    private static RawStore.Result rawRun(Bench bench, String store, int streams, long rows, int perTransaction) throws Exception {
        return switch (store) {
            case "sqlite", "external" -> RawStore.sqlite(bench.workDir(), streams, rows, perTransaction);
            case "postgresql" -> RawStore.postgres(bench.pgUrlOrNull(), bench.pgUser, bench.pgPassword, streams, rows, perTransaction);
            default -> null;
        };
    }
}
