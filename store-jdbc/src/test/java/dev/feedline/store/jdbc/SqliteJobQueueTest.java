package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.contract.JobQueueContract;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.JobQueue.State;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job queue contract on a real SQLite file (WAL, one writer), plus pruning with an injected clock. */
class SqliteJobQueueTest extends JobQueueContract {
    @TempDir
    Path dir;
    private JdbcStorage storage;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    /** The real time plus an offset the test moves: db-scheduler needs a clock that runs. */
    private final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset.get()); }
    };

    @BeforeEach
    void openDatabase() { storage = JdbcStorage.open("jdbc:sqlite:" + dir.resolve("feedline.db"), null, null, 4); }

    @AfterEach
    void closeDatabase() {
        stopQueues();
        storage.close();
    }

    static JobQueueSettings testSettings(String node) {
        return JobQueueSettings.defaults(node)
            .withPollingInterval(Duration.ofMillis(50))
            .withRetryBackoff(BACKOFF, Duration.ofSeconds(5))
            .withShutdownWait(Duration.ofMillis(500));
    }

    @Override
    protected JobQueue newQueue() { return storage.jobs(clock, testSettings("node-" + System.nanoTime())); }

    @Test
    void aDatabaseErrorIsNotShownToTheOrgOnlyLogged() {
        JobQueue queue = openQueue();
        queue.register("db", 1, job -> { throw new StoreException("database error: Connection to db.internal:5432 refused", null); });
        queue.start();

        String pid = queue.enqueue("db", 1, "{}");

        assertThat(awaitState(queue, pid, State.FAILED).error()).isEqualTo("a database error (details in the server log)");
    }

    @Test
    void finishedJobRecordsArePrunedAfterTheConfiguredAge() {
        JdbcJobQueue queue = (JdbcJobQueue) openQueue();
        queue.register("echo", 1, job -> {});
        queue.start();
        String pid = queue.enqueue("echo", 1, "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.status(pid).map(JobQueue.Status::state).orElse(null) == State.DONE);
        String queued = queue.enqueue("echo", 1, "{}");

        offset.set(Duration.ofDays(7).minusMinutes(1));
        assertThat(queue.prune()).isZero();
        offset.set(Duration.ofDays(7).plusMinutes(1));
        queue.stop();
        assertThat(queue.prune()).isEqualTo(1);
        assertThat(queue.status(pid)).isEmpty();
        assertThat(queue.status(queued)).isPresent();
    }

    @Test
    void countsShowEveryRegisteredTypeByState() {
        JdbcJobQueue queue = (JdbcJobQueue) openQueue();
        queue.register("a", 1, job -> {});
        queue.register("b", 1, job -> {});
        queue.enqueue("a", 1, "{}");
        queue.enqueue("a", 1, "{}");

        assertThat(queue.counts().get("a").get(State.QUEUED)).isEqualTo(2);
        assertThat(queue.counts().get("b").get(State.QUEUED)).isZero();
    }

    @Test
    void backOffDoublesUpToItsMaximum() {
        JdbcJobQueue queue = (JdbcJobQueue) storage.jobs(clock, testSettings("n").withRetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(60)));
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i <= 5; i++) waits.add(queue.backoff(i));
        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
            Duration.ofSeconds(60), Duration.ofSeconds(60));
    }
}
