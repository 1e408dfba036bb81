package dev.feedline.core.rule;

import dev.feedline.core.action.Firing;
import dev.feedline.core.action.RuleActions;
import dev.feedline.core.cluster.JobLock;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.DurableDelivery;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.RangeSummary;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.Alarm;
import dev.feedline.model.AlarmStatus;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleCondition.Kind;
import dev.feedline.model.RuleScope;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the enabled rules of every org on committed points, on the clock and on presence changes.
 *
 * <p>Points come from the durable delivery ({@link #handle}, consumer {@code rules-N} of its partition): for each
 * {@code StreamsWritten} it reads the points of the streams that have rules, newer than the newest point it already
 * evaluated of that stream (an older one is late and not evaluated), evaluates them in time order and stores, in
 * one transaction: the outbox position it reached, the rules' new states, the streams' newest evaluated times, the
 * alarm changes, the firing log and the actions queued for each firing. A redelivered event finds the position
 * already reached and changes nothing, so every point is evaluated once, also across a restart. {@link #tick}
 * (the engine's clock) fires no-data, offline and held-for-a-duration rules and applies presence changes, the same
 * way. Only the node that {@code owns} the engine evaluates (in a cluster, the holder of the jobs lock); a node that
 * takes over reloads everything from the database. All work runs under one lock, on the durable consumer's
 * thread or the clock's, never on the ingest path.
 *
 * <p>One engine evaluates one partition ({@link RulePartitions}): only the originators that map to it, from its own
 * durable consumer ({@code rules-N}), holding that partition's lock. Taking the partition over increments its
 * owner epoch in {@code rule_progress}, and every commit first checks that epoch in its own transaction: a node that
 * lost the lock without noticing yet (a long pause, a dead lock session) changes nothing, forgets what it cached and
 * evaluates again only once its lock is confirmed held (docs/RULES.md "Partitions and fencing").
 */
public final class RuleEngine {
    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);
    private static final int PRESENCE_BACKLOG = 100_000;
    private static final int PAGE = 10_000;
    /** Most streams read in one query (bind parameters stay far below SQLite's and PostgreSQL's limits). */
    private static final int STREAMS_PER_READ = 500;
    /** In {@link #marks}: the stream has no evaluated point yet. */
    private static final long NO_MARK = Long.MIN_VALUE;

    private final MetadataStore store;
    private final TimeSeriesStore series;
    private final RuleActions actions;
    private final Events events;
    private final Clock clock;
    private final JobLock ownership;
    private final RulePartitions partitions;
    private final int partition;
    /** This partition's durable consumer and rule_progress row, the same on every node: one cursor for the cluster. */
    private final String consumer;
    private final LongPredicate online;
    /** A commit found another owner's epoch: evaluate again only once the lock is confirmed held ({@link #owns}). */
    private volatile boolean fenced;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final ConcurrentLinkedQueue<DomainEvent.PresenceChanged> presence = new ConcurrentLinkedQueue<>();
    private final AtomicInteger presenceQueued = new AtomicInteger();
    private volatile boolean rulesStale = true;
    private volatile Observer observer = (lag, firings) -> {};

    /** Told after each commit that fired: how long after the points' commit its actions were queued (for metrics). */
    @FunctionalInterface
    public interface Observer {
        void fired(java.time.Duration sinceCommit, int firings);
    }

    // Guarded by lock: what this node knows while it owns the engine; all of it is reloaded when it (re)gains ownership.
    private boolean owning;
    /** The owner epoch this engine took the partition over with; every commit checks it is still the stored one. */
    private long epoch;
    private long progress = -1;
    private Map<Long, Rule> rules = Map.of();
    private final Map<Key, RuleState> states = new HashMap<>();
    private final Map<Long, Stream> streams = new HashMap<>();
    /** The rules that cover each stream (empty: none), so a commit does not test every rule against every stream. */
    private final Map<Long, List<Rule>> watchers = new HashMap<>();
    /** Each stream's newest evaluated point time, as stored: only this engine writes them while it owns the engine. */
    private final Map<Long, Long> marks = new HashMap<>();
    /** No clock-driven state is due before this (engine micros): the clock skips its scan of every state until then. */
    private long nextDue = Long.MIN_VALUE;

    private record Key(long ruleId, String originator) {}

    /**
     * @param owner  whether this node evaluates now (always true on a single node; the jobs lock in a cluster)
     * @param online whether a device is connected now (for offline rules after a restart)
     */
    public RuleEngine(MetadataStore store, TimeSeriesStore series, RuleActions actions, Events events, Clock clock, BooleanSupplier owner,
                      LongPredicate online) {
        this(store, series, actions, events, clock, new RulePartitions(1), 0, lockOf(owner), online);
    }

    /**
     * The engine of one partition.
     *
     * @param ownership the partition's lock: this engine evaluates while it is held ({@link JobLock#SINGLE_NODE} on a single node)
     */
    public RuleEngine(MetadataStore store, TimeSeriesStore series, RuleActions actions, Events events, Clock clock, RulePartitions partitions,
                      int partition, JobLock ownership, LongPredicate online) {
        if (partition < 0 || partition >= partitions.count()) throw new IllegalArgumentException("no partition " + partition);
        this.store = store;
        this.series = series;
        this.actions = actions;
        this.events = events;
        this.clock = clock;
        this.partitions = partitions;
        this.partition = partition;
        this.consumer = RulePartitions.consumer(partition);
        this.ownership = ownership;
        this.online = online;
    }

    /** A lock that is whatever the supplier says (tests, a node whose ownership is decided elsewhere). */
    private static JobLock lockOf(BooleanSupplier owner) {
        return new JobLock() {
            @Override public boolean tryHold() { return owner.getAsBoolean(); }
            @Override public boolean held() { return owner.getAsBoolean(); }
            @Override public void close() {}
        };
    }

    /** Whether this node holds the partition's lock and was not fenced off since (no side effect: for metrics). */
    public boolean holdsPartition() { return ownership.held() && !fenced; }

    /** This engine's partition. */
    public int partition() { return partition; }

    /** The name of this partition's durable consumer. */
    public String consumer() { return consumer; }

    /**
     * Whether this node evaluates now: the durable consumer waits while it does not. After a commit was fenced off,
     * the lock is asked again (not just its last answer) before this node takes the partition over once more.
     */
    public boolean owns() {
        if (!ownership.held()) return false;
        if (fenced) {
            if (!ownership.tryHold()) return false;
            fenced = false;
        }
        return true;
    }

    /** Who hears how long firings took (issue 15 point 8: commit → action enqueued); one at a time. */
    public void observe(Observer o) { observer = o; }

    /** A rule was created, changed or deleted: reload the rules before the next evaluation. */
    public void rulesChanged(long ruleId) { rulesStale = true; }

    /** A device's presence changed (live event): applied at the next tick. Returns at once. */
    public void presenceChanged(DomainEvent.PresenceChanged e) {
        // Bounded: a node without rules that never ticks as owner must not grow this; a lost change is repaired on reload.
        if (presenceQueued.incrementAndGet() > PRESENCE_BACKLOG) {
            presenceQueued.decrementAndGet();
            rulesStale = true;
            return;
        }
        presence.add(e);
    }

    /** The durable consumer: evaluates the points of one commit. Throws (to be retried) when the store fails. */
    public void handle(DurableDelivery.Delivered delivered) { handleAll(List.of(delivered)); }

    /**
     * The durable consumer, given the events read together: evaluates the points of each commit in order and stores
     * the outcome of all of them in one transaction (with the last position), so an engine that is behind catches up
     * with one write instead of one per commit. Throws (to be retried, all of them) when the store fails.
     */
    public void handleAll(List<DurableDelivery.Delivered> delivered) {
        lock.lock();
        try {
            if (!prepare()) throw new IllegalStateException("this node does not evaluate rules now");
            Batch batch = new Batch();
            long last = progress;
            List<java.time.Instant> firedAt = new ArrayList<>();
            for (DurableDelivery.Delivered d : delivered) {
                if (d.position() <= progress || !(d.event() instanceof DomainEvent.StreamsWritten written)) continue;
                int before = batch.transitions.size();
                evaluate(written, batch);
                last = d.position();
                if (batch.transitions.size() > before) firedAt.add(d.recordedAt());
            }
            if (batch.empty()) return; // nothing to store: a redelivery would find nothing either
            // Fenced off: throw, so the delivery does not move the shared cursor past events the new owner evaluates.
            if (!commit(last, batch)) throw new IllegalStateException("partition " + partition + " is evaluated by another node now");
            for (java.time.Instant at : firedAt) observer.fired(java.time.Duration.between(at, clock.instant()), batch.transitions.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The clock: presence changes queued since the last tick, then no-data, offline and held-for-a-duration rules.
     * Skipped while an evaluation runs (the next tick does it), so the thread that ticks is never held up.
     */
    public void tick() {
        if (!lock.tryLock()) return;
        try {
            if (!prepare()) {
                // Not the evaluating node: whoever takes over asks every device's presence when it loads its rules.
                while (presence.poll() != null) presenceQueued.decrementAndGet();
                return;
            }
            Batch batch = new Batch();
            long now = micros(clock.instant());
            DomainEvent.PresenceChanged p;
            while ((p = presence.poll()) != null) {
                presenceQueued.decrementAndGet();
                if (partitions.ofDevice(p.device().id()) != partition) continue;
                for (Rule rule : rules.values()) {
                    if (rule.condition().kind() != Kind.OFFLINE || !presenceCovers(rule.scope(), p.device())) continue;
                    Key key = new Key(rule.id(), Slugs.device(p.device().id()));
                    batch.apply(RuleEvaluator.presence(rule, batch.state(key), p.online(), micros(p.at())));
                }
            }
            // Scanning every state each second cost ~1 % of a core per 100,000 no-data streams: scan only when one may be due.
            if (now >= nextDue || !batch.states.isEmpty()) {
                Set<Key> keys = new HashSet<>(states.keySet());
                keys.addAll(batch.states.keySet());
                long due = Long.MAX_VALUE;
                for (Key key : keys) {
                    Rule rule = rules.get(key.ruleId());
                    if (rule == null || !timed(rule)) continue;
                    batch.apply(RuleEvaluator.tick(rule, batch.state(key), now));
                    due = Math.min(due, due(rule, batch.state(key)));
                }
                nextDue = due;
            }
            if (!batch.empty()) commit(null, batch);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the clock matters to the rule: no data, offline, or a hold for a duration. */
    private static boolean timed(Rule rule) {
        return rule.condition().kind().timed() || rule.hold() != null && rule.hold().seconds() != null;
    }

    /** When the clock may next change the state (engine micros), MAX_VALUE when only a point or presence change can. */
    private static long due(Rule rule, RuleState s) {
        if (s.active()) return Long.MAX_VALUE;
        if (rule.condition().kind().timed()) return s.seenMicros() == null ? Long.MAX_VALUE : s.seenMicros() + rule.condition().minutes() * 60_000_000L;
        if (rule.hold() == null || rule.hold().seconds() == null || s.sinceMicros() == null) return Long.MAX_VALUE;
        return s.sinceMicros() + rule.hold().seconds() * 1_000_000L;
    }

    /** A state the clock may have to act on was cached: the next tick scans if it is due sooner than the others. */
    private void watchDue(Key key, RuleState s) {
        Rule rule = rules.get(key.ruleId());
        if (rule != null && timed(rule)) nextDue = Math.min(nextDue, due(rule, s));
    }

    private static boolean presenceCovers(RuleScope scope, Device d) {
        if (scope.deviceId() != null) return scope.deviceId() == d.id();
        return d.projectId() != null && d.projectId() == scope.projectId();
    }

    /** Takes or checks ownership and reloads what is stale; false when this node does not evaluate now. */
    private boolean prepare() {
        if (!owns()) {
            if (owning) forget();
            owning = false;
            return false;
        }
        if (!owning) {
            forget();
            epoch = store.rules().takeOver(consumer);
            owning = true;
            log.atInfo().addKeyValue("partition", partition).addKeyValue("epoch", epoch).log("this node now evaluates a rules partition");
        }
        if (progress < 0) progress = store.rules().progress(consumer);
        if (rulesStale) reload();
        return owning; // reload's commit may have found the partition taken over
    }

    private void forget() {
        progress = -1;
        states.clear();
        streams.clear();
        watchers.clear();
        marks.clear();
        nextDue = Long.MIN_VALUE;
        rulesStale = true;
    }

    /**
     * Loads the enabled rules, every state of the clock's rules, and gives each originator a no-data or offline
     * rule must watch a state (the clock starts now); an offline rule's devices get the presence they have now (a
     * change while nobody listened, e.g. during a restart, was lost).
     */
    private void reload() {
        rulesStale = false;
        Map<Long, Rule> loaded = new LinkedHashMap<>();
        for (Rule r : store.rules().enabled()) loaded.put(r.id(), r);
        states.keySet().removeIf(k -> !loaded.containsKey(k.ruleId()) || !loaded.get(k.ruleId()).equals(rules.get(k.ruleId())));
        rules = loaded;
        streams.clear();
        watchers.clear();
        nextDue = Long.MIN_VALUE;
        Batch seeds = new Batch();
        long now = micros(clock.instant());
        for (Rule rule : rules.values()) {
            if (!timed(rule)) continue;
            for (RuleState s : store.rules().states(rule.id())) if (mine(s.originator())) states.put(new Key(rule.id(), s.originator()), s);
            for (String originator : watched(rule)) {
                if (!mine(originator)) continue;
                Key key = new Key(rule.id(), originator);
                RuleState s = seeds.state(key);
                if (rule.condition().kind() == Kind.NO_DATA && s.seenMicros() == null) seeds.put(key, s.seen(now));
                // Presence events published while nobody listened (a restart, a takeover) are lost: ask what is true now.
                if (rule.condition().kind() == Kind.OFFLINE) seeds.apply(RuleEvaluator.presence(rule, s, online.test(Slugs.parseDevice(originator)), now));
            }
        }
        if (!seeds.empty()) commit(null, seeds);
    }

    private boolean mine(String originator) { return partitions.of(originator) == partition; }

    /** The originators a no-data or offline rule watches from the start, before any data. */
    private List<String> watched(Rule rule) {
        RuleScope scope = rule.scope();
        RuleCondition.Kind kind = rule.condition().kind();
        if (!kind.timed()) return List.of();
        return switch (scope.kind()) {
            case STREAM -> List.of(scope.target());
            case DEVICE -> List.of(Slugs.device(scope.deviceId()));
            case VARIABLE -> store.streams().list(List.of(rule.orgId()), scope.projectId(), null, scope.variableId(), PageRequest.ALL)
                    .items().stream().filter(rule.scope()::covers).map(Stream::slug).toList();
            case PRESENCE -> scope.deviceId() != null ? List.of(Slugs.device(scope.deviceId()))
                    : store.devices().list(List.of(rule.orgId()), scope.projectId(), false, PageRequest.ALL).items().stream()
                            .map(d -> Slugs.device(d.id())).toList();
        };
    }

    private void evaluate(DomainEvent.StreamsWritten written, Batch batch) {
        if (rules.isEmpty()) return;
        Map<Long, List<Rule>> watching = new LinkedHashMap<>();
        for (long streamId : written.streamIds()) {
            List<Rule> of = watchers.computeIfAbsent(streamId, this::covering);
            if (!of.isEmpty()) watching.put(streamId, of);
        }
        if (watching.isEmpty()) return;
        Map<Long, Long> from = new HashMap<>();
        for (var e : marks(watching.keySet()).entrySet()) {
            long mark = Math.max(e.getValue(), batch.marks.getOrDefault(e.getKey(), NO_MARK)); // an earlier event of this batch
            // Never before this commit's first point: older points belong to earlier commits, and a mark left by a rule
            // disabled for a month must not replay that month when one watches the stream again.
            long first = mark == NO_MARK ? written.firstMicros() : Math.max(mark + 1, written.firstMicros());
            if (first <= written.lastMicros()) from.put(e.getKey(), first); // else everything of this commit is late
        }
        List<DataPoint> points = newPoints(from, written.lastMicros() + 1);
        for (DataPoint p : points) batch.marks.merge(p.streamId(), p.timestampMicros(), Math::max);
        if (points.isEmpty()) return;
        points.sort(Comparator.comparingLong(DataPoint::timestampMicros).thenComparingLong(DataPoint::streamId));
        Map<WindowKey, Window> windows = windows(watching, points);
        Map<Long, DataPoint> others = compared(watching);
        long now = micros(clock.instant());
        for (DataPoint p : points) {
            Reading reading = new Reading(p.streamId(), p.timestampMicros(), p.value(), p.value() == null ? p.text() : null, c -> switch (c.kind()) {
                case WINDOW -> {
                    Window window = windows.get(new WindowKey(p.streamId(), c.minutes()));
                    yield window == null ? null : window.aggregate(c, p.timestampMicros());
                }
                case COMPARE -> Optional.ofNullable(others.get(c.streamId())).map(DataPoint::value).orElse(null);
                default -> null;
            });
            for (Rule rule : watching.get(p.streamId())) {
                Key key = new Key(rule.id(), originator(rule, stream(p.streamId())));
                batch.apply(RuleEvaluator.point(rule, batch.state(key), reading, now));
            }
        }
    }

    /** The enabled rules whose scope covers the stream (none for a stream that no longer exists, or of another partition). */
    private List<Rule> covering(long streamId) {
        Stream s = stream(streamId);
        return s == null || partitions.of(s) != partition ? List.of() : rules.values().stream().filter(r -> r.scope().covers(s)).toList();
    }

    /** The streams' newest evaluated times (NO_MARK: none), read from the store once, then kept as the engine stores them. */
    private Map<Long, Long> marks(Set<Long> streamIds) {
        List<Long> missing = streamIds.stream().filter(id -> !marks.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            Map<Long, Long> stored = store.rules().marks(missing);
            for (long id : missing) marks.put(id, stored.getOrDefault(id, NO_MARK));
        }
        Map<Long, Long> out = new HashMap<>();
        for (long id : streamIds) out.put(id, marks.get(id));
        return out;
    }

    /**
     * Each stream's points from its own start up to {@code until} (exclusive), a query per up to 500 streams (not one per
     * stream), read a page at a time; a point of a stream before its start (evaluated already) is dropped.
     */
    private List<DataPoint> newPoints(Map<Long, Long> from, long until) {
        List<DataPoint> out = new ArrayList<>();
        List<Long> ids = new ArrayList<>(from.keySet());
        for (int i = 0; i < ids.size(); i += STREAMS_PER_READ) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + STREAMS_PER_READ));
            long start = chunk.stream().mapToLong(from::get).min().orElseThrow();
            TimeRange range = new TimeRange(start, until);
            for (int offset = 0; ; offset += PAGE) {
                List<DataPoint> page = series.range(chunk, range, new PageRequest(offset, PAGE));
                for (DataPoint p : page) if (p.timestampMicros() >= from.get(p.streamId())) out.add(p);
                if (page.size() < PAGE) break;
            }
        }
        return out;
    }

    /**
     * Windows this long or longer read the part every window of a commit's points contains from the store's
     * rollup-aware summary ({@link TimeSeriesStore#summarize}); shorter ones read the raw points. An hour because the
     * hourly rollups serve only whole hours (and minutes only of dense hours), so a shorter window gains little.
     */
    static final int ROLLED_UP_MINUTES = 60;
    private static final long MICROS_PER_MINUTE = 60_000_000L;

    /** The window of one stream for conditions of some length. */
    private record WindowKey(long streamId, int minutes) {}

    /**
     * For each stream with a window rule, the windows its new points need. Windows under {@link #ROLLED_UP_MINUTES}
     * share one: its stored points from the longest of them before the first new point to the last. A longer window
     * of points first..last, when they span less than it, is three parts: the raw points in (first - w, last - w] and
     * (first, last], which not every point's window holds, and between them (last - w, first], which every one does,
     * summarized by the store from its rollups — so the raw points read do not grow with the window.
     */
    private Map<WindowKey, Window> windows(Map<Long, List<Rule>> watching, List<DataPoint> points) {
        Map<WindowKey, Window> out = new HashMap<>();
        for (var e : watching.entrySet()) {
            long streamId = e.getKey();
            TreeSet<Integer> lengths = new TreeSet<>();
            Set<Integer> counting = new HashSet<>(); // lengths a count condition reads: their summaries count every point
            for (Rule r : e.getValue()) {
                for (RuleCondition c : Arrays.asList(r.condition(), r.clear())) {
                    if (c == null || c.kind() != Kind.WINDOW) continue;
                    lengths.add(c.minutes());
                    if (c.function() == RuleCondition.Function.COUNT) counting.add(c.minutes());
                }
            }
            if (lengths.isEmpty()) continue;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (DataPoint p : points) {
                if (p.streamId() != streamId) continue;
                first = Math.min(first, p.timestampMicros());
                last = Math.max(last, p.timestampMicros());
            }
            if (first == Long.MAX_VALUE) continue;
            SortedSet<Integer> shortOnes = lengths.headSet(ROLLED_UP_MINUTES);
            if (!shortOnes.isEmpty()) {
                Window raw = new Window(stored(streamId, first - shortOnes.last() * MICROS_PER_MINUTE + 1, last + 1));
                for (int minutes : shortOnes) out.put(new WindowKey(streamId, minutes), raw);
            }
            for (int minutes : lengths.tailSet(ROLLED_UP_MINUTES)) {
                long w = minutes * MICROS_PER_MINUTE;
                List<Window.Entry> entries;
                if (last - w + 1 > first) { // the points span the window: no part is in every point's window
                    entries = stored(streamId, first - w + 1, last + 1);
                } else {
                    TimeRange middle = new TimeRange(last - w + 1, first + 1);
                    // Its points (text ones too) are what count counts; other functions read only its numeric values.
                    RangeSummary summary = series.summarize(streamId, middle, counting.contains(minutes));
                    entries = stored(streamId, first - w + 1, last - w + 1);
                    entries.add(new Window.Entry(middle.fromMicros(), summary.points(), summary));
                    entries.addAll(stored(streamId, first + 1, last + 1));
                }
                out.put(new WindowKey(streamId, minutes), new Window(entries));
            }
        }
        return out;
    }

    /** The stored points of the stream in [from, to), oldest first. */
    private List<Window.Entry> stored(long streamId, long from, long to) {
        List<Window.Entry> out = new ArrayList<>();
        if (from < to) series.scan(streamId, new TimeRange(from, to), p -> out.add(Window.Entry.of(p)));
        return out;
    }

    /** The latest point of every stream a compare condition of these rules reads. */
    private Map<Long, DataPoint> compared(Map<Long, List<Rule>> watching) {
        Set<Long> ids = new HashSet<>();
        for (List<Rule> rs : watching.values()) {
            for (Rule r : rs) {
                if (r.condition().kind() == Kind.COMPARE) ids.add(r.condition().streamId());
                if (r.clear() != null && r.clear().kind() == Kind.COMPARE) ids.add(r.clear().streamId());
            }
        }
        return ids.isEmpty() ? Map.of() : series.latest(ids);
    }

    /** The stream for an originator of a stream or variable scope, the device for a device scope. */
    private static String originator(Rule rule, Stream s) {
        return rule.scope().kind() == RuleScope.Kind.DEVICE ? Slugs.device(s.deviceId()) : s.slug();
    }

    private Stream stream(long id) {
        if (streams.containsKey(id)) return streams.get(id);
        Stream s = store.streams().byId(id).orElse(null);
        streams.put(id, s);
        return s;
    }

    /**
     * Stores a batch in one transaction (with the outbox position when it came from one), then publishes the alarm
     * changes. Answers false when the partition's epoch is no longer this engine's (nothing stored, ownership dropped).
     */
    private boolean commit(Long position, Batch batch) {
        List<DomainEvent.AlarmChanged> changed = new ArrayList<>();
        try {
            int outcome = store.inTransaction(() -> {
                // First, so a node taking the partition over (which increments the epoch) waits for this commit or fences it.
                if (!store.rules().holdsEpoch(consumer, epoch)) return STALE;
                if (position != null && !store.rules().advanceProgress(consumer, position)) return DONE;
                store.rules().saveStates(batch.states.values());
                store.rules().saveMarks(batch.marks);
                for (Transition t : batch.transitions) apply(t, changed);
                return STORED;
            });
            if (outcome == STALE) {
                log.atWarn().addKeyValue("partition", partition).addKeyValue("epoch", epoch)
                        .log("another node took this rules partition over; this node's evaluation was not stored");
                forget();
                owning = false;
                fenced = true;
                return false;
            }
            if (outcome == DONE) {
                // Another evaluation of this event committed first (a node that owned the engine before): start from the database.
                forget();
                return true;
            }
        } catch (RuntimeException e) {
            forget(); // what is cached may be ahead of the database now
            throw e;
        }
        if (position != null) progress = position;
        states.putAll(batch.states);
        batch.states.forEach(this::watchDue);
        batch.marks.forEach((id, micros) -> marks.merge(id, micros, Math::max));
        for (DomainEvent.AlarmChanged e : changed) events.publish(e);
        return true;
    }

    private static final int STORED = 0;
    private static final int DONE = 1;
    private static final int STALE = 2;

    /** One transition: the alarm raised, raised again or cleared, the firing logged, the actions queued. */
    private void apply(Transition t, List<DomainEvent.AlarmChanged> changed) {
        Rule rule = t.rule();
        Instant now = clock.instant();
        Instant at = instant(t.atMicros());
        Stream stream = t.streamId() == null ? null : stream(t.streamId());
        Long alarmId = null;
        if (rule.alarm()) {
            Optional<Alarm> open = store.alarms().open(rule.id(), t.originator());
            if (Firing.FIRED.equals(t.transition())) {
                Alarm a;
                if (open.isPresent()) {
                    a = open.get().raisedAgain(t.value(), t.text(), now);
                    store.alarms().update(a, AlarmService.RAISED, null);
                    changed.add(new DomainEvent.AlarmChanged(a, AlarmService.RAISED));
                } else {
                    Long deviceId = deviceOf(rule, t.originator(), stream);
                    a = store.alarms().create(new Alarm(0, rule.orgId(), rule.projectId(), rule.id(), rule.name(), t.originator(), deviceId,
                            stream == null ? null : stream.id(), rule.severity(), AlarmStatus.ACTIVE, t.value(), t.text(),
                            RuleCodec.condition(rule.condition(), false).toString(), now, null, null, null, null, now));
                    changed.add(new DomainEvent.AlarmChanged(a, AlarmService.CREATED));
                }
                alarmId = a.id();
            } else if (open.isPresent()) {
                Alarm a = open.get().withStatus(AlarmStatus.CLEARED, now, null);
                store.alarms().update(a, AlarmService.CLEARED, null);
                changed.add(new DomainEvent.AlarmChanged(a, AlarmService.CLEARED));
                alarmId = a.id();
            }
        }
        long position = store.rules().logFiring(rule.orgId(), rule.id(), t.originator(), t.transition(), at, t.value(), t.text());
        actions.fire(new Firing(rule.orgId(), rule.id(), rule.name(), t.transition(), alarmId, rule.alarm() ? rule.severity().name() : null,
                t.originator(), stream == null ? null : stream.slug(), t.value(), t.text(), at, position), rule.actions());
    }

    private static Long deviceOf(Rule rule, String originator, Stream stream) {
        if (originator.startsWith("d--")) return Slugs.parseDevice(originator);
        if (stream != null && !stream.virtual()) return stream.deviceId();
        return null;
    }

    /** What one evaluation changes, applied over the cached states; stored by {@link #commit}. */
    private final class Batch {
        final Map<Key, RuleState> states = new LinkedHashMap<>();
        final Map<Long, Long> marks = new LinkedHashMap<>();
        final List<Transition> transitions = new ArrayList<>();

        RuleState state(Key key) {
            RuleState s = states.get(key);
            if (s != null) return s;
            s = RuleEngine.this.states.get(key);
            if (s != null) return s;
            s = store.rules().state(key.ruleId(), key.originator()).orElseGet(() -> RuleState.fresh(key.ruleId(), key.originator()));
            RuleEngine.this.states.put(key, s);
            watchDue(key, s);
            return s;
        }

        void put(Key key, RuleState s) { states.put(key, s); }

        void apply(RuleEvaluator.Outcome o) {
            Key key = new Key(o.state().ruleId(), o.state().originator());
            if (!o.state().equals(state(key))) states.put(key, o.state());
            if (o.transition() != null) transitions.add(o.transition());
        }

        boolean empty() { return states.isEmpty() && marks.isEmpty() && transitions.isEmpty(); }
    }

    static long micros(Instant t) { return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000); }

    static Instant instant(long micros) { return Instant.EPOCH.plus(micros, ChronoUnit.MICROS); }
}
