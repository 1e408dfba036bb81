package dev.feedline.server;

import dev.feedline.core.port.JobQueue;
import dev.feedline.store.jdbc.JdbcJobQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;

/**
 * feedline_jobs{type,state} at /metrics: how many jobs of each registered type are queued, running, done or failed
 * (failed and done until their records are pruned). One grouped query per scrape, shared by every gauge.
 */
final class JobMetrics {
    private static final long REFRESH_NANOS = 1_000_000_000L;
    private final JdbcJobQueue queue;
    private Map<String, Map<JobQueue.State, Long>> snapshot = Map.of();
    private long takenAt;

    private JobMetrics(JdbcJobQueue queue) { this.queue = queue; }

    /** Registers the gauges of every type registered with the queue so far. */
    static void bind(JdbcJobQueue queue, MeterRegistry registry) {
        JobMetrics metrics = new JobMetrics(queue);
        for (String type : queue.counts().keySet()) {
            for (JobQueue.State state : JobQueue.State.values()) {
                Gauge.builder("feedline.jobs", metrics, m -> m.count(type, state))
                        .description("Background jobs by type and state")
                        .tag("type", type).tag("state", state.name().toLowerCase(Locale.ROOT))
                        .strongReference(true)
                        .register(registry);
            }
        }
    }

    private synchronized double count(String type, JobQueue.State state) {
        long now = System.nanoTime();
        if (takenAt == 0 || now - takenAt > REFRESH_NANOS) {
            try {
                snapshot = queue.counts();
            } catch (RuntimeException e) {
                // The database is away: the scrape shows the last counts rather than failing.
            }
            takenAt = now;
        }
        return snapshot.getOrDefault(type, Map.of()).getOrDefault(state, 0L);
    }
}
