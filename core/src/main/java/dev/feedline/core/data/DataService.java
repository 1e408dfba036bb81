package dev.feedline.core.data;

import dev.feedline.core.Limits;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.core.stream.StreamService;
import dev.feedline.core.stream.StreamTarget;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import dev.feedline.model.Variable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writing and reading data points. A write is validated whole before anything is queued, so a
 * request with one bad point stores none of them.
 */
public final class DataService {
    public static final int MAX_LASTN = 100_000;
    public static final int MAX_BUCKETS = 10_000;
    private static final Duration MIN_BUCKET = Duration.ofNanos(1_000);
    /** The longest span that counts in microseconds (about 292,000 years). */
    private static final Duration MAX_BUCKET = Duration.of(Long.MAX_VALUE, java.time.temporal.ChronoUnit.MICROS);
    private static final Set<String> STATUSES = Set.of("unk", "cln", "drt", "utc");
    private final MetadataStore store;
    private final TimeSeriesStore timeSeries;
    private final StreamService streams;
    private final Lookup lookup;
    private final IngestQueue queue;
    private final LastSeen lastSeen;
    private final Limits limits;
    private final Clock clock;
    private final dev.feedline.core.AcceptedTimes times;
    private final dev.feedline.core.alias.StreamAliases aliases;
    private final dev.feedline.core.units.Units units;

    public DataService(MetadataStore store, TimeSeriesStore timeSeries, StreamService streams, Lookup lookup,
                       IngestQueue queue, LastSeen lastSeen, Limits limits, Clock clock) {
        this.store = store;
        this.timeSeries = timeSeries;
        this.streams = streams;
        this.lookup = lookup;
        this.queue = queue;
        this.lastSeen = lastSeen;
        this.limits = limits;
        this.clock = clock;
        this.times = new dev.feedline.core.AcceptedTimes(limits, clock);
        this.aliases = new dev.feedline.core.alias.StreamAliases(store, lookup, new dev.feedline.core.Text(limits), times, clock);
        this.units = new dev.feedline.core.units.Units(store, lookup, streams);
    }

    /** Stream aliases (a-- slugs): reading their data goes through this service like any filter. */
    public dev.feedline.core.alias.StreamAliases aliases() { return aliases; }

    /** Var types and units: how the points read (applied on the way out, see {@link dev.feedline.core.units.Units}). */
    public dev.feedline.core.units.Units units() { return units; }

    /** The range of times clients may write, the same for every time field. */
    public dev.feedline.core.AcceptedTimes times() { return times; }

    /**
     * A write the ingest queue took. {@code committed} completes when it is durable (or fails when it was not
     * stored); {@link #points} (stream ids set) and {@link #streams} are known once it has committed: a write
     * that creates its streams learns their ids only then.
     */
    public static final class Accepted {
        private static final Accepted NOTHING = new Accepted(() -> new Written(List.of(), Map.of()), CompletableFuture.completedFuture(null));
        private final Supplier<Written> written;
        private final CompletableFuture<Void> committed;

        private Accepted(Supplier<Written> written, CompletableFuture<Void> committed) {
            this.written = written;
            this.committed = committed;
        }

        /** An empty write: nothing to store, already "committed". */
        public static Accepted nothing() { return NOTHING; }

        public CompletableFuture<Void> committed() { return committed; }

        /** The points as stored; read it once {@link #committed} has completed. */
        public List<DataPoint> points() { return written.get().points(); }

        /** The streams of the points, by id; read it once {@link #committed} has completed. */
        public Map<Long, Stream> streams() { return written.get().streams(); }
    }

    private record Written(List<DataPoint> points, Map<Long, Stream> streams) {}

