package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.DataPoint;
import dev.feedline.model.ValueType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Random;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every TimeSeriesStore must show; subclasses supply a fresh, empty store. */
public abstract class TimeSeriesStoreContract {
    @TempDir
    protected Path tempDir;
    protected TimeSeriesStore store;

    protected abstract TimeSeriesStore newStore(Path tempDir);

    /**
     * Runs whatever background work the store does to precompute aggregates (rollups), as of now, until it is
     * done. Results must never depend on whether or when it ran; stores without such work need not override.
     */
    protected void precompute(Instant now) {}

    /**
     * The metadata store sharing the time series' database, for {@link TimeSeriesStore#appendCreating}; null (the
     * default) skips the tests that need one.
     */
    protected MetadataStore metadata() { return null; }

    /** Releases the store; override when the store is a view of something larger that must be closed. */
    protected void closeStore(TimeSeriesStore store) { store.close(); }

    @BeforeEach
    void openStore() { store = newStore(tempDir); }

    @AfterEach
    void releaseStore() { closeStore(store); }

    private static DataPoint p(long stream, long ts, double value) { return DataPoint.numeric(stream, ts, value); }

    private List<DataPoint> all(long... streams) {
        List<Long> ids = new ArrayList<>();
        for (long s : streams) ids.add(s);
        return store.range(ids, TimeRange.ALL, PageRequest.ALL);
    }

    @Test
    void appendedPointsRoundTripWithEveryField() {
        long ts = 1_709_287_200_123_457L; // microsecond precision
        DataPoint full = new DataPoint(1, ts, ValueType.NUMERIC, 21.5, 215L, null, 47.376887, 8.541694, 408.25, 77L, 123456L, "ok");
        DataPoint text = new DataPoint(1, ts + 1, ValueType.TEXT, null, null, "hello, wörld", null, null, null, null, null, null);
        DataPoint json = new DataPoint(1, ts + 2, ValueType.JSON, null, null, "{\"a\":[1,2,{\"b\":null}]}", null, null, null, null, null, null);
        store.append(List.of(full, text, json));
        assertThat(all(1)).containsExactly(full, text, json);
    }

    @Test
    void lastWriteWinsAcrossAndWithinBatches() {
        store.append(List.of(p(1, 10, 1.0), p(1, 20, 2.0)));
        store.append(List.of(p(1, 10, 5.0), p(1, 30, 3.0), p(1, 30, 4.0)));
        DataPoint textOverNumber = new DataPoint(1, 20, ValueType.TEXT, null, null, "t", null, null, null, null, null, null);
        store.append(List.of(textOverNumber));
        assertThat(all(1)).containsExactly(p(1, 10, 5.0), textOverNumber, p(1, 30, 4.0));
        assertThat(store.count(List.of(1L), TimeRange.ALL)).isEqualTo(3);
    }

    @Test
    void batchWithAnInvalidPointStoresNothing() {
        store.append(List.of(p(1, 5, 0.5)));
        DataPoint invalid = new DataPoint(1, 30, null, 1.0, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> store.append(List.of(p(1, 10, 1.0), p(1, 5, 9.0), invalid, p(2, 40, 4.0))))
                .isInstanceOf(RuntimeException.class);
        assertThat(all(1, 2)).containsExactly(p(1, 5, 0.5));
    }

