package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.DataPoint;
import dev.feedline.model.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every TimeSeriesStore must show; subclasses supply a fresh, empty store. */
public abstract class TimeSeriesStoreContract {
    @TempDir
    protected Path tempDir;
    protected TimeSeriesStore store;

    protected abstract TimeSeriesStore newStore(Path tempDir);

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
}
