package dev.feedline.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LossyWorkerTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong();

    @Test
    void dropsWorkThatWaitedLongerThanTheAgeLimitAndWorkBeyondTheBacklogAndTellsOfItBeforeTheNextWork() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LossyWorker worker = new LossyWorker("test-worker", 2, Duration.ofSeconds(2), now::get, metrics, "dropped")) {
            worker.afterDrops(count -> ran.add("told of " + count));
            worker.submit(() -> {
                blocked.countDown();
                waitFor(release);
                ran.add("first");
            });
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            worker.submit(() -> ran.add("stale"));
            now.addAndGet(Duration.ofSeconds(2).toNanos());
            worker.submit(() -> ran.add("fresh"));
            worker.submit(() -> ran.add("beyond the backlog"));
            now.addAndGet(1);
            release.countDown();
            // First in, first out: once "fresh" has run, "stale" has been looked at (and dropped).
            await().atMost(10, TimeUnit.SECONDS).until(() -> ran.contains("fresh"));
            // Before the first work that runs after drops, whoever it is for is told how many were dropped.
            assertThat(ran).containsExactly("first", "told of 2", "fresh");
            assertThat(metrics.counter("dropped").count()).isEqualTo(2);
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
