package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.DurableDelivery;
import dev.feedline.core.events.Events;
import dev.feedline.core.events.OutboxCodec;
import dev.feedline.core.port.AlarmRepository;
import dev.feedline.core.port.EventOutbox;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.core.rule.RecordingActions;
import dev.feedline.core.rule.RuleEngine;
import dev.feedline.core.rule.RulePartitions;
import dev.feedline.core.rule.RuleState;
import dev.feedline.model.Account;
import dev.feedline.model.Alarm;
import dev.feedline.model.AlarmStatus;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleHold;
import dev.feedline.model.RuleScope;
import dev.feedline.model.Severity;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import dev.feedline.model.Variable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules, their engine state and alarms on a real store, and the engine over it: exactly once per point across
 * redelivery and restart, late points, the clock. Events are handed to the engine by the test (the outbox rows in
 * order), so nothing here waits on a thread.
 */
public abstract class RuleEngineContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    protected Path tempDir;

    /** A metadata store and a time series sharing one database, opened from the same place every time. */
    protected interface Opened extends AutoCloseable {
        MetadataStore metadata();
        TimeSeriesStore timeSeries();

        /** Runs the store's rollup job until it has nothing left that ended before now. */
        void rollUp(Instant now);

        @Override
        void close();
    }

    protected abstract Opened open(Path tempDir);

    private Opened db;
    private MetadataStore store;
    private final TestClock clock = new TestClock(T0);
    private final RecordingActions actions = new RecordingActions();
    private final List<DomainEvent> published = new CopyOnWriteArrayList<>();
    private RuleEngine engine;
    private long handled;
    private Org org;
    private Project project;
    private Variable variable;
    private Stream stream;
    private Account owner;

    @BeforeEach
    void setUp() {
        db = open(tempDir);
        store = db.metadata();
        owner = store.accounts().create("o@example.com", "o", "O", "h", false, T0);
        org = store.orgs().create("rules-org", "Rules", null, owner.id(), T0);
        project = store.projects().create(org.id(), "P", null, owner.id(), T0);
        variable = store.variables().create(project.id(), 0x5001, "temp", null, null, T0);
        stream = store.streams().createIfAbsent(Slugs.stream(project.gid(), 1, variable.lid()), org.id(), project.id(), 0, variable.id(), "t",
                ValueType.NUMERIC, T0);
        engine = newEngine();
    }

    @AfterEach
    void tearDown() { db.close(); }

    private RuleEngine newEngine() { return new RuleEngine(store, db.timeSeries(), actions, events(), clock, () -> true, id -> false); }

    private void restart() {
        db.close();
        db = open(tempDir);
        store = db.metadata();
        engine = newEngine();
    }

    private Rule rule(RuleCondition c, RuleCondition clear, RuleHold hold) {
        return store.rules().create(new Rule(0, org.id(), project.id(), "hot", true, new RuleScope(RuleScope.Kind.STREAM, stream.slug(), project.id(),
                stream.id(), null, null), c, clear, hold, true, Severity.MAJOR, "[]", owner.id(), T0, T0));
    }

    private void write(long second, double value) { db.timeSeries().append(List.of(DataPoint.numeric(stream.id(), T0.getEpochSecond() * 1_000_000L + second * 1_000_000L, value))); }

    /** Hands every outbox row not yet handled to the engine, in order. */
    private void deliver() {
        for (EventOutbox.Recorded row : store.outbox().after(handled, 1000)) {
            engine.handle(new DurableDelivery.Delivered(row.position(), row.recordedAt(), OutboxCodec.decode(row)));
            handled = row.position();
        }
    }

    /** Hands every outbox row again, as after a crash before the cursor was stored. */
    private void redeliverAll() {
        handled = 0;
        deliver();
    }

    @Test
    void rulesAreStoredReadAndChanged() {
        Rule r = rule(RuleCondition.window(RuleCondition.Function.AVG, 10, RuleCondition.Op.GT, 3), RuleCondition.threshold(RuleCondition.Op.LT, 1),
                new RuleHold(null, 3));
        assertThat(store.rules().byId(r.id())).contains(r);
        assertThat(store.rules().list(List.of(org.id()), project.id(), PageRequest.ALL).items()).containsExactly(r);
        assertThat(store.rules().enabled()).contains(r);
        Rule off = new Rule(r.id(), r.orgId(), r.projectId(), "renamed", false, r.scope(), RuleCondition.change("on"), null, null, false,
                Severity.MINOR, "[{\"kind\":\"x\"}]", r.createdBy(), r.createdOn(), T0.plusSeconds(1));
        store.rules().update(off);
        assertThat(store.rules().byId(r.id())).contains(off);
        assertThat(store.rules().enabled()).doesNotContain(off);
        store.rules().delete(r.id());
        assertThat(store.rules().byId(r.id())).isEmpty();
    }

    @Test
    void statesMarksAndProgressKeepTheirPromises() {
        Rule r = rule(RuleCondition.threshold(RuleCondition.Op.GT, 1), null, null);
        RuleState s = new RuleState(r.id(), stream.slug(), true, 5L, 2, 7L, 1.5, "x", stream.id());
        store.rules().saveState(s);
        store.rules().saveState(s);
        assertThat(store.rules().state(r.id(), stream.slug())).contains(s);
        assertThat(store.rules().states(r.id())).containsExactly(s);
        store.rules().saveMark(stream.id(), 100);
        store.rules().saveMark(stream.id(), 50);
        assertThat(store.rules().marks(List.of(stream.id(), 999L))).containsExactly(java.util.Map.entry(stream.id(), 100L));
        assertThat(store.rules().progress("x")).isZero();
        assertThat(store.rules().advanceProgress("x", 5)).isTrue();
        assertThat(store.rules().advanceProgress("x", 5)).isFalse();
        assertThat(store.rules().advanceProgress("x", 4)).isFalse();
        assertThat(store.rules().advanceProgress("x", 6)).isTrue();
        assertThat(store.rules().progress("x")).isEqualTo(6);
        assertThat(store.rules().logFiring(org.id(), r.id(), "o", "fired", T0, null, null))
                .isLessThan(store.rules().logFiring(org.id(), r.id(), "o", "fired", T0, null, null));
        store.rules().deleteStates(r.id());
        assertThat(store.rules().states(r.id())).isEmpty();
    }

    @Test
    void theDatabaseKeepsOneOpenAlarmPerRuleAndOriginator() {
        Rule r = rule(RuleCondition.threshold(RuleCondition.Op.GT, 1), null, null);
        Alarm a = store.alarms().create(alarm(r, "d--0000-0000-0000-0001"));
        assertThatThrownBy(() -> store.alarms().create(alarm(r, "d--0000-0000-0000-0001"))).isInstanceOf(FeedlineException.class)
                .satisfies(e -> assertThat(((FeedlineException) e).kind()).isEqualTo(ErrorKind.CONFLICT));
        store.alarms().create(alarm(r, "d--0000-0000-0000-0002")); // another originator
        Alarm acked = a.withStatus(AlarmStatus.ACKNOWLEDGED, T0.plusSeconds(1), owner.id());
        store.alarms().update(acked, "acknowledged", owner.id());
        assertThat(store.alarms().open(r.id(), a.originator())).contains(acked);
        assertThat(store.alarms().openCounts(List.of(org.id()), false, null)).containsExactly(new dev.feedline.model.AlarmCount(project.id(), 1, 1));
        store.alarms().update(acked.withStatus(AlarmStatus.CLEARED, T0.plusSeconds(2), null), "cleared", null);
        assertThat(store.alarms().open(r.id(), a.originator())).isEmpty();
        Alarm second = store.alarms().create(alarm(r, "d--0000-0000-0000-0001"));
        assertThat(second.id()).isNotEqualTo(a.id());
        assertThat(store.alarms().history(a.id())).extracting(Alarm.Entry::what).containsExactly("created", "acknowledged", "cleared");
        assertThat(store.alarms().history(a.id()).get(1).by()).isEqualTo(owner.id());
        var filter = new AlarmRepository.Filter(null, true, Severity.MAJOR, project.id(), 1L, r.id());
        assertThat(store.alarms().list(List.of(org.id()), filter, PageRequest.ALL).items()).extracting(Alarm::id).containsExactly(second.id());
        assertThat(store.alarms().list(List.of(org.id()), new AlarmRepository.Filter(AlarmStatus.CLEARED, null, null, null, null, null),
                PageRequest.ALL).items()).extracting(Alarm::id).containsExactly(a.id());
    }

    @Test
    void oldFiringsAndClearedAlarmsArePrunedOpenAlarmsStay() {
        Rule r = rule(RuleCondition.threshold(RuleCondition.Op.GT, 1), null, null);
        Alarm cleared = store.alarms().create(alarm(r, "d--0000-0000-0000-0001"));
        store.alarms().update(cleared.withStatus(AlarmStatus.CLEARED, T0.plusSeconds(1), null), "cleared", null);
        Alarm open = store.alarms().create(alarm(r, "d--0000-0000-0000-0002"));
        store.rules().logFiring(org.id(), r.id(), "o", "fired", T0, null, null);

        assertThat(store.rules().pruneHistory(T0)).isZero();
        assertThat(store.rules().pruneHistory(T0.plusSeconds(2))).isEqualTo(2);
        assertThat(store.alarms().byId(cleared.id())).isEmpty();
        assertThat(store.alarms().history(cleared.id())).isEmpty();
        assertThat(store.alarms().byId(open.id())).isPresent();
    }

    private Alarm alarm(Rule r, String originator) {
        return new Alarm(0, org.id(), project.id(), r.id(), r.name(), originator, Slugs.parseDevice(originator), null, Severity.MAJOR,
                AlarmStatus.ACTIVE, 1.0, null, "d", T0, null, null, null, null, T0);
    }

    @Test
    void eachPointIsEvaluatedOnceEvenWhenItsEventComesAgain() {
        rule(RuleCondition.threshold(RuleCondition.Op.GT, 30), null, null);
        engine.tick();
        write(1, 20);
        write(2, 31);
        write(3, 35);
        deliver();
        assertThat(actions.committed()).containsExactly("fired 31.0 " + stream.slug());
        redeliverAll();
        restart();
        redeliverAll();
        assertThat(actions.committed()).containsExactly("fired 31.0 " + stream.slug());
        assertThat(store.alarms().list(List.of(org.id()), new AlarmRepository.Filter(null, true, null, null, null, null), PageRequest.ALL).items())
                .singleElement().satisfies(a -> {
                    assertThat(a.value()).isEqualTo(31.0);
                    assertThat(a.status()).isEqualTo(AlarmStatus.ACTIVE);
                });
        write(4, 10);
        deliver();
        assertThat(actions.committed()).containsExactly("fired 31.0 " + stream.slug(), "cleared 10.0 " + stream.slug());
        assertThat(actions.fired).extracting(f -> f.position()).doesNotHaveDuplicates();
        assertThat(published).filteredOn(e -> e instanceof DomainEvent.AlarmChanged).extracting(e -> ((DomainEvent.AlarmChanged) e).what())
                .containsExactly("created", "cleared");
    }

    @Test
    void aPointOlderThanTheNewestEvaluatedIsLateAndNotEvaluated() {
        rule(RuleCondition.threshold(RuleCondition.Op.GT, 30), null, null);
        engine.tick();
        write(10, 20);
        deliver();
        write(5, 99); // late: older than the newest point evaluated of the stream
        deliver();
        assertThat(actions.fired).isEmpty();
        write(11, 99);
        deliver();
        assertThat(actions.committed()).containsExactly("fired 99.0 " + stream.slug());
    }

    @Test
    void aDurationUnderWayCompletesAfterARestartAndFiresOnce() {
        rule(RuleCondition.threshold(RuleCondition.Op.GT, 30), null, new RuleHold(60, null));
        engine.tick();
        write(0, 31);
        deliver();
        clock.advance(Duration.ofSeconds(30));
        engine.tick();
        assertThat(actions.fired).isEmpty();
        restart();
        clock.advance(Duration.ofSeconds(31));
        engine.tick();
        engine.tick();
        restart();
        engine.tick();
        redeliverAll();
        assertThat(actions.committed()).containsExactly("fired 31.0 " + stream.slug());
        assertThat(actions.fired.get(0).at()).isEqualTo(T0.plusSeconds(61));
        assertThat(store.alarms().list(List.of(org.id()), new AlarmRepository.Filter(null, true, null, null, null, null), PageRequest.ALL).total())
                .isEqualTo(1);
    }

    @Test
    void noDataFiresOnTheClockAndClearsWhenDataComes() {
        rule(RuleCondition.noData(5), null, null);
        engine.tick(); // the rule starts watching its stream now
        clock.advance(Duration.ofMinutes(4));
        engine.tick();
        assertThat(actions.fired).isEmpty();
        restart();
        clock.advance(Duration.ofMinutes(1));
        engine.tick();
        assertThat(actions.committed()).containsExactly("fired null " + stream.slug());
        write(400, 1);
        deliver();
        assertThat(actions.committed()).containsExactly("fired null " + stream.slug(), "cleared 1.0 " + stream.slug());
    }

    /** The real port, counting the calls of one of its methods. */
    private static <T> T counting(Class<T> port, T real, String method, java.util.concurrent.atomic.AtomicInteger calls) {
        return port.cast(java.lang.reflect.Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, m, args) -> {
            if (m.getName().equals(method)) calls.incrementAndGet();
            try {
                return m.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    @Test
    void theClockFiresWhatBecameDueWithoutARestart() {
        rule(RuleCondition.noData(5), null, null);
        Stream held = store.streams().createIfAbsent(Slugs.stream(project.gid(), 2, variable.lid()), org.id(), project.id(), 0, variable.id(), "h",
                ValueType.NUMERIC, T0);
        store.rules().create(new Rule(0, org.id(), project.id(), "held", true, new RuleScope(RuleScope.Kind.STREAM, held.slug(), project.id(),
                held.id(), null, null), RuleCondition.threshold(RuleCondition.Op.GT, 30), null, new RuleHold(60, null), false, Severity.MAJOR, "[]",
                owner.id(), T0, T0));
        engine.tick(); // the no-data rule watches its stream from now: due at minute 5
        clock.advance(Duration.ofMinutes(3));
        write(180, 1); // data at minute 3: due at minute 8 instead
        db.timeSeries().append(List.of(DataPoint.numeric(held.id(), T0.getEpochSecond() * 1_000_000L + 200 * 1_000_000L, 31)));
        deliver();
        clock.advance(Duration.ofSeconds(100)); // minute 4:40: the hold of 60 s since second 200 is over
        engine.tick();
        assertThat(actions.committed()).containsExactly("fired 31.0 " + held.slug());
        clock.advance(Duration.ofSeconds(20)); // minute 5: nothing, data came at minute 3
        engine.tick();
        assertThat(actions.committed()).containsExactly("fired 31.0 " + held.slug());
        clock.advance(Duration.ofMinutes(3)); // minute 8
        engine.tick();
        assertThat(actions.committed()).containsExactly("fired 31.0 " + held.slug(), "fired null " + stream.slug());
    }

    @Test
    void aCommitOverManyStreamsReadsTheirPointsInOneQuery() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        engine = new RuleEngine(store, counting(TimeSeriesStore.class, db.timeSeries(), "range", reads), actions, events(), clock, () -> true, id -> false);
        List<DataPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Stream s = store.streams().createIfAbsent(Slugs.stream(project.gid(), 10 + i, variable.lid()), org.id(), project.id(), 0, variable.id(),
                    "s" + i, ValueType.NUMERIC, T0);
            store.rules().create(new Rule(0, org.id(), project.id(), "r" + i, true, new RuleScope(RuleScope.Kind.STREAM, s.slug(), project.id(),
                    s.id(), null, null), RuleCondition.threshold(RuleCondition.Op.GT, 30), null, null, false, Severity.MAJOR, "[]", owner.id(), T0, T0));
            points.add(DataPoint.numeric(s.id(), T0.getEpochSecond() * 1_000_000L + (i + 1) * 1_000_000L, 31));
        }
        engine.tick();
        db.timeSeries().append(points);
        deliver();
        assertThat(actions.fired).hasSize(20);
        assertThat(reads).hasValue(1); // not one query per stream
        redeliverAll();
        assertThat(actions.fired).hasSize(20);
    }

    @Test
    void eventsReadTogetherAreEvaluatedInOrderAndStoredInOneTransaction() {
        java.util.concurrent.atomic.AtomicInteger transactions = new java.util.concurrent.atomic.AtomicInteger();
        engine = new RuleEngine(counting(MetadataStore.class, store, "inTransaction", transactions), db.timeSeries(), actions, events(), clock,
                () -> true, id -> false);
        rule(RuleCondition.threshold(RuleCondition.Op.GT, 30), RuleCondition.threshold(RuleCondition.Op.LT, 10), null);
        engine.tick();
        write(1, 31);
        write(2, 5);
        write(3, 20);
        write(4, 40);
        List<DurableDelivery.Delivered> rows = store.outbox().after(handled, 1000).stream()
                .map(row -> new DurableDelivery.Delivered(row.position(), row.recordedAt(), OutboxCodec.decode(row))).toList();
        transactions.set(0);
        engine.handleAll(rows);
        assertThat(actions.committed()).containsExactly("fired 31.0 " + stream.slug(), "cleared 5.0 " + stream.slug(), "fired 40.0 " + stream.slug());
        assertThat(transactions).hasValue(1);
        engine.handleAll(rows); // delivered again: nothing new
        redeliverAll();
        assertThat(actions.committed()).hasSize(3);
    }

    @Test
    void aWindowIsReadFromTheStoredPoints() {
        rule(RuleCondition.window(RuleCondition.Function.AVG, 1, RuleCondition.Op.GT, 10), null, null);
        engine.tick();
        write(0, 5);
        write(30, 10);
        deliver();
        restart();
        write(50, 20); // (5 + 10 + 20) / 3 > 10
        deliver();
        assertThat(actions.committed()).containsExactly("fired " + (35 / 3.0) + " " + stream.slug());
    }

    /** A window long enough for the rollups, and the points of the commit evaluated with it. */
    private static final int LONG_WINDOW = 120;
    private static final int COMMIT_POINTS = 30;

    /**
     * Every 5 s from T0 for 3 h 20 min (a text point every 50th), rolled up to 3 h (dense hours: with minutes), a late
     * point in a rolled-up hour afterwards (dirty), then rules, then one commit of {@link #COMMIT_POINTS} points from
     * 3:20:02.5 every 5 s. Returns every stored point.
     */
    private List<DataPoint> longWindowData(java.util.function.Supplier<RuleEngine> engineAfterRollup, RuleCondition.Function... functions) {
        long base = T0.getEpochSecond() * 1_000_000L;
        List<DataPoint> all = new java.util.ArrayList<>();
        for (int i = 0; i < 2400; i++) {
            long t = base + i * 5_000_000L;
            all.add(i % 50 == 7 ? new DataPoint(stream.id(), t, ValueType.TEXT, null, null, "x", null, null, null, null, null, null)
                    : DataPoint.numeric(stream.id(), t, (i * 7) % 23));
        }
        db.timeSeries().append(all);
        deliver(); // no rule yet: not evaluated
        db.rollUp(T0.plus(Duration.ofMinutes(190)));
        DataPoint late = DataPoint.numeric(stream.id(), base + 9_002_500_000L, 100); // 2:30:02.5, in a rolled-up hour
        db.timeSeries().append(List.of(late));
        all.add(late);
        deliver();
        for (RuleCondition.Function f : functions) {
            rule(RuleCondition.window(f, LONG_WINDOW, RuleCondition.Op.GT, -1e9), null, null);
            rule(RuleCondition.window(f, LONG_WINDOW, RuleCondition.Op.GT, -1e9), null, new RuleHold(null, COMMIT_POINTS));
        }
        engine = engineAfterRollup.get();
        engine.tick();
        List<DataPoint> commit = new java.util.ArrayList<>();
        for (int j = 0; j < COMMIT_POINTS; j++) commit.add(DataPoint.numeric(stream.id(), base + 12_002_500_000L + j * 5_000_000L, (j * 3) % 11));
        db.timeSeries().append(commit);
        all.addAll(commit);
        deliver();
        all.sort(java.util.Comparator.comparingLong(DataPoint::timestampMicros));
        return all;
    }

    /** The window's aggregate computed from the raw points, as the rules' documentation defines it. */
    private static Double rawWindow(List<DataPoint> all, RuleCondition.Function f, long t) {
        List<DataPoint> in = all.stream().filter(p -> p.timestampMicros() > t - LONG_WINDOW * 60_000_000L && p.timestampMicros() <= t).toList();
        if (f == RuleCondition.Function.COUNT) return (double) in.size();
        List<Double> v = in.stream().map(DataPoint::value).filter(java.util.Objects::nonNull).toList();
        if (v.isEmpty()) return null;
        return switch (f) {
            case AVG -> v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
            case MIN -> v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case MAX -> v.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case DELTA -> v.get(v.size() - 1) - v.get(0);
            case COUNT -> (double) v.size();
        };
    }

    @Test
    void aLongWindowFromTheRollupsEqualsTheRawWindowAtEveryPointOfACommit() {
        RuleCondition.Function[] functions = RuleCondition.Function.values();
        List<DataPoint> all = longWindowData(this::newEngine, functions);
        long first = T0.getEpochSecond() * 1_000_000L + 12_002_500_000L;
        long last = first + (COMMIT_POINTS - 1) * 5_000_000L;
        List<String> expected = new java.util.ArrayList<>();
        for (RuleCondition.Function f : functions) {
            expected.add(f + " at first " + rawWindow(all, f, first));
            expected.add(f + " at last " + rawWindow(all, f, last));
        }
        List<String> fired = new java.util.ArrayList<>();
        for (dev.feedline.core.action.Firing firing : actions.fired) {
            Rule r = store.rules().byId(firing.ruleId()).orElseThrow();
            fired.add(r.condition().function() + (r.hold() == null ? " at first " : " at last ") + firing.value());
        }
        assertThat(fired).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Avg and count (which counts the text points too) alike: the middle of the window is the store's summary. */
    @Test
    void aLongWindowReadsRawPointsOnlyAtItsEdges() {
        java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger rowCounts = new java.util.concurrent.atomic.AtomicInteger();
        TimeSeriesStore real = db.timeSeries();
        // Counts the points the engine reads through the port (scans, pages and lists), not the summaries, and the
        // row counts it asks the database for (which walk the rows where the rollups are not read).
        TimeSeriesStore counting = (TimeSeriesStore) java.lang.reflect.Proxy.newProxyInstance(TimeSeriesStore.class.getClassLoader(),
                new Class<?>[] {TimeSeriesStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("count")) rowCounts.incrementAndGet();
                    if (method.getName().equals("scan")) {
                        @SuppressWarnings("unchecked")
                        Consumer<DataPoint> sink = (Consumer<DataPoint>) args[2];
                        args[2] = (Consumer<DataPoint>) p -> {
                            rows.incrementAndGet();
                            sink.accept(p);
                        };
                    }
                    Object out = method.invoke(real, args);
                    if (out instanceof List<?> list) rows.addAndGet(list.size());
                    return out;
                });
        longWindowData(() -> new RuleEngine(store, counting, actions, events(), clock, () -> true, id -> false), RuleCondition.Function.AVG,
                RuleCondition.Function.COUNT);
        assertThat(actions.fired).hasSize(4);
        // The commit's 30 points, the raw edges of the windows (about 30 points each); the window itself holds 1,440.
        assertThat(rows.get()).isLessThan(4 * COMMIT_POINTS);
        assertThat(rowCounts).hasValue(0);
    }

    @Test
    void aRuleTriggeredByItsOwnWritesIsRefusedDirectlyOrThroughAnotherRule() {
        store.orgs().putMember(org.id(), owner.id(), dev.feedline.model.Role.OWNER, T0);
        dev.feedline.core.access.Lookup lookup = new dev.feedline.core.access.Lookup(store, new dev.feedline.core.access.Access(store.orgs()));
        dev.feedline.core.rule.RuleService rules = new dev.feedline.core.rule.RuleService(store, lookup, actions,
                dev.feedline.core.rule.RuleLimits.defaults(), new dev.feedline.core.Text(dev.feedline.core.Limits.defaults()), clock, id -> {});
        dev.feedline.core.auth.Caller me = new dev.feedline.core.auth.Caller.User(owner);
        Variable other = store.variables().create(project.id(), 0x5002, "out", null, null, T0);
        Stream out = store.streams().createIfAbsent(Slugs.stream(project.gid(), 1, other.lid()), org.id(), project.id(), 0, other.id(), "o",
                ValueType.NUMERIC, T0);
        String writesSelf = "[{\"kind\":\"write\",\"stream\":1}]";
        String writesOut = "[{\"kind\":\"write\",\"stream\":2}]";
        String writesIn = "[{\"kind\":\"write\",\"stream\":3}]";
        actions.writes(writesSelf, java.util.Set.of(stream.id()));
        actions.writes(writesOut, java.util.Set.of(out.id()));
        actions.writes(writesIn, java.util.Set.of(stream.id()));
        java.util.function.BiFunction<Stream, String, com.fasterxml.jackson.databind.JsonNode> body = (watched, actionsJson) -> json(
                "{\"org\":\"" + org.slug() + "\",\"name\":\"r\",\"scope\":{\"kind\":\"stream\",\"target\":\"" + watched.slug()
                        + "\"},\"condition\":{\"kind\":\"threshold\",\"op\":\"gt\",\"value\":1},\"actions\":" + actionsJson + "}");
        assertThatThrownBy(() -> rules.create(me, body.apply(stream, writesSelf))).isInstanceOf(FeedlineException.class)
                .hasMessageContaining("trigger itself");
        rules.create(me, body.apply(stream, writesOut)); // watches in, writes out: fine alone
        assertThatThrownBy(() -> rules.create(me, body.apply(out, writesIn))).isInstanceOf(FeedlineException.class)
                .hasMessageContaining("trigger each other");
        assertThat(store.rules().ofOrg(org.id())).hasSize(1);
        rules.create(me, body.apply(out, "[]")); // watches out, writes nothing: no loop
        // the org's limit
        dev.feedline.core.rule.RuleService two = new dev.feedline.core.rule.RuleService(store, lookup, actions,
                new dev.feedline.core.rule.RuleLimits(2, 60, 60, 10, 60), new dev.feedline.core.Text(dev.feedline.core.Limits.defaults()), clock, id -> {});
        assertThatThrownBy(() -> two.create(me, body.apply(out, "[]"))).isInstanceOf(FeedlineException.class).hasMessageContaining("at most 2 rules");
        assertThat(store.rules().ofOrg(org.id())).hasSize(2);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOfflineRuleFiresOnTheClockAndClearsWhenTheDeviceReturns() {
        dev.feedline.model.Device device = store.devices().create(org.id(), "d", null, "hash", T0);
        dev.feedline.model.Device claimed = new dev.feedline.model.Device(device.id(), org.id(), project.id(), "d", true, null, null, null, null,
                "hash", owner.id(), T0, null, T0);
        store.devices().update(claimed);
        store.rules().create(new Rule(0, org.id(), project.id(), "gone", true, new RuleScope(RuleScope.Kind.PRESENCE, Slugs.project(project.gid()),
                project.id(), null, null, null), RuleCondition.offline(5), null, null, true, Severity.WARNING, "[]", owner.id(), T0, T0));
        engine.presenceChanged(new DomainEvent.PresenceChanged(claimed, true, T0));
        engine.tick();
        engine.presenceChanged(new DomainEvent.PresenceChanged(claimed, false, T0.plusSeconds(60)));
        clock.advance(Duration.ofMinutes(5));
        engine.tick();
        assertThat(actions.fired).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        engine.tick();
        assertThat(actions.committed()).containsExactly("fired null " + claimed.slug());
        engine.presenceChanged(new DomainEvent.PresenceChanged(claimed, true, T0.plusSeconds(400)));
        engine.tick();
        assertThat(actions.committed()).containsExactly("fired null " + claimed.slug(), "cleared null " + claimed.slug());
        assertThat(store.alarms().list(List.of(org.id()), new AlarmRepository.Filter(AlarmStatus.CLEARED, null, Severity.WARNING, null, claimed.id(),
                null), PageRequest.ALL).total()).isEqualTo(1);
    }

    @Test
    void onlyTheOwningNodeEvaluatesAndATakeOverGoesOnFromTheDatabase() {
        java.util.concurrent.atomic.AtomicBoolean owns = new java.util.concurrent.atomic.AtomicBoolean(true);
        RuleEngine first = new RuleEngine(store, db.timeSeries(), actions, events(), clock, owns::get, id -> false);
        RuleEngine second = new RuleEngine(store, db.timeSeries(), actions, events(), clock, () -> !owns.get(), id -> false);
        rule(RuleCondition.threshold(RuleCondition.Op.GT, 30), null, new RuleHold(null, 2));
        engine = first;
        write(1, 31);
        deliver();
        owns.set(false);
        first.tick();
        assertThatThrownBy(() -> first.handle(new DurableDelivery.Delivered(handled + 1, T0, new DomainEvent.StreamsWritten(List.of(stream.id()), 1, 0, 0))))
                .isInstanceOf(IllegalStateException.class);
        engine = second;
        write(2, 32); // the second point in a row: the run begun on the first node completes here
        deliver();
        redeliverAll();
        assertThat(actions.committed()).containsExactly("fired 32.0 " + stream.slug());
    }

    /** A partition lock the test holds and loses; {@code confirmed} is what asking the database again would answer. */
    private static final class TestLock implements dev.feedline.core.cluster.JobLock {
        volatile boolean held = true;
        volatile boolean confirmed = true;

        @Override public boolean tryHold() { return held = confirmed; }
        @Override public boolean held() { return held; }
        @Override public void close() { held = false; }
    }

    private RuleEngine partitionEngine(RulePartitions partitions, int partition, dev.feedline.core.cluster.JobLock lock) {
        return new RuleEngine(store, db.timeSeries(), actions, events(), clock, partitions, partition, lock, id -> false);
    }

    /** Hands every outbox row not yet handled by this engine to it, in order (as its own durable consumer would). */
    private long deliverTo(RuleEngine to, long from) {
        long last = from;
        for (EventOutbox.Recorded row : store.outbox().after(from, 1000)) {
            to.handle(new DurableDelivery.Delivered(row.position(), row.recordedAt(), OutboxCodec.decode(row)));
            last = row.position();
        }
        return last;
    }

    @Test
    void aNodeThatLostItsPartitionWithoutNoticingStoresNothingAndTheNewOwnerFiresOnce() {
        RulePartitions one = new RulePartitions(1);
        TestLock paused = new TestLock();
        RuleEngine first = partitionEngine(one, 0, paused);
        rule(RuleCondition.noData(15), null, null);
        first.tick(); // takes the partition over (epoch 1); the no-data rule watches the stream from now
        // The first node stalls (a long pause): its lock session ends and the second node takes the partition over.
        TestLock taken = new TestLock();
        RuleEngine second = partitionEngine(one, 0, taken);
        second.tick();
        clock.advance(Duration.ofMinutes(16));
        first.tick(); // back from the pause, its lock still looks held: the commit is fenced off
        assertThat(actions.fired).isEmpty();
        second.tick();
        assertThat(actions.committed()).containsExactly("fired null " + stream.slug());
        // The first node asks its lock again before evaluating: the session is gone, so it stays out.
        paused.confirmed = false;
        assertThat(first.owns()).isFalse();
        clock.advance(Duration.ofMinutes(16));
        first.tick();
        second.tick();
        assertThat(actions.committed()).containsExactly("fired null " + stream.slug());
        assertThat(store.alarms().list(List.of(org.id()), new AlarmRepository.Filter(null, null, null, null, null, null), PageRequest.ALL).total())
                .isEqualTo(1);
    }

    @Test
    void aStaleOwnerCannotStoreAnEvaluationNorMoveTheCursorAndTheNewOwnerGoesOnFromTheStoredProgress() {
        RulePartitions one = new RulePartitions(1);
        TestLock dying = new TestLock();
        RuleEngine first = partitionEngine(one, 0, dying);
        rule(RuleCondition.threshold(RuleCondition.Op.GT, 30), null, new RuleHold(null, 2));
        write(1, 31);
        long firstHandled = deliverTo(first, 0); // the first point of the run, stored by the first owner
        TestLock lock = new TestLock();
        RuleEngine second = partitionEngine(one, 0, lock);
        second.tick(); // takes over: epoch 2
        write(2, 32);
        long position = store.outbox().after(firstHandled, 10).get(0).position();
        assertThatThrownBy(() -> deliverTo(first, firstHandled)).isInstanceOf(IllegalStateException.class);
        assertThat(store.rules().progress(RulePartitions.consumer(0))).isEqualTo(firstHandled);
        deliverTo(second, 0); // from the shared cursor (here: everything again): the first point is evaluated already
        assertThat(store.rules().progress(RulePartitions.consumer(0))).isEqualTo(position);
        assertThat(actions.committed()).containsExactly("fired 32.0 " + stream.slug());
    }

    @Test
    void twoEnginesOwningDifferentPartitionsEvaluateEveryPointOnce() {
        RulePartitions two = new RulePartitions(2);
        store.rules().create(new Rule(0, org.id(), project.id(), "each", true, new RuleScope(RuleScope.Kind.VARIABLE, Slugs.variable(project.gid(), variable.lid()), project.id(), null,
                null, variable.id()), RuleCondition.change(null), null, null, false, Severity.MAJOR, "[]", owner.id(), T0, T0));
        java.util.Map<Integer, List<Stream>> byPartition = new java.util.HashMap<>();
        for (int device = 20; byPartition.getOrDefault(0, List.of()).size() < 3 || byPartition.getOrDefault(1, List.of()).size() < 3; device++) {
            Stream s = store.streams().createIfAbsent(Slugs.stream(project.gid(), device, variable.lid()), org.id(), project.id(), device, variable.id(),
                    "d" + device, ValueType.NUMERIC, T0);
            byPartition.computeIfAbsent(two.of(s), k -> new java.util.ArrayList<>()).add(s);
        }
        List<Stream> all = byPartition.values().stream().flatMap(List::stream).toList();
        RuleEngine zero = partitionEngine(two, 0, new TestLock());
        RuleEngine oneEngine = partitionEngine(two, 1, new TestLock());
        long atZero = 0;
        long atOne = 0;
        for (int second = 1; second <= 3; second++) {
            List<DataPoint> points = new java.util.ArrayList<>();
            for (Stream s : all) points.add(DataPoint.numeric(s.id(), T0.getEpochSecond() * 1_000_000L + second * 1_000_000L, second));
            db.timeSeries().append(points);
            atZero = deliverTo(zero, atZero);
            atOne = deliverTo(oneEngine, atOne);
        }
        deliverTo(zero, 0); // redelivered from the start to both: nothing new
        deliverTo(oneEngine, 0);
        // A change rule without clear fires on each change: the second and third point of every stream, once each.
        assertThat(actions.fired).hasSize(2 * all.size());
        for (Stream s : all) {
            assertThat(actions.committed()).filteredOn(c -> c.endsWith(" " + s.slug())).containsExactly("fired 2.0 " + s.slug(), "fired 3.0 " + s.slug());
        }
        assertThat(store.rules().progress(RulePartitions.consumer(0))).isEqualTo(atZero);
        assertThat(store.rules().progress(RulePartitions.consumer(1))).isEqualTo(atOne);
    }

    private Events events() {
        return new Events() {
            @Override public void publish(DomainEvent event) { published.add(event); }
            @Override public void publishRelayed(DomainEvent event) { published.add(event); }
            @Override public <T extends DomainEvent> void subscribe(String name, Class<T> type, Consumer<? super T> handler) {}
            @Override public <T extends DomainEvent> void subscribeLocal(String name, Class<T> type, Consumer<? super T> handler) {}
            @Override public <T extends DomainEvent> void subscribeLossy(String name, Class<T> type, int backlog, Consumer<? super T> handler,
                                                                        LongConsumer dropped) {}
        };
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) { now = start; }

        void advance(Duration d) { now = now.plus(d); }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
