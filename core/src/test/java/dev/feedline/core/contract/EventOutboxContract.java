package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.events.DomainEvent.StreamsWritten;
import dev.feedline.core.events.DurableDelivery;
import dev.feedline.core.events.OutboxCodec;
import dev.feedline.core.port.EventOutbox;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.DataPoint;
import dev.feedline.model.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable half of the event backbone on a real store: every data commit records one outbox row in its own
 * transaction, consumers' cursors are stored, and {@link DurableDelivery} hands every row over at least once,
 * across a restart and a crash between handling and storing the cursor. Subclasses open one database, again
 * and again on the same data ({@link #open}), as a restarted server would.
 */
public abstract class EventOutboxContract {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final DurableDelivery.Settings FAST = new DurableDelivery.Settings(Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(200), 3);

    @TempDir
    protected Path tempDir;

    /** A metadata store and a time series sharing one database, opened from the same place every time. */
    protected interface Opened extends AutoCloseable {
        MetadataStore metadata();
        TimeSeriesStore timeSeries();

        @Override
        void close();
    }

    /** Opens the test's database (created on first call, the same data on later calls). */
    protected abstract Opened open(Path tempDir);

    private Opened db;
    private final List<DurableDelivery> deliveries = new ArrayList<>();

    @BeforeEach
    void openDatabase() { db = open(tempDir); }

    @AfterEach
    void closeDatabase() {
        deliveries.forEach(DurableDelivery::close);
        db.close();
    }

    private void restart() {
        deliveries.forEach(DurableDelivery::close);
        deliveries.clear();
        db.close();
        db = open(tempDir);
    }

    private DurableDelivery delivery(EventOutbox outbox) {
        DurableDelivery d = new DurableDelivery(outbox, FAST);
        deliveries.add(d);
        return d;
    }

    private static DataPoint p(long stream, long ts) { return DataPoint.numeric(stream, ts, ts); }

    /** A commit of one point per stream, at timestamps from..from+n-1 on the first stream. */
    private void commit(long stream, long from, int n) {
        List<DataPoint> points = new ArrayList<>();
        for (int i = 0; i < n; i++) points.add(p(stream, from + i));
        db.timeSeries().append(points);
    }

    private List<EventOutbox.Recorded> all() { return db.metadata().outbox().after(0, 10_000); }

    @Test
    void everyCommitRecordsWhichStreamsItWroteInItsOwnTransaction() {
        db.timeSeries().append(List.of(p(7, 300), p(3, 100), p(7, 200), p(7, 200)));
        db.timeSeries().appendCreating(() -> List.of(p(9, 50)));
        // A commit that fails (a point without a type breaks a NOT NULL column) records nothing.
        DataPoint broken = new DataPoint(4, 1, null, 1.0, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> db.timeSeries().append(List.of(p(4, 2), broken))).isInstanceOf(RuntimeException.class);

        List<EventOutbox.Recorded> rows = all();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).position()).isLessThan(rows.get(1).position());
        assertThat(rows).allMatch(r -> r.kind().equals(OutboxCodec.STREAMS_WRITTEN));
        // The point written twice in one call counts once: the count is of rows as written.
        assertThat(OutboxCodec.decode(rows.get(0))).isEqualTo(new StreamsWritten(List.of(3L, 7L), 3, 100, 300));
        assertThat(OutboxCodec.decode(rows.get(1))).isEqualTo(new StreamsWritten(List.of(9L), 1, 50, 50));
        assertThat(rows.get(0).recordedAt()).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void aNewConsumerStartsAtTheEndAndItsCursorNeverMovesBack() {
        commit(1, 0, 1);
        commit(1, 10, 1);
        EventOutbox outbox = db.metadata().outbox();
        long end = all().get(1).position();
        assertThat(outbox.cursor("rules")).isEqualTo(end);
        commit(1, 20, 1);
        long next = all().get(2).position();
        assertThat(outbox.after(outbox.cursor("rules"), 10)).extracting(EventOutbox.Recorded::position).containsExactly(next);
        outbox.advance("rules", next);
        outbox.advance("rules", end);
        assertThat(outbox.cursor("rules")).isEqualTo(next);
        restart();
        assertThat(db.metadata().outbox().cursor("rules")).isEqualTo(next);
    }

    @Test
    void aSplitConsumerFamilyStartsAtTheLowestCursorOfItsOldMembersAndDropsTheRest() {
        commit(1, 0, 1);
        EventOutbox outbox = db.metadata().outbox();
        outbox.adopt("fresh", List.of("fresh-0")); // a family never seen: from now on, as any new consumer
        assertThat(outbox.cursor("fresh-0")).isEqualTo(all().get(0).position());
        outbox.adopt("fresh", List.of());
        long first = outbox.cursor("rules"); // the one engine before the split
        commit(1, 10, 1);
        long second = all().get(1).position();
        outbox.cursor("other");
        outbox.advance("other", second);
        outbox.adopt("rules", List.of("rules-0", "rules-1"));
        assertThat(outbox.cursor("rules-0")).isEqualTo(first);
        assertThat(outbox.cursor("rules-1")).isEqualTo(first);
        outbox.advance("rules-0", second);
        outbox.adopt("rules", List.of("rules-0", "rules-1", "rules-2"));
        assertThat(outbox.cursor("rules-0")).as("kept").isEqualTo(second);
        assertThat(outbox.cursor("rules-2")).as("the lowest of the family").isEqualTo(first);
        outbox.adopt("rules", List.of("rules-0"));
        outbox.advance("other", second);
        // "rules" and "rules-1", "rules-2" are gone: they no longer hold back pruning of what rules-0 and other passed.
        outbox.prune(Instant.EPOCH);
        assertThat(all()).isEmpty();
        assertThat(outbox.cursor("other")).isEqualTo(second);
    }

    @Test
    void pruningDeletesWhatEveryConsumerPassedAndWhatIsTooOld() {
        EventOutbox outbox = db.metadata().outbox();
        outbox.cursor("slow");
        outbox.cursor("fast");
        for (int i = 0; i < 4; i++) commit(1, i, 1);
        List<EventOutbox.Recorded> rows = all();
        outbox.advance("fast", rows.get(3).position());
        outbox.advance("slow", rows.get(1).position());
        assertThat(outbox.prune(Instant.EPOCH)).isEqualTo(2);
        assertThat(all()).extracting(EventOutbox.Recorded::position).containsExactly(rows.get(2).position(), rows.get(3).position());
        // A consumer that never comes back holds rows only until they are too old.
        assertThat(outbox.prune(Instant.now().plusSeconds(60))).isEqualTo(2);
        assertThat(all()).isEmpty();
        // Positions are never reused, even with every row gone: a cursor is never ahead of a new row.
        commit(1, 99, 1);
        assertThat(outbox.after(rows.get(3).position(), 10)).hasSize(1);
    }

    @Test
    void aGatedConsumerReadsOnlyWhileActiveAndThenFromTheSharedCursor() {
        EventOutbox outbox = db.metadata().outbox();
        outbox.cursor("shared");
        commit(1, 0, 1);
        long first = all().get(0).position();
        // Another node handled the first row and moved the cursor both nodes share.
        outbox.advance("shared", first);
        AtomicBoolean active = new AtomicBoolean(false);
        List<Long> got = new CopyOnWriteArrayList<>();
        delivery(outbox).register("shared", d -> got.add(d.position()), active::get);
        commit(1, 1, 1);
        long second = all().get(1).position();
        await().during(Duration.ofMillis(300)).atMost(BOUND).until(got::isEmpty);
        assertThat(outbox.cursor("shared")).isEqualTo(first);
        active.set(true);
        await().atMost(BOUND).until(() -> got.equals(List.of(second)));
        await().atMost(BOUND).until(() -> outbox.cursor("shared") == second);
    }

    @Test
    void withoutConsumersNothingIsKept() {
        commit(1, 0, 1);
        commit(2, 0, 1);
        assertThat(db.metadata().outbox().prune(Instant.EPOCH)).isEqualTo(2);
        assertThat(all()).isEmpty();
    }

    @Test
    void aConsumerGetsEveryCommitInOrderAndCarriesOnAfterARestart() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        db.metadata().outbox().cursor("report"); // registered before the commits: it wants them all
        for (int i = 0; i < 7; i++) commit(i + 1, 0, 1);
        delivery(db.metadata().outbox()).register("report", e -> seen.add(((StreamsWritten) e.event()).streamIds().get(0)));
        await().atMost(BOUND).until(() -> seen.size() == 7);
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        await().atMost(BOUND).until(() -> db.metadata().outbox().cursor("report") == all().get(6).position());

        restart();
        commit(8, 0, 1);
        delivery(db.metadata().outbox()).register("report", e -> seen.add(((StreamsWritten) e.event()).streamIds().get(0)));
        await().atMost(BOUND).until(() -> seen.size() == 8);
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void aBusyConsumerStoresItsCursorAtMostOncePerIntervalAndWhenItStops() {
        EventOutbox real = db.metadata().outbox();
        real.cursor("busy");
        List<Long> advances = new CopyOnWriteArrayList<>();
        EventOutbox counting = new EventOutbox() {
            @Override public List<Recorded> after(long position, int limit) { return real.after(position, limit); }
            @Override public long cursor(String consumer) { return real.cursor(consumer); }
            @Override public void advance(String consumer, long position) {
                advances.add(position);
                real.advance(consumer, position);
            }
            @Override public long prune(Instant olderThan) { return real.prune(olderThan); }
            @Override public void adopt(String family, List<String> consumers) { real.adopt(family, consumers); }
        };
        // Stored at most once an hour: every commit handled, none of them a write of the cursor while it runs.
        DurableDelivery delivery = new DurableDelivery(counting, new DurableDelivery.Settings(Duration.ofMillis(50), Duration.ofMillis(20),
                Duration.ofMillis(200), 3, Duration.ofHours(1)));
        deliveries.add(delivery);
        List<Long> seen = new CopyOnWriteArrayList<>();
        delivery.register("busy", e -> seen.add(e.position()));
        for (int i = 0; i < 10; i++) {
            commit(i + 1, 0, 1);
            delivery.wake();
        }
        await().atMost(BOUND).until(() -> seen.size() == 10);
        assertThat(advances).isEmpty();

        delivery.close();
        assertThat(advances).containsExactly(all().get(9).position());
        assertThat(real.cursor("busy")).isEqualTo(all().get(9).position());
    }

    @Test
    void aCrashBetweenHandlingAndStoringTheCursorDeliversTheEventAgain() {
        db.metadata().outbox().cursor("rules");
        commit(1, 0, 1);
        List<Long> handled = new CopyOnWriteArrayList<>();
        AtomicBoolean crashed = new AtomicBoolean();
        // The process dies right after the handler returned: the cursor is never stored.
        EventOutbox dying = new EventOutbox() {
            private final EventOutbox real = db.metadata().outbox();
            @Override public List<Recorded> after(long position, int limit) { return crashed.get() ? List.of() : real.after(position, limit); }
            @Override public long cursor(String consumer) { return real.cursor(consumer); }
            @Override public void advance(String consumer, long position) {
                crashed.set(true);
                throw new IllegalStateException("killed");
            }
            @Override public long prune(Instant olderThan) { return real.prune(olderThan); }
            @Override public void adopt(String family, List<String> consumers) { real.adopt(family, consumers); }
        };
        delivery(dying).register("rules", e -> handled.add(e.position()));
        await().atMost(BOUND).until(crashed::get);
        assertThat(handled).hasSize(1);

        restart();
        delivery(db.metadata().outbox()).register("rules", e -> handled.add(e.position()));
        await().atMost(BOUND).until(() -> handled.size() == 2);
        assertThat(handled.get(1)).isEqualTo(handled.get(0));
    }

    @Test
    void aFailingConsumerIsRetriedAndHoldsUpNoOther() {
        EventOutbox outbox = db.metadata().outbox();
        outbox.cursor("flaky");
        outbox.cursor("steady");
        for (int i = 0; i < 5; i++) commit(i + 1, 0, 1);
        AtomicInteger failures = new AtomicInteger();
        List<Long> flaky = new CopyOnWriteArrayList<>();
        List<Long> steady = new CopyOnWriteArrayList<>();
        AtomicBoolean healthy = new AtomicBoolean();
        DurableDelivery delivery = delivery(outbox);
        delivery.register("flaky", e -> {
            StreamsWritten w = (StreamsWritten) e.event();
            if (w.streamIds().get(0) == 3L && !healthy.get()) {
                failures.incrementAndGet();
                throw new IllegalStateException("webhook down");
            }
            flaky.add(w.streamIds().get(0));
        });
        delivery.register("steady", e -> steady.add(((StreamsWritten) e.event()).streamIds().get(0)));
        await().atMost(BOUND).until(() -> steady.size() == 5 && failures.get() >= 3);
        assertThat(flaky).containsExactly(1L, 2L);
        // What it handled before the failure is not handed over again.
        await().atMost(BOUND).until(() -> outbox.cursor("flaky") == all().get(1).position());
        healthy.set(true);
        await().atMost(BOUND).until(() -> flaky.size() == 5);
        assertThat(flaky).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aBatchConsumerGetsTheRowsReadTogetherInOneCallAndAllOfThemAgainWhenItFails() {
        EventOutbox outbox = db.metadata().outbox();
        outbox.cursor("batch");
        for (int i = 0; i < 5; i++) commit(i + 1, 0, 1);
        List<List<Long>> calls = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        delivery(outbox).registerBatch("batch", events -> {
            List<Long> streams = events.stream().map(e -> ((StreamsWritten) e.event()).streamIds().get(0)).toList();
            if (failures.getAndIncrement() == 0) throw new IllegalStateException("store away");
            calls.add(streams);
        }, () -> true);
        await().atMost(BOUND).until(() -> calls.size() == 2);
        // Rows are read 3 at a time here: the failed call's rows come again, all of them in one call, then the rest.
        assertThat(calls).containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L));
        await().atMost(BOUND).until(() -> outbox.cursor("batch") == all().get(4).position());
    }
}
