package dev.feedline.server;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JobQueue that runs jobs on one thread of this process and keeps them only in memory: NOT durable (queued
 * jobs are lost on a restart) and not shared in a cluster. It stands in until the durable db-scheduler queue
 * (issue 16, point 4) is merged, which replaces it in {@link FeedlineServer}; tests use it to run handlers for real.
 * A failed attempt is retried at once until the type's attempts are used.
 */
public final class InProcessJobQueue implements JobQueue {
    private static final Logger log = LoggerFactory.getLogger(InProcessJobQueue.class);
    private static final int MAX_PAYLOAD = 64 * 1024;

    private record Type(int maxAttempts, Handler handler) {}

    private final Map<String, Type> types = new ConcurrentHashMap<>();
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final ExecutorService runner;
    private final Clock clock;
    private volatile boolean started;

    public InProcessJobQueue(Clock clock) {
        this.clock = clock;
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jobs");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void register(String type, int maxAttempts, Handler handler) {
        if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt");
        if (types.putIfAbsent(type, new Type(maxAttempts, handler)) != null) throw new IllegalStateException("job type " + type + " registered twice");
    }

    @Override
    public String enqueue(String type, long orgId, String payload) {
        if (!types.containsKey(type)) throw new IllegalArgumentException("unregistered job type " + type);
        if (payload == null || payload.length() > MAX_PAYLOAD) throw FeedlineException.invalid("a job payload is JSON text of at most 64 KB");
        String pid = UUID.randomUUID().toString();
        statuses.put(pid, new Status(pid, type, orgId, State.QUEUED, 0, null, clock.instant(), null));
        runner.execute(() -> run(pid, type, orgId, payload));
        return pid;
    }

    private void run(String pid, String type, long orgId, String payload) {
        Type t = types.get(type);
        Instant created = statuses.get(pid).createdOn();
        String error = null;
        for (int attempt = 1; attempt <= t.maxAttempts(); attempt++) {
            statuses.put(pid, new Status(pid, type, orgId, State.RUNNING, attempt, error, created, null));
            try {
                t.handler().run(new Job(pid, type, orgId, payload, attempt));
                statuses.put(pid, new Status(pid, type, orgId, State.DONE, attempt, error, created, clock.instant()));
                return;
            } catch (Exception e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.atWarn().addKeyValue("pid", pid).addKeyValue("type", type).addKeyValue("attempt", attempt).setCause(e).log("job attempt failed");
            }
        }
        statuses.put(pid, new Status(pid, type, orgId, State.FAILED, t.maxAttempts(), error, created, clock.instant()));
    }

    @Override
    public Optional<Status> status(String pid) { return Optional.ofNullable(statuses.get(pid)); }

    @Override
    public void start() { started = true; }

    /** Whether {@link #start} was called (jobs run from enqueue on; this queue has nothing to resume). */
    public boolean started() { return started; }

    @Override
    public void stop() {
        runner.shutdown();
        try {
            if (!runner.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) runner.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runner.shutdownNow();
        }
    }
}