    /** Writes points to the streams their slugs name (created on first data, see {@link StreamService#targetForIngest}). */
    public Accepted ingest(Caller caller, List<PointInput> inputs) {
        checkRequest(caller, inputs);
        List<DataPoint> points = validated(inputs);
        Map<Long, Boolean> writableOrgs = new HashMap<>();
        List<StreamTarget> targets = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            int item = i;
            withItem(i, inputs.size(), () -> targets.add(writableTarget(caller, inputs.get(item).stream(), writableOrgs)));
        }
        return submit(points, targets);
    }

    /**
     * Writes points to the streams targets.get(i) names for inputs.get(i) (their stream field is not read): how
     * dialects whose keys imply streams (ThingsBoard telemetry keys, Adafruit IO feeds) write. The caller has
     * checked that the caller may write there; streams to create are created with the points, in their
     * transaction. Every value is checked before anything is queued.
     */
    public Accepted ingest(Caller caller, List<PointInput> inputs, List<StreamTarget> targets) {
        checkRequest(caller, inputs);
        if (targets.size() != inputs.size()) throw new IllegalArgumentException("one target per point");
        List<DataPoint> points = validated(inputs);
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i) instanceof StreamTarget.Existing e) {
                int item = i;
                withItem(i, inputs.size(), () -> checkEnabled(e.stream()));
            }
        }
        return submit(points, targets);
    }

    /**
     * Writes the readings of a streamer report whose uploader was checked when it was accepted: every value is
     * checked like any write (INVALID otherwise, nothing queued), then the points are queued as one write whose
     * transaction also runs {@code alsoInTransaction} — advancing the streamer's last id and closing the report —
     * so that acknowledgement commits with the readings or not at all. It may run more than once (a rolled-back
     * attempt is retried), so it must be idempotent. No per-request point limit: the upload limit bounds it.
     */
    public Accepted ingestWithin(List<PointInput> inputs, List<StreamTarget> targets, Runnable alsoInTransaction) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no points to write");
        if (targets.size() != inputs.size()) throw new IllegalArgumentException("one target per point");
        List<DataPoint> points = validated(inputs);
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i) instanceof StreamTarget.Existing e) {
                int item = i;
                withItem(i, inputs.size(), () -> checkEnabled(e.stream()));
            }
        }
        return submit(points, targets, alsoInTransaction);
    }

    private void checkRequest(Caller caller, List<PointInput> inputs) {
        if (caller instanceof Caller.Anonymous) throw FeedlineException.unauthenticated("authentication credentials were not provided");
        if (inputs.isEmpty()) throw FeedlineException.invalid("no data points given");
        if (inputs.size() > limits.maxPointsPerRequest()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "at most " + limits.maxPointsPerRequest() + " points per request");
        }
    }

    /** Every point checked (stream id 0 for now): one bad point rejects the request before anything is created or queued. */
    private List<DataPoint> validated(List<PointInput> inputs) {
        List<DataPoint> points = new ArrayList<>(inputs.size());
        long maxMicros = micros(clock.instant().plus(limits.maxFutureSkew()));
        for (int i = 0; i < inputs.size(); i++) {
            int item = i;
            withItem(i, inputs.size(), () -> points.add(toPoint(0, inputs.get(item), maxMicros)));
        }
        return points;
    }

    /**
     * Queues the points. When some of their streams do not exist yet, the writer creates them in the points'
     * transaction (points carry placeholder ids, -1, -2, ..., until then), so a write that is refused (queue
     * full) or fails (store error) leaves no stream, variable or feed behind.
     */
    private Accepted submit(List<DataPoint> points, List<StreamTarget> targets) { return submit(points, targets, null); }

    /** As above; alsoInTransaction (may be null) runs in the points' transaction after the streams are created. */
    private Accepted submit(List<DataPoint> points, List<StreamTarget> targets, Runnable alsoInTransaction) {
        Map<Long, Stream> used = new HashMap<>();
        Map<String, Long> placeholders = new LinkedHashMap<>();
        Map<Long, StreamTarget.New> toCreate = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            long id;
            if (targets.get(i) instanceof StreamTarget.Existing e) {
                id = e.stream().id();
                used.put(id, e.stream());
            } else {
                StreamTarget.New n = (StreamTarget.New) targets.get(i);
                id = placeholders.computeIfAbsent(n.key(), k -> -1L - placeholders.size());
                toCreate.putIfAbsent(id, n);
            }
            points.set(i, points.get(i).withStream(id));
        }
        Instant now = clock.instant();
        Accepted accepted;
        if (toCreate.isEmpty() && alsoInTransaction == null) {
            var committed = queue.submit(points);
            Written written = new Written(points, used);
            accepted = new Accepted(() -> written, committed);
        } else {
            AtomicReference<Written> written = new AtomicReference<>();
            var committed = queue.submitCreating(points, () -> {
                // Runs on the ingest writer, in the transaction that stores the points; again if an attempt was rolled back.
                Map<Long, Stream> streamsById = new HashMap<>(used);
                Map<Long, Long> ids = new HashMap<>();
                toCreate.forEach((placeholder, n) -> {
                    Stream created = n.create().get();
                    ids.put(placeholder, created.id());
                    streamsById.put(created.id(), created);
                });
                List<DataPoint> stored = points.stream().map(p -> p.streamId() < 0 ? p.withStream(ids.get(p.streamId())) : p).toList();
                if (alsoInTransaction != null) alsoInTransaction.run();
                written.set(new Written(stored, streamsById));
                return stored;
            });
            accepted = new Accepted(written::get, committed);
        }
        targets.stream().filter(t -> t.deviceId() != 0).map(StreamTarget::deviceId).distinct().forEach(d -> lastSeen.seen(d, now));
        return accepted;
    }

    private static Map<String, String> prefixed(Map<String, String> fields, int index, int size) {
        if (size == 1) return fields;
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> out.put(index + "." + k, v));
        return out;
    }

    private StreamTarget writableTarget(Caller caller, String slug, Map<Long, Boolean> writableOrgs) {
        if (slug == null) throw FeedlineException.invalidField("stream", "this field is required");
        StreamTarget target = streams.targetForIngest(slug, (orgId, deviceId) -> {
            boolean allowed;
            if (caller instanceof Caller.DeviceCaller d) {
                allowed = d.device().id() == deviceId && d.device().orgId() == orgId;
            } else {
                allowed = writableOrgs.computeIfAbsent(orgId, org -> {
                    if (!lookup.access().isMember(caller, org)) return false;
                    lookup.access().require(caller, org, Role.MEMBER, "stream");
                    return true;
                });
            }
            if (!allowed) throw FeedlineException.notFound("stream " + slug);
        });
        if (target instanceof StreamTarget.Existing e) checkEnabled(e.stream());
        return target;
    }

    private static void checkEnabled(Stream stream) {
        if (!stream.enabled()) throw FeedlineException.invalidField("stream", "stream " + stream.slug() + " is disabled");
    }

    /** Runs one item's check; a failure names the item when the request has several. */
    private static void withItem(int index, int size, Runnable check) {
        try {
            check.run();
        } catch (FeedlineException e) {
            String where = size == 1 ? "" : "item " + index + ": ";
            throw new FeedlineException(e.kind(), where + e.getMessage(), prefixed(e.fieldErrors(), index, size), e.retryAfterSeconds());
        }
    }

    private DataPoint toPoint(long streamId, PointInput in, long maxMicros) {
        if (in.timestamp() == null) throw FeedlineException.invalidField("timestamp", "this field is required");
        long ts = checkedMicros(in.timestamp(), limits, maxMicros);
        ValueType type = in.type() == null ? ValueType.NUMERIC : in.type();
        if (type == ValueType.NUMERIC) {
            if (in.value() == null) throw FeedlineException.invalidField("value", "a numeric value is required");
            if (in.value().isNaN() || in.value().isInfinite()) throw FeedlineException.invalidField("value", "must be a finite number");
        } else if (in.text() == null) {
            throw FeedlineException.invalidField("value", "a value is required");
        } else if (in.text().length() > limits.maxValueLength()) {
            throw FeedlineException.invalidField("value", "longer than " + limits.maxValueLength() + " characters");
        }
        checkRange("lat", in.lat(), 90);
        checkRange("lon", in.lon(), 180);
        if (in.ele() != null && !Double.isFinite(in.ele())) throw FeedlineException.invalidField("ele", "must be a finite number");
        if (in.status() != null && !STATUSES.contains(in.status())) throw FeedlineException.invalidField("status", "must be one of " + STATUSES);
        return new DataPoint(streamId, ts, type, type == ValueType.NUMERIC ? in.value() : null, in.intValue(),
                type == ValueType.NUMERIC ? null : in.text(), in.lat(), in.lon(), in.ele(), in.streamerLocalId(), in.deviceTimestamp(), in.status());
    }

    private static void checkRange(String field, Double v, double bound) {
        if (v != null && (!Double.isFinite(v) || v < -bound || v > bound)) {
            throw FeedlineException.invalidField(field, "must be between " + -bound + " and " + bound);
        }
    }

    /**
     * The timestamp in microseconds, INVALID when it lies before the configured minimum or after
     * maxMicros (also for instants too far out to count in microseconds).
     */
    public static long checkedMicros(Instant t, Limits limits, long maxMicros) {
        return dev.feedline.core.AcceptedTimes.micros("timestamp", t, limits, maxMicros);
    }

    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    public static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** A page of points plus the streams they belong to (for rendering slugs). */
    public record DataPage(List<DataPoint> points, long total, Map<Long, Stream> streams) {}

    /**
     * Points of the streams named by filter (an s--, d--, v-- or p-- slug) in the range: the newest
     * lastn when given (returned oldest first), sliced by page.
     */
    public DataPage query(Caller caller, String filter, TimeRange range, Integer lastn, PageRequest page) {
        if (isAlias(filter)) return aliasQuery(caller, filter, range, lastn, page);
        Map<Long, Stream> byId = streamsFor(caller, filter);
        if (byId.isEmpty()) return new DataPage(List.of(), 0, byId);
        if (lastn != null) {
            if (lastn < 1 || lastn > MAX_LASTN) throw FeedlineException.invalidField("lastn", "must be between 1 and " + MAX_LASTN);
            List<DataPoint> newest = timeSeries.lastN(byId.keySet(), range, lastn);
            return new DataPage(dev.feedline.core.port.Page.of(newest, page).items(), newest.size(), byId);
        }
        long total = timeSeries.count(byId.keySet(), range);
        return new DataPage(timeSeries.range(byId.keySet(), range, page), total, byId);
    }

    private static boolean isAlias(String filter) { return filter != null && filter.regionMatches(true, 0, "a--", 0, 3); }

    /**
     * An alias's points: each tap's stream over the part of the range the tap serves (StreamAliases.slices), the
     * slices in time order, so paging and lastn run across tap boundaries as over one stream.
     */
    private DataPage aliasQuery(Caller caller, String filter, TimeRange range, Integer lastn, PageRequest page) {
        if (lastn != null && (lastn < 1 || lastn > MAX_LASTN)) throw FeedlineException.invalidField("lastn", "must be between 1 and " + MAX_LASTN);
        List<dev.feedline.core.alias.StreamAliases.Slice> slices = aliases.slices(caller, filter, range);
        Map<Long, Stream> byId = new LinkedHashMap<>();
        slices.forEach(sl -> byId.put(sl.stream().id(), sl.stream()));
        if (lastn != null) {
            java.util.LinkedList<DataPoint> newest = new java.util.LinkedList<>();
            int remaining = lastn;
            for (int i = slices.size() - 1; i >= 0 && remaining > 0; i--) {
                List<DataPoint> part = timeSeries.lastN(List.of(slices.get(i).stream().id()), slices.get(i).range(), remaining);
                newest.addAll(0, part);
                remaining -= part.size();
            }
            return new DataPage(dev.feedline.core.port.Page.of(newest, page).items(), newest.size(), byId);
        }
        long total = 0;
        long[] counts = new long[slices.size()];
        for (int i = 0; i < slices.size(); i++) {
            counts[i] = timeSeries.count(List.of(slices.get(i).stream().id()), slices.get(i).range());
            total += counts[i];
        }
        List<DataPoint> out = new ArrayList<>();
        long skip = page.offset();
        int want = page.limit();
        for (int i = 0; i < slices.size() && want > 0; i++) {
            if (skip >= counts[i]) {
                skip -= counts[i];
                continue;
            }
            List<DataPoint> part = timeSeries.range(List.of(slices.get(i).stream().id()), slices.get(i).range(), new PageRequest(skip, want));
            out.addAll(part);
            want -= part.size();
            skip = 0;
        }
        return new DataPage(out, total, byId);
    }

    /** Streams a filter slug (s--, d--, b--, v-- or p--) names that the caller may read, by id; NOT_FOUND for an unknown or foreign object. */
    public Map<Long, Stream> streamsFor(Caller caller, String filter) {
        if (filter == null || filter.length() < 3) throw FeedlineException.invalidField("filter", "give an s--, d--, v--, p-- or a-- slug");
        String kind = filter.substring(0, Math.min(3, filter.length())).toLowerCase(java.util.Locale.ROOT);
        List<Stream> found = switch (kind) {
            case "s--" -> List.of(lookup.stream(caller, filter, Role.VIEWER));
            case "d--" -> {
                Device d = lookup.device(caller, filter, Role.VIEWER);
                yield store.streams().byDevice(d.id());
            }
            // A data block's streams carry its key as their device id.
            case "b--" -> store.streams().byDevice(lookup.block(caller, filter, Role.VIEWER).key());
            case "v--" -> {
                Variable v = lookup.variable(caller, filter, Role.VIEWER);
                Project p = store.projects().byId(v.projectId()).orElseThrow();
                yield store.streams().list(List.of(p.orgId()), p.id(), null, v.id(), PageRequest.ALL).items();
            }
            case "p--" -> {
                Project p = lookup.project(caller, filter, Role.VIEWER);
                yield store.streams().list(List.of(p.orgId()), p.id(), null, null, PageRequest.ALL).items();
            }
            case "a--" -> aliases.slices(caller, filter, TimeRange.ALL).stream().map(dev.feedline.core.alias.StreamAliases.Slice::stream).distinct().toList();
            default -> throw FeedlineException.invalidField("filter", "give an s--, d--, v--, p-- or a-- slug");
        };
        Map<Long, Stream> byId = new LinkedHashMap<>();
        found.forEach(s -> byId.put(s.id(), s));
        return byId;
    }

    /**
     * Aggregates one stream into buckets computed by the database. Without a start the range begins
     * at the stream's first point; without an end it runs to now.
     */
    public List<Bucket> aggregate(Caller caller, String streamSlug, TimeRange range, Duration bucket, AggregateFunction fn) {
        if (isAlias(streamSlug)) return aliasAggregate(caller, streamSlug, range, bucket, fn);
        Stream stream = lookup.stream(caller, streamSlug, Role.VIEWER);
        long bucketMicros = bucketMicros(bucket, fn);
        Long from = range.fromMicros();
        if (from == null) {
            List<DataPoint> first = timeSeries.range(List.of(stream.id()), range, new PageRequest(0, 1));
            if (first.isEmpty()) return List.of();
            from = first.get(0).timestampMicros();
        }
        long to = range.toMicros() != null ? range.toMicros() : micros(clock.instant()) + 1;
        if (to > from && (to - from) / bucketMicros > MAX_BUCKETS) {
            throw FeedlineException.invalidField("bucket", "the range would have more than " + MAX_BUCKETS + " buckets; use a larger bucket");
        }
        dev.feedline.core.units.ValueConversion c = units.conversions(List.of(stream)).get(stream.id());
        return converted(c, timeSeries.aggregate(stream.id(), new TimeRange(from, to), bucketMicros, c.storeFunction(fn)), fn);
    }

    /**
     * Buckets the store computed over raw values (asked with c.storeFunction(fn)), as the stream's engineering values;
     * unchanged for streams without units.
     */
    private static List<Bucket> converted(dev.feedline.core.units.ValueConversion c, List<Bucket> raw, AggregateFunction fn) {
        return c.none() ? raw : raw.stream().map(b -> c.value(b, fn)).toList();
    }

    /** The bucket in microseconds, after checking it and the function (a 400 for either, never an arithmetic 500). */
    private static long bucketMicros(Duration bucket, AggregateFunction fn) {
        if (bucket == null || bucket.compareTo(MIN_BUCKET) < 0 || bucket.compareTo(MAX_BUCKET) > 0) {
            throw FeedlineException.invalidField("bucket", "a duration from 1 microsecond to 292,000 years is required, e.g. 1h");
        }
        if (fn == null) throw FeedlineException.invalidField("fn", "one of avg, min, max, sum, count, first, last");
        return micros(Instant.EPOCH.plus(bucket));
    }

    /**
     * An alias aggregated as one stream: each slice is aggregated by the store (buckets are aligned to the epoch, so
     * every slice's buckets line up), and a bucket that a tap boundary cuts is merged from its two parts.
     */
    private List<Bucket> aliasAggregate(Caller caller, String aliasSlug, TimeRange range, Duration bucket, AggregateFunction fn) {
        List<dev.feedline.core.alias.StreamAliases.Slice> all = aliases.slices(caller, aliasSlug, range);
        long bucketMicros = bucketMicros(bucket, fn);
        Long from = range.fromMicros();
        if (from == null) {
            for (var sl : all) {
                List<DataPoint> first = timeSeries.range(List.of(sl.stream().id()), sl.range(), new PageRequest(0, 1));
                if (!first.isEmpty()) {
                    from = first.get(0).timestampMicros();
                    break;
                }
            }
            if (from == null) return List.of();
        }
        long to = range.toMicros() != null ? range.toMicros() : micros(clock.instant()) + 1;
        if (to > from && (to - from) / bucketMicros > MAX_BUCKETS) {
            throw FeedlineException.invalidField("bucket", "the range would have more than " + MAX_BUCKETS + " buckets; use a larger bucket");
        }
        java.util.TreeMap<Long, Bucket> merged = new java.util.TreeMap<>();
        List<dev.feedline.core.alias.StreamAliases.Slice> slices = aliases.slices(caller, aliasSlug, new TimeRange(from, to));
        var conversions = units.conversions(slices.stream().map(dev.feedline.core.alias.StreamAliases.Slice::stream).distinct().toList());
        for (var sl : slices) {
            var c = conversions.get(sl.stream().id());
            for (Bucket b : converted(c, timeSeries.aggregate(sl.stream().id(), sl.range(), bucketMicros, c.storeFunction(fn)), fn)) {
                merged.merge(b.startMicros(), b, (earlier, later) -> dev.feedline.core.alias.BucketMerge.merge(fn, earlier, later));
            }
        }
        return new ArrayList<>(merged.values());
    }

    /**
     * The newest point of each of many streams in one store read (GraphQL batches a list's "latest value" into one
     * call). Streams of an org the caller is no member of are left out, as are streams with no data: the answer never
     * holds more than the caller could read one stream at a time.
     */
    public Map<Long, DataPoint> latestOf(Caller caller, java.util.Collection<Stream> wanted) {
        java.util.Set<Long> orgs = new java.util.HashSet<>(lookup.access().orgIds(caller));
        List<Long> ids = wanted.stream().filter(st -> orgs.contains(st.orgId())).map(Stream::id).distinct().toList();
        return ids.isEmpty() ? Map.of() : timeSeries.latest(ids);
    }

    /** The newest point of each stream the filter names (streams with no data are left out). */
    public Map<Stream, DataPoint> latest(Caller caller, String filter) {
        if (isAlias(filter)) {
            // An alias has one newest point: that of the tap serving the latest time that has data.
            DataPage newest = aliasQuery(caller, filter, TimeRange.ALL, 1, PageRequest.ALL);
            Map<Stream, DataPoint> one = new LinkedHashMap<>();
            newest.points().forEach(p -> one.put(newest.streams().get(p.streamId()), p));
            return one;
        }
        Map<Long, Stream> byId = streamsFor(caller, filter);
        Map<Stream, DataPoint> out = new LinkedHashMap<>();
        Map<Long, DataPoint> latest = timeSeries.latest(byId.keySet());
        byId.forEach((id, s) -> {
            DataPoint p = latest.get(id);
            if (p != null) out.put(s, p);
        });
        return out;
    }

    /**
     * Hands every point the filter names in the range to sink without buffering them: for an alias, each tap's
     * stream over the part it serves, in time order; otherwise as {@link #export(Map, TimeRange, Consumer)}.
     */
    public void export(Caller caller, String filter, TimeRange range, Consumer<DataPoint> sink) {
        if (!isAlias(filter)) {
            export(streamsFor(caller, filter), range, sink);
            return;
        }
        for (var sl : aliases.slices(caller, filter, range)) timeSeries.scan(sl.stream().id(), sl.range(), sink);
    }

    /** Hands every point of the streams in the range to sink, oldest first per stream, without buffering them. */
    public void export(Map<Long, Stream> streamsToExport, TimeRange range, Consumer<DataPoint> sink) {
        for (Long id : streamsToExport.keySet()) timeSeries.scan(id, range, sink);
    }

    public Instant now() { return clock.instant(); }
}
