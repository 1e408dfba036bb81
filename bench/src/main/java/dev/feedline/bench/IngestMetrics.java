package dev.feedline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Feedline's own view of its group commit, from its Prometheus endpoint: how many commits ran, how many
 * points each carried and how long each took. It tells whether the writer was busy (commit time × commits
 * ≈ wall time) or starved (small batches, idle writer), which the client-side numbers cannot.
 */
final class IngestMetrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Map<String, Double> values;
    private final long atNanos = System.nanoTime();

    private IngestMetrics(Map<String, Double> values) { this.values = values; }

    static IngestMetrics read(String baseUrl) {
        Map<String, Double> v = new HashMap<>();
        try {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("feedline_ingest_batch_points_") || line.startsWith("feedline_ingest_commit_seconds_")) {
                    String[] parts = line.split(" ");
                    if (parts[0].endsWith("_count") || parts[0].endsWith("_sum")) v.put(parts[0], Double.parseDouble(parts[1]));
                }
            }
        } catch (Exception e) {
            // no metrics (an older server): the report says n/a
        }
        return new IngestMetrics(v);
    }

    /** "N commits/s, M points per commit, T ms per commit, writer busy X%" between before and now. */
    String since(IngestMetrics before) {
        double commits = delta(before, "feedline_ingest_commit_seconds_count");
        if (commits <= 0) return "n/a";
        double seconds = (atNanos - before.atNanos) / 1e9;
        double commitSeconds = delta(before, "feedline_ingest_commit_seconds_sum");
        return String.format("%.0f commits/s, %.0f points per commit, %.1f ms per commit, writer busy %.0f%%", commits / seconds,
                delta(before, "feedline_ingest_batch_points_sum") / delta(before, "feedline_ingest_batch_points_count"),
                commitSeconds / commits * 1000, commitSeconds / seconds * 100);
    }

    private double delta(IngestMetrics before, String name) { return values.getOrDefault(name, 0.0) - before.values.getOrDefault(name, 0.0); }
}
