package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.port.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessJobQueueTest {
    private final InProcessJobQueue jobs = new InProcessJobQueue(Clock.systemUTC());

    @AfterEach
    void stop() { jobs.stop(); }

    @Test
    void aFailingAttemptIsRetriedUntilItsAttemptsAreUsed() {
        AtomicInteger calls = new AtomicInteger();
        jobs.register("flaky", 3, job -> {
            if (calls.incrementAndGet() < 2) throw new IllegalStateException("not yet");
        });
        jobs.register("broken", 2, job -> { throw new IllegalStateException("never"); });
        jobs.start();
        String ok = jobs.enqueue("flaky", 1, "{}");
        String failed = jobs.enqueue("broken", 1, "{}");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.status(failed).orElseThrow().state() == JobQueue.State.FAILED);
        JobQueue.Status done = jobs.status(ok).orElseThrow();
        assertThat(done.state()).isEqualTo(JobQueue.State.DONE);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(jobs.status(failed).orElseThrow().attempts()).isEqualTo(2);
        assertThat(jobs.status(failed).orElseThrow().error()).isEqualTo("never");
        assertThat(jobs.status("nope")).isEmpty();
    }

    @Test
    void typesAreRegisteredOnceAndPayloadsAreBounded() {
        jobs.register("t", 1, job -> {});
        assertThatThrownBy(() -> jobs.register("t", 1, job -> {})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> jobs.enqueue("other", 1, "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jobs.enqueue("t", 1, "x".repeat(64 * 1024 + 1))).hasMessageContaining("64 KB");
    }
}
