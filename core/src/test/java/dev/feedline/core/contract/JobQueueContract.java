package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.JobQueue.Job;
import dev.feedline.core.port.JobQueue.State;
import dev.feedline.core.port.JobQueue.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every JobQueue must show. Subclasses open a fresh, empty database per test and return, on each
 * call of {@link #openQueue}, a new queue on that same database (a restart, or a second node), with a retry
 * back-off of {@link #BACKOFF} doubling, and a short polling interval.
 */
public abstract class JobQueueContract {
    /** The first retry's back-off the subclass configures; the second is twice this. */
    protected static final Duration BACKOFF = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<JobQueue> opened = new ArrayList<>();

    /** A new queue, not started, on the test's database. */
    protected abstract JobQueue newQueue();

    protected JobQueue openQueue() {
        JobQueue q = newQueue();
        opened.add(q);
        return q;
    }

    /** Stops every queue the test opened; subclasses call it before closing the database, JUnit after that too. */
    @AfterEach
    protected void stopQueues() {
        opened.forEach(JobQueue::stop);
        opened.clear();
    }

    protected static Status awaitState(JobQueue queue, String pid, State state) {
        await().atMost(WAIT).until(() -> queue.status(pid).map(Status::state).orElse(null) == state);
        return queue.status(pid).orElseThrow();
    }

    @Test
    void aJobRunsOnceWithItsPayloadAndEndsDone() {
        JobQueue queue = openQueue();
        List<Job> runs = new CopyOnWriteArrayList<>();
        queue.register("echo", 3, runs::add);
        queue.start();
        Instant before = Instant.now().minusSeconds(1);

        String pid = queue.enqueue("echo", 42, "{\"n\":1}");

        Status done = awaitState(queue, pid, State.DONE);
        assertThat(runs).containsExactly(new Job(pid, "echo", 42, "{\"n\":1}", 1));
        assertThat(done.type()).isEqualTo("echo");
        assertThat(done.orgId()).isEqualTo(42);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.error()).isNull();
        assertThat(done.createdOn()).isAfter(before);
        assertThat(done.finishedOn()).isAfterOrEqualTo(done.createdOn());
    }

    @Test
    void aQueuedJobShowsQueuedBeforeStart() {
        JobQueue queue = openQueue();
        queue.register("echo", 1, job -> {});
        String pid = queue.enqueue("echo", 7, "{}");

        Status queued = queue.status(pid).orElseThrow();
        assertThat(queued.state()).isEqualTo(State.QUEUED);
        assertThat(queued.attempts()).isZero();
        assertThat(queued.finishedOn()).isNull();
        assertThat(queue.status("00000000-0000-0000-0000-000000000000")).isEmpty();
    }

    @Test
    void aThrowingHandlerIsRetriedWithGrowingBackOffThenFailedWithItsError() {
        JobQueue queue = openQueue();
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        List<Integer> numbers = new CopyOnWriteArrayList<>();
        queue.register("flaky", 3, job -> {
            attempts.add(Instant.now());
            numbers.add(job.attempt());
            throw new IllegalStateException("target said 500");
        });
        queue.start();

        String pid = queue.enqueue("flaky", 1, "{}");

        Status failed = awaitState(queue, pid, State.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).isEqualTo("target said 500");
        assertThat(failed.finishedOn()).isNotNull();
        assertThat(numbers).containsExactly(1, 2, 3);
        assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(BACKOFF);
        assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(BACKOFF.multipliedBy(2));
    }

    @Test
    void aJobThatFailsForGoodTellsItsHandlerOnce() {
        JobQueue queue = openQueue();
        List<String> gaveUp = new CopyOnWriteArrayList<>();
        queue.register("doomed", 2, new JobQueue.Handler() {
            @Override public void run(JobQueue.Job job) { throw new IllegalStateException("target said 500"); }
            @Override public void gaveUp(JobQueue.Job job, String reason) { gaveUp.add(job.payload() + " " + job.attempt() + " " + reason); }
        });
        queue.start();

        String pid = queue.enqueue("doomed", 1, "{\"n\":1}");

        awaitState(queue, pid, State.FAILED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !gaveUp.isEmpty());
        assertThat(gaveUp).containsExactly("{\"n\":1} 2 target said 500");
    }

    @Test
    void aJobThatFailsOnceThenSucceedsIsDoneAfterTwoAttempts() {
        JobQueue queue = openQueue();
        queue.register("second-time", 5, job -> {
            if (job.attempt() == 1) throw new Exception("not yet");
        });
        queue.start();

        String pid = queue.enqueue("second-time", 1, "{}");

        Status done = awaitState(queue, pid, State.DONE);
        assertThat(done.attempts()).isEqualTo(2);
    }

    @Test
    void queuedJobsSurviveARestartAndRunAfterIt() {
        JobQueue first = openQueue();
        first.register("echo", 1, job -> { throw new AssertionError("the first queue never starts"); });
        List<String> pids = List.of(first.enqueue("echo", 1, "{\"i\":1}"), first.enqueue("echo", 1, "{\"i\":2}"));
        first.stop();

        JobQueue second = openQueue();
        List<String> ran = new CopyOnWriteArrayList<>();
        second.register("echo", 1, job -> ran.add(job.pid()));
        second.start();

        for (String pid : pids) awaitState(second, pid, State.DONE);
        assertThat(ran).containsExactlyInAnyOrderElementsOf(pids);
    }

    @Test
    void aJobEnqueuedOnAStartedQueueSurvivesItsStopAndRunsOnTheNext() {
        JobQueue first = openQueue();
        first.register("later", 1, job -> {});
        first.start();
        first.stop();

        JobQueue second = openQueue();
        second.register("later", 1, job -> {});
        String pid = second.enqueue("later", 3, "{}");
        second.stop();

        JobQueue third = openQueue();
        third.register("later", 1, job -> {});
        third.start();
        awaitState(third, pid, State.DONE);
    }

    @Test
    void payloadsAreLimitedTo64KB() {
        JobQueue queue = openQueue();
        queue.register("big", 1, job -> {});
        String atLimit = "\"" + "x".repeat(64 * 1024 - 2) + "\"";

        assertThat(queue.enqueue("big", 1, atLimit)).isNotBlank();
        assertThatThrownBy(() -> queue.enqueue("big", 1, atLimit + " "))
            .isInstanceOfSatisfying(FeedlineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
    }

    @Test
    void typesAreRegisteredOnceAndBeforeUse() {
        JobQueue queue = openQueue();
        queue.register("a", 1, job -> {});
        assertThatThrownBy(() -> queue.register("a", 1, job -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.enqueue("unknown", 1, "{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