    @Test
    void appendCreatingCommitsTheMetadataWithThePointsOrNeither() {
        MetadataStore metadata = metadata();
        Assumptions.assumeTrue(metadata != null, "no metadata store shares this store's database");
        DataPoint invalid = new DataPoint(1, 30, null, 1.0, null, null, null, null, null, null, null, null);
        // The metadata written before the points fails with them: a setting stands in for a stream created on first data.
        assertThatThrownBy(() -> store.appendCreating(() -> {
            metadata.settings().putIfAbsent("created-with-points", "1");
            return List.of(p(1, 10, 1.0), invalid);
        })).isInstanceOf(RuntimeException.class);
        assertThat(metadata.settings().get("created-with-points")).isEmpty();
        assertThat(all(1)).isEmpty();
        // A failure in the metadata stores no point.
        assertThatThrownBy(() -> store.appendCreating(() -> {
            metadata.settings().putIfAbsent("created-with-points", "1");
            throw new IllegalStateException("no free variable id");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(metadata.settings().get("created-with-points")).isEmpty();

        assertThat(store.appendCreating(() -> {
            metadata.settings().putIfAbsent("created-with-points", "2");
            return List.of(p(1, 10, 1.0), p(2, 20, 2.0));
        })).containsExactly(p(1, 10, 1.0), p(2, 20, 2.0));
        assertThat(metadata.settings().get("created-with-points")).contains("2");
        assertThat(all(1, 2)).containsExactly(p(1, 10, 1.0), p(2, 20, 2.0));
    }

    @Test
    void emptyAppendAndEmptyStreamListsAreHarmless() {
        store.append(List.of());
        assertThat(store.count(List.of(), TimeRange.ALL)).isZero();
        assertThat(store.range(List.of(), TimeRange.ALL, PageRequest.ALL)).isEmpty();
        assertThat(store.lastN(List.of(), TimeRange.ALL, 5)).isEmpty();
        assertThat(store.latest(List.of())).isEmpty();
    }

    @Test
    void rangeOrdersByTimestampThenStreamAndPages() {
        store.append(List.of(p(2, 10, 2.1), p(1, 10, 1.1), p(1, 20, 1.2), p(3, 15, 3.0), p(2, 30, 2.3), p(1, 40, 1.4)));
        List<Long> streams = List.of(1L, 2L);
        assertThat(store.range(streams, TimeRange.ALL, PageRequest.ALL))
                .containsExactly(p(1, 10, 1.1), p(2, 10, 2.1), p(1, 20, 1.2), p(2, 30, 2.3), p(1, 40, 1.4));
        assertThat(store.range(streams, TimeRange.ALL, new PageRequest(1, 2))).containsExactly(p(2, 10, 2.1), p(1, 20, 1.2));
        assertThat(store.range(streams, new TimeRange(10L, 30L), PageRequest.ALL)).containsExactly(p(1, 10, 1.1), p(2, 10, 2.1), p(1, 20, 1.2));
        assertThat(store.range(streams, new TimeRange(20L, null), PageRequest.ALL)).containsExactly(p(1, 20, 1.2), p(2, 30, 2.3), p(1, 40, 1.4));
        assertThat(store.count(streams, TimeRange.ALL)).isEqualTo(5);
        assertThat(store.count(streams, new TimeRange(null, 30L))).isEqualTo(3);
        assertThat(store.count(List.of(3L, 99L), TimeRange.ALL)).isEqualTo(1);
    }

    @Test
    void lastNReturnsTheNewestOldestFirst() {
        store.append(List.of(p(1, 10, 1.1), p(2, 20, 2.2), p(1, 30, 1.3), p(2, 30, 2.3), p(1, 50, 1.5), p(3, 60, 3.6)));
        assertThat(store.lastN(List.of(1L, 2L), TimeRange.ALL, 3)).containsExactly(p(1, 30, 1.3), p(2, 30, 2.3), p(1, 50, 1.5));
        assertThat(store.lastN(List.of(1L, 2L), new TimeRange(null, 50L), 2)).containsExactly(p(1, 30, 1.3), p(2, 30, 2.3));
        assertThat(store.lastN(List.of(1L), TimeRange.ALL, 10)).containsExactly(p(1, 10, 1.1), p(1, 30, 1.3), p(1, 50, 1.5));
        assertThat(store.lastN(List.of(1L), TimeRange.ALL, 0)).isEmpty();
    }

    @Test
    void latestGivesTheNewestPointOfEachStreamThatHasOne() {
        store.append(List.of(p(1, 10, 1.1), p(1, 30, 1.3), p(2, 20, 2.2), p(1, 20, 1.2)));
        assertThat(store.latest(List.of(1L, 2L, 3L))).isEqualTo(Map.of(1L, p(1, 30, 1.3), 2L, p(2, 20, 2.2)));
    }

    @Test
    void scanHandsOverEveryPointOldestFirst() {
        List<DataPoint> points = new ArrayList<>();
        for (int i = 2_500; i > 0; i--) points.add(p(1, i * 1_000L, i));
        points.add(p(2, 5_000, 0));
        store.append(points);
        List<DataPoint> seen = new ArrayList<>();
        store.scan(1, TimeRange.ALL, seen::add);
        assertThat(seen).hasSize(2_500);
        assertThat(seen).extracting(DataPoint::timestampMicros).isSorted();
        assertThat(seen.get(0)).isEqualTo(p(1, 1_000, 1));
        List<DataPoint> window = new ArrayList<>();
        store.scan(1, new TimeRange(2_000L, 4_000L), window::add);
        assertThat(window).containsExactly(p(1, 2_000, 2), p(1, 3_000, 3));
    }

    @Test
    void deleteStreamRemovesOnlyThatStream() {
        store.append(List.of(p(1, 10, 1), p(1, 20, 2), p(2, 10, 3)));
        assertThat(store.deleteStream(1)).isEqualTo(2);
        assertThat(store.deleteStream(1)).isZero();
        assertThat(all(1, 2)).containsExactly(p(2, 10, 3));
    }

    @Test
    void deleteOldestRemovesAtMostThatManyOfTheStreamsOldestPoints() {
        store.append(List.of(p(1, 10, 1), p(1, 20, 2), p(1, 30, 3), p(1, 40, 4), p(1, 50, 5), p(2, 10, 6)));
        assertThat(store.deleteOldest(1, 2)).isEqualTo(2);
        assertThat(all(1, 2)).containsExactlyInAnyOrder(p(1, 30, 3), p(1, 40, 4), p(1, 50, 5), p(2, 10, 6));
        assertThat(store.deleteOldest(1, 2)).isEqualTo(2);
        assertThat(store.deleteOldest(1, 2)).isEqualTo(1);
        assertThat(store.deleteOldest(1, 2)).isZero();
        assertThat(all(1, 2)).containsExactly(p(2, 10, 6));
    }

    // ---- aggregates: bucket 1000 µs, aligned to the epoch (also before it)

    private void aggregateFixture() {
        DataPoint text = new DataPoint(1, 3_500, ValueType.TEXT, null, null, "not a number", null, null, null, null, null, null);
        store.append(List.of(
                p(1, -500, 4.0),
                p(1, 1_999, 2.0), p(1, 1_000, 1.0), p(1, 1_500, 3.0),
                p(1, 3_000, 10.0), text,
                p(2, 1_200, 100.0)));
    }

    private List<Bucket> aggregate(TimeRange range, AggregateFunction f) { return store.aggregate(1, range, 1_000, f); }

    @Test
    void averageMinimumMaximumAndSumPerBucket() {
        aggregateFixture();
        assertThat(aggregate(TimeRange.ALL, AggregateFunction.AVG))
                .containsExactly(new Bucket(-1_000, 1, 4.0), new Bucket(1_000, 3, 2.0), new Bucket(3_000, 1, 10.0));
        assertThat(aggregate(TimeRange.ALL, AggregateFunction.MIN))
                .containsExactly(new Bucket(-1_000, 1, 4.0), new Bucket(1_000, 3, 1.0), new Bucket(3_000, 1, 10.0));
        assertThat(aggregate(TimeRange.ALL, AggregateFunction.MAX))
                .containsExactly(new Bucket(-1_000, 1, 4.0), new Bucket(1_000, 3, 3.0), new Bucket(3_000, 1, 10.0));
        assertThat(aggregate(TimeRange.ALL, AggregateFunction.SUM))
                .containsExactly(new Bucket(-1_000, 1, 4.0), new Bucket(1_000, 3, 6.0), new Bucket(3_000, 1, 10.0));
    }

    @Test
    void countFirstAndLastPerBucket() {
        aggregateFixture();
        assertThat(aggregate(TimeRange.ALL, AggregateFunction.COUNT))
                .containsExactly(new Bucket(-1_000, 1, 1.0), new Bucket(1_000, 3, 3.0), new Bucket(3_000, 1, 1.0));
        assertThat(aggregate(TimeRange.ALL, AggregateFunction.FIRST))
                .containsExactly(new Bucket(-1_000, 1, 4.0), new Bucket(1_000, 3, 1.0), new Bucket(3_000, 1, 10.0));
        assertThat(aggregate(TimeRange.ALL, AggregateFunction.LAST))
                .containsExactly(new Bucket(-1_000, 1, 4.0), new Bucket(1_000, 3, 2.0), new Bucket(3_000, 1, 10.0));
    }

    @Test
    void aggregateRangeCutsPointsButBucketsStayAlignedToTheEpoch() {
        aggregateFixture();
        TimeRange fromMiddle = new TimeRange(1_500L, 3_000L);
        assertThat(aggregate(fromMiddle, AggregateFunction.SUM)).containsExactly(new Bucket(1_000, 2, 5.0));
        assertThat(aggregate(fromMiddle, AggregateFunction.FIRST)).containsExactly(new Bucket(1_000, 2, 3.0));
        assertThat(store.aggregate(1, TimeRange.ALL, 10_000, AggregateFunction.AVG))
                .containsExactly(new Bucket(-10_000, 1, 4.0), new Bucket(0, 4, 4.0));
        assertThat(store.aggregate(99, TimeRange.ALL, 1_000, AggregateFunction.AVG)).isEmpty();
    }

    // ---- aggregates stay exact whatever the store precomputed: compared with a model of the points

    private static final long HOUR = 3_600_000_000L;
    /** 2025-01-01T00:00:00Z, an hour boundary. */
    private static final long T0 = 1_735_689_600_000_000L;
    private static final long SPAN = 72 * HOUR;
    private static final long MINUTE = 60_000_000L;
    /** Whole hours, and widths whose boundaries fall inside hours: 90 min, 8 h 45 min 36 s, 25 h, 7 h 13 min 7 s; and 20 min. */
    private static final List<Long> BUCKETS = List.of(HOUR, 3 * HOUR, 24 * HOUR, 90 * MINUTE, 31_536_000_000L, 25 * HOUR,
            7 * HOUR + 13 * MINUTE + 7_000_000L, 20 * MINUTE);

    /** The points the store should hold, per stream, by timestamp: a number, or null for a non-numeric point. */
    private final Map<Long, TreeMap<Long, Double>> model = new java.util.HashMap<>();

    private void write(List<DataPoint> points) {
        store.append(points);
        for (DataPoint p : points) model.computeIfAbsent(p.streamId(), s -> new TreeMap<>()).put(p.timestampMicros(), p.value());
    }

    /** Points of streams 1 and 2 on every bucket boundary in [T0, T0 + SPAN) and a microsecond before it. */
    private static List<DataPoint> boundaryPoints(Random random) {
        List<DataPoint> points = new ArrayList<>();
        for (long bucket : BUCKETS) {
            for (long b = Math.floorDiv(T0, bucket) * bucket + bucket; b < T0 + SPAN; b += bucket) {
                for (long stream : List.of(1L, 2L)) {
                    points.add(randomPoint(random, stream, b));
                    points.add(randomPoint(random, stream, b - 1));
                }
            }
        }
        return points;
    }

    /** Random points of streams 1 and 2 in [T0, T0 + SPAN); values are quarters, so every sum is exact in any order. */
    private static List<DataPoint> randomPoints(Random random, int n) {
        List<DataPoint> points = new ArrayList<>();
        for (int i = 0; i < n; i++) points.add(randomPoint(random, 1 + random.nextInt(2), T0 + (long) (random.nextDouble() * SPAN)));
        return points;
    }

    private static DataPoint randomPoint(Random random, long stream, long ts) {
        if (random.nextInt(10) == 0) return new DataPoint(stream, ts, ValueType.TEXT, null, null, "t", null, null, null, null, null, null);
        return p(stream, ts, (random.nextInt(801) - 400) / 4.0);
    }

    /** The aggregate, computed from the model the way the contract defines it. */
    private List<Bucket> expected(long stream, TimeRange range, long bucket, AggregateFunction f) {
        TreeMap<Long, List<double[]>> buckets = new TreeMap<>();
        model.getOrDefault(stream, new TreeMap<>()).forEach((ts, value) -> {
            if (value == null || (range.fromMicros() != null && ts < range.fromMicros()) || (range.toMicros() != null && ts >= range.toMicros())) return;
            buckets.computeIfAbsent(Math.floorDiv(ts, bucket) * bucket, b -> new ArrayList<>()).add(new double[] {ts, value});
        });
        List<Bucket> result = new ArrayList<>();
        buckets.forEach((start, points) -> {
            double sum = points.stream().mapToDouble(v -> v[1]).sum();
            double value = switch (f) {
                case AVG -> sum / points.size();
                case SUM -> sum;
                case MIN -> points.stream().mapToDouble(v -> v[1]).min().orElseThrow();
                case MAX -> points.stream().mapToDouble(v -> v[1]).max().orElseThrow();
                case COUNT -> points.size();
                case FIRST -> points.get(0)[1];
                case LAST -> points.get(points.size() - 1)[1];
            };
            result.add(new Bucket(start, points.size(), value));
        });
        return result;
    }

    private void assertAggregatesMatch(Random random, String when) {
        // A boundary of 8 h 45 min 36 s buckets that falls inside an hour, as a range's start and end.
        long cut = Math.floorDiv(T0 + 5 * HOUR, 31_536_000_000L) * 31_536_000_000L + 31_536_000_000L;
        List<TimeRange> ranges = new ArrayList<>(List.of(TimeRange.ALL, new TimeRange(T0 + 5 * HOUR, T0 + 40 * HOUR),
                new TimeRange(cut, cut + 4 * 31_536_000_000L)));
        for (int i = 0; i < 4; i++) {
            long a = T0 - HOUR + (long) (random.nextDouble() * (SPAN + 2 * HOUR));
            long b = T0 - HOUR + (long) (random.nextDouble() * (SPAN + 2 * HOUR));
            ranges.add(new TimeRange(Math.min(a, b), Math.max(a, b)));
        }
        ranges.add(new TimeRange(T0 + 7 * HOUR + 123, null));
        ranges.add(new TimeRange(null, T0 + 30 * HOUR - 77));
        for (long stream : List.of(1L, 2L)) {
            for (TimeRange range : ranges) {
                for (long bucket : BUCKETS) {
                    for (AggregateFunction f : AggregateFunction.values()) {
                        assertThat(store.aggregate(stream, range, bucket, f))
                                .as("%s: stream %d, %s, bucket %d, %s", when, stream, range, bucket, f)
                                .containsExactlyElementsOf(expected(stream, range, bucket, f));
                    }
                }
            }
        }
    }

    @Test
    void aggregatesStayExactWithPrecomputationLateWritesOverwritesAndDeletes() {
        Random random = new Random(20_250_101);
        write(randomPoints(random, 1_500));
        write(boundaryPoints(random));
        assertAggregatesMatch(random, "before precomputing");
        precompute(Instant.ofEpochSecond(0, (T0 + 48 * HOUR) * 1000));
        assertAggregatesMatch(random, "precomputed up to hour 48");

        // Late points, overwrites of existing points (numbers and text), deletes: all in hours already precomputed.
        List<DataPoint> late = randomPoints(random, 100);
        List<Long> existing = new ArrayList<>(model.get(1L).keySet());
        for (int i = 0; i < 40; i++) late.add(randomPoint(random, 1, existing.get(random.nextInt(existing.size()))));
        // Some on boundaries: hours that a boundary cuts become dirty.
        List<DataPoint> edges = boundaryPoints(random);
        for (int i = 0; i < 30; i++) late.add(edges.get(random.nextInt(edges.size())));
        write(late);
        for (int i = 0; i < 30; i++) {
            long ts = existing.get(random.nextInt(existing.size()));
            assertThat(store.deletePoint(1, ts)).isEqualTo(model.get(1L).containsKey(ts));
            model.get(1L).remove(ts);
        }
        assertAggregatesMatch(random, "after late writes");
        precompute(Instant.ofEpochSecond(0, (T0 + 60 * HOUR + 17) * 1000));
        assertAggregatesMatch(random, "precomputed again");

        assertThat(store.deleteStream(2)).isEqualTo(model.remove(2L).size());
        assertAggregatesMatch(random, "after deleting stream 2");
        write(randomPoints(random, 300).stream().filter(p -> p.streamId() == 2).toList());
        assertAggregatesMatch(random, "after writing stream 2 again");
        precompute(Instant.ofEpochSecond(0, (T0 + 100 * HOUR) * 1000));
        assertAggregatesMatch(random, "precomputed everything");
    }
}
