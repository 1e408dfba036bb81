package dev.feedline.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.LocalEvents;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.DataPoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestQueueTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00.123456Z"), ZoneOffset.UTC);
    private final ControllableStore store = new ControllableStore();
    private final LocalEvents events = new LocalEvents(new SimpleMeterRegistry());
    private IngestQueue queue;

    private IngestQueue queue(int capacity, int maxBatch) {
        queue = new IngestQueue(store, capacity, maxBatch, Runnable::run, new SimpleMeterRegistry(), CLOCK, events);
        return queue;
    }

    private static List<DataPoint> points(long stream, int n) {
        return LongStream.range(0, n).mapToObj(i -> DataPoint.numeric(stream, i, i)).toList();
    }

    @AfterEach
    void close() {
        store.release();
        if (queue != null) queue.close();
    }

    @Test
    void answersOnlyAfterTheCommitAndGroupsWhatQueuedMeanwhile() throws Exception {
        IngestQueue q = queue(10_000, 10_000);
        store.stall();
        CompletableFuture<Void> first = q.submit(points(1, 1));
        assertThat(store.firstAppendStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (int i = 0; i < 9; i++) later.add(q.submit(points(2 + i, 3)));
        assertThat(first).isNotDone();
        assertThat(later).noneMatch(CompletableFuture::isDone);

        store.release();
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(first).isDone();
        assertThat(store.batches).hasSize(2);
        assertThat(store.batches.get(1)).hasSize(27);
    }

    @Test
    void refusesWithRetryAfterWhenFullAndRecoversOnceWritten() throws Exception {
        IngestQueue q = queue(10, 10);
        store.stall();
        CompletableFuture<Void> filling = q.submit(points(1, 10));
        assertThatThrownBy(() -> q.submit(points(2, 1)))
                .isInstanceOfSatisfying(FeedlineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
                    assertThat(e.retryAfterSeconds()).isPositive();
                });
        store.release();
        filling.get(10, TimeUnit.SECONDS);
        await().atMost(10, TimeUnit.SECONDS).until(() -> q.depth() == 0);
        q.submit(points(3, 10)).get(10, TimeUnit.SECONDS);
        assertThat(store.stored()).hasSize(20).noneMatch(p -> p.streamId() == 2);
    }

    @Test
    void aFailingRequestDoesNotFailThoseSharingItsCommit() throws Exception {
        IngestQueue q = queue(10_000, 10_000);
        store.failWhen(batch -> batch.stream().anyMatch(p -> p.streamId() == 666));
        store.stall();
        CompletableFuture<Void> head = q.submit(points(1, 1));
        assertThat(store.firstAppendStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> good = q.submit(points(2, 5));
        CompletableFuture<Void> bad = q.submit(points(666, 5));
        CompletableFuture<Void> alsoGood = q.submit(points(3, 5));
        store.release();

        head.get(10, TimeUnit.SECONDS);
        good.get(10, TimeUnit.SECONDS);
        alsoGood.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(FeedlineException.class);
        assertThat(store.stored()).hasSize(11).noneMatch(p -> p.streamId() == 666);
        await().atMost(10, TimeUnit.SECONDS).until(() -> q.depth() == 0);
    }

    @Test
    void aWriteThatCreatesItsStreamsSharesTheGroupCommitOnTheWriter() throws Exception {
        IngestQueue q = queue(10_000, 10_000);
        store.stall();
        CompletableFuture<Void> first = q.submit(points(1, 1));
        assertThat(store.firstAppendStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> createdOn = new ArrayList<>();
        CompletableFuture<Void> creating = q.submitCreating(points(-1, 2), () -> {
            createdOn.add(Thread.currentThread().getName());
            return points(7, 2);
        });
        CompletableFuture<Void> after = q.submit(points(3, 1));
        store.release();
        CompletableFuture.allOf(first, creating, after).get(10, TimeUnit.SECONDS);
        assertThat(createdOn).containsExactly("ingest-writer");
        List<DataPoint> shared = new ArrayList<>(points(7, 2));
        shared.addAll(points(3, 1));
        assertThat(store.batches).containsExactly(points(1, 1), shared);
    }

    @Test
    void aWriteThatCreatesItsStreamsIsTriedAloneAndOnceMoreWithoutFailingOthers() throws Exception {
        IngestQueue q = queue(10_000, 10_000);
        store.stall();
        CompletableFuture<Void> first = q.submit(points(1, 1));
        assertThat(store.firstAppendStarted.await(10, TimeUnit.SECONDS)).isTrue();
        int[] attempts = {0};
        // Fails in the group commit and in its first commit alone (say another node created the row meanwhile);
        // the next attempt finds the row.
        CompletableFuture<Void> creating = q.submitCreating(points(-1, 2), () -> {
            if (++attempts[0] <= 2) throw FeedlineException.conflict("already exists");
            return points(7, 2);
        });
        CompletableFuture<Void> after = q.submit(points(3, 1));
        store.release();
        CompletableFuture.allOf(first, creating, after).get(10, TimeUnit.SECONDS);
        assertThat(attempts[0]).isEqualTo(3);
        assertThat(store.batches).containsExactly(points(1, 1), points(7, 2), points(3, 1));
    }

    @Test
    void aWriteThatCannotCreateItsStreamsFailsAloneAndStoresNothing() {
        IngestQueue q = queue(10_000, 10_000);
        CompletableFuture<Void> conflict = q.submitCreating(points(-1, 1), () -> { throw FeedlineException.conflict("already exists"); });
        CompletableFuture<Void> invalid = q.submitCreating(points(-1, 1), () -> { throw FeedlineException.invalid("no free variable id left"); });
        assertThatThrownBy(() -> conflict.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(FeedlineException.class)
                .cause().satisfies(e -> assertThat(((FeedlineException) e).kind()).isEqualTo(ErrorKind.OVERLOADED));
        // A refusal that only showed in the transaction says why.
        assertThatThrownBy(() -> invalid.get(10, TimeUnit.SECONDS)).cause().hasMessageContaining("no free variable id");
        assertThat(store.stored()).isEmpty();
        assertThat(q.depth()).isZero();
    }

    @Test
    void runsWriteTasksOnTheWriterBetweenCommits() throws Exception {
        IngestQueue q = queue(10_000, 10_000);
        store.stall();
        CompletableFuture<Void> first = q.submit(points(1, 1));
        assertThat(store.firstAppendStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> before = q.submit(points(2, 1));
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Integer> batchesWhenRun = new CompletableFuture<>();
        q.runOnWriter(() -> {
            ran.add(Thread.currentThread().getName());
            batchesWhenRun.complete(store.batches.size());
        });
        q.runOnWriter(() -> { throw new IllegalStateException("a failing task does not stop the writer"); });
        CompletableFuture<Void> after = q.submit(points(3, 1));
        store.release();
        CompletableFuture.allOf(first, before, after).get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("ingest-writer");
        // Queued after "before" and before "after": they do not share a commit across the task.
        assertThat(batchesWhenRun.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(store.batches).hasSize(3);
        q.close();
        q.runOnWriter(() -> ran.add("after close"));
        assertThat(ran).containsExactly("ingest-writer");
    }

    @Test
    void closeWritesEverythingAcceptedAndThenRefuses() throws Exception {
        IngestQueue q = queue(10_000, 7);
        store.stall();
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        for (int i = 0; i < 20; i++) accepted.add(q.submit(points(i, 3)));
        store.release();
        q.close();
        assertThat(accepted).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(store.stored()).hasSize(60);
        assertThat(store.batches).allMatch(b -> b.size() <= 7);
        assertThatThrownBy(() -> q.submit(points(99, 1))).isInstanceOf(FeedlineException.class);
    }

    @Test
    void tellsListenersAboutCommittedPointsOnly() throws Exception {
        IngestQueue q = queue(10_000, 10_000);
        List<DataPoint> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        events.subscribe("test", DomainEvent.PointsCommitted.class, e -> {
            assertThat(e.at()).isEqualTo(CLOCK.instant());
            heard.addAll(e.points());
        });
        store.failWhen(batch -> batch.stream().anyMatch(p -> p.streamId() == 666));
        q.submit(points(1, 4)).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> q.submit(points(666, 2)).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(heard).hasSize(4).allMatch(p -> p.streamId() == 1);
    }
}
