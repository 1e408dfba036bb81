package dev.feedline.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * POST /api/v1/data/ from a few client threads, each keeping one request in flight. A 201 means the
 * points are committed (ack after commit), so committed points/s is 201s × points per request.
 */
final class HttpIngest {
    private final RestClient client;
    private final int batch;
    private final int concurrency;
    private final Latency latency = new Latency();
    private final LongAdder committed = new LongAdder();
    private final Map<Integer, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    HttpIngest(RestClient client, int batch, int concurrency) {
        this.client = client;
        this.batch = batch;
        this.concurrency = concurrency;
    }

    record Result(long points, double seconds, Latency.Summary requestLatency, Map<Integer, Long> failures, String firstError) {
        double pointsPerSecond() { return points / seconds; }

        String failureText() { return failures.isEmpty() ? "none" : failures + " (first: " + firstError + ")"; }
    }

    /** Sends until the source is dry or the time is up (warm-up first, its numbers discarded). */
    Result run(PointSource source, Duration warmUp, Duration steady) throws InterruptedException {
        long start = System.nanoTime();
        long steadyStart = start + warmUp.toNanos();
        long end = steadyStart + steady.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> work(source, end), "http-ingest-" + i);
            t.start();
            workers.add(t);
        }
        long committedAtSteady = 0;
        boolean steadyStarted = warmUp.isZero();
        for (Thread t : workers) {
            while (t.isAlive()) {
                if (!steadyStarted && System.nanoTime() >= steadyStart) {
                    steadyStarted = true;
                    latency.reset();
                    committedAtSteady = committed.sum();
                }
                t.join(20);
            }
        }
        if (!steadyStarted) steadyStart = start;
        Map<Integer, Long> failed = new TreeMap<>();
        failures.forEach((status, n) -> failed.put(status, n.sum()));
        return new Result(committed.sum() - committedAtSteady, (System.nanoTime() - steadyStart) / 1e9, latency.summary(), failed, firstError.get());
    }

    private void work(PointSource source, long end) {
        while (System.nanoTime() < end) {
            PointSource.Batch next = source.next(batch);
            if (next == null) return;
            long sentAt = System.nanoTime();
            int status;
            String answer;
            try {
                HttpResponse<String> r = client.http().send(client.request("/api/v1/data/").POST(HttpRequest.BodyPublishers.ofString(next.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                answer = r.body();
            } catch (Exception e) {
                status = -1;
                answer = e.toString();
            }
            if (status == 201) {
                latency.record(System.nanoTime() - sentAt);
                committed.add(next.points());
            } else {
                failures.computeIfAbsent(status, s -> new LongAdder()).increment();
                firstError.compareAndSet(null, status + " " + answer);
            }
        }
    }
}
