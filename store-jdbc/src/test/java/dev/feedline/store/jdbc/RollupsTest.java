package dev.feedline.store.jdbc;

import static dev.feedline.store.jdbc.HourlyRollups.HOUR_MICROS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.RangeSummary;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.DataPoint;
import dev.feedline.model.ValueType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rollup job on both engines: that aggregates really read the rollups, and that the job is bounded, idempotent and kept exact by retention. */
class RollupsTest {
    private static final Instant NOW = Instant.parse("2025-06-15T00:00:00Z");
    /** 2025-06-10T00:00:00Z. */
    private static final long START = Time.micros(Instant.parse("2025-06-10T00:00:00Z"));
    private static final long SECOND = 1_000_000L;
    private static final long MINUTE = 60 * SECOND;

    @TempDir
    Path tempDir;
    private JdbcStorage storage;
    private JdbcTimeSeriesStore store;
    private String url;

    @AfterEach
    void close() {
        if (storage != null) storage.close();
    }

    private void open(String engine) {
        url = engine.equals("postgresql") ? EmbeddedPostgresServer.newDatabase() : "jdbc:sqlite:" + tempDir.resolve("r.db");
        storage = JdbcStorage.open(url, null, null, 2);
        store = (JdbcTimeSeriesStore) storage.timeSeries();
    }

    /** n points of the stream spread evenly over hours [START, START + hours), values with fractions (sums round). */
    private void load(long stream, int hours, int n) {
        List<DataPoint> points = new ArrayList<>();
        long step = hours * HOUR_MICROS / n;
        for (int i = 0; i < n; i++) points.add(DataPoint.numeric(stream, START + 7 + i * step, Math.sin(i) * 100));
        store.append(points);
    }

    /** perHour points in each of the hours [START + firstHour h, + hours h): dense enough for minute rollups. */
    private void loadDense(long stream, int firstHour, int hours, int perHour) {
        List<DataPoint> points = new ArrayList<>();
        long step = HOUR_MICROS / perHour;
        for (int h = firstHour; h < firstHour + hours; h++) {
            for (int i = 0; i < perHour; i++) points.add(DataPoint.numeric(stream, START + h * HOUR_MICROS + 13 + i * step, Math.cos(h * perHour + i) * 10));
        }
        store.append(points);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = storage.dataSource().getConnection()) {
            return count(c, sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Equal to the raw aggregate; sums and averages up to rounding, as they are added in another order. */
    private void assertMatchesRaw(long stream, TimeRange range, long bucket) {
        for (AggregateFunction f : AggregateFunction.values()) {
            var rolled = store.aggregate(stream, range, bucket, f);
            var raw = store.rawAggregate(stream, range, bucket, f);
            assertThat(rolled).as("%s %s", f, range).hasSameSizeAs(raw);
            for (int i = 0; i < raw.size(); i++) {
                assertThat(rolled.get(i).startMicros()).isEqualTo(raw.get(i).startMicros());
                assertThat(rolled.get(i).count()).isEqualTo(raw.get(i).count());
                assertThat(rolled.get(i).value()).as("%s bucket %d", f, i).isCloseTo(raw.get(i).value(), org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aggregatesOfBucketsOfAnHourOrMoreReadTheRollups(String engine) throws SQLException {
        open(engine);
        load(1, 48, 4_800);
        assertThat(storage.rollups().rollUp(NOW, 1_000).more()).isFalse();
        assertThat(count("SELECT count(*) FROM data_hourly WHERE stream_id = 1")).isEqualTo(48);
        TimeRange range = new TimeRange(START + 1_234, START + 40 * HOUR_MICROS + 99);
        assertMatchesRaw(1, range, 6 * HOUR_MICROS);
        assertMatchesRaw(1, TimeRange.ALL, HOUR_MICROS);

        // Proof that the rollup is what is read: change it behind the job's back.
        execute("UPDATE data_hourly SET point_count = 1000 WHERE stream_id = 1 AND hour = " + (START + 6 * HOUR_MICROS));
        assertThat(store.aggregate(1, range, 6 * HOUR_MICROS, AggregateFunction.COUNT).get(1).count()).isEqualTo(1000 + 5 * 100);
        // Buckets that are not whole hours read it too, except for the hours a boundary cuts: 90-minute bucket 4 is
        // [6 h, 7.5 h), the rolled-up hour 6 and the first half of hour 7 (raw: 50 points), bucket 5 the rest of hour 7 and hour 8.
        execute("UPDATE data_hourly SET point_count = 1000 WHERE stream_id = 1 AND hour = " + (START + 7 * HOUR_MICROS));
        var ninetyMinutes = store.aggregate(1, TimeRange.ALL, 90 * MINUTE, AggregateFunction.COUNT);
        assertThat(ninetyMinutes.get(4).count()).isEqualTo(1000 + 50);
        assertThat(ninetyMinutes.get(5).count()).isEqualTo(50 + 100);
        // Buckets under an hour never do.
        assertThat(store.aggregate(1, TimeRange.ALL, 30 * MINUTE, AggregateFunction.COUNT).get(12).count()).isEqualTo(50);
    }

    /** 1 h, 90 min, 8 h 45 min 36 s (a year in 1,000 buckets), 25 h, 7 h 13 min 7 s: all but the first cut hours. */
    private static final List<Long> WIDTHS = List.of(HOUR_MICROS, 90 * MINUTE, 31_536 * SECOND, 25 * HOUR_MICROS, (7 * 3600 + 13 * 60 + 7) * SECOND);

    private static long ceil(long micros, long width) { return -Math.floorDiv(-micros, width) * width; }

    /** Points exactly on every bucket boundary of every width in [START, end) (for 1 h: every hour boundary), and a µs before. */
    private void loadBoundaries(long stream, long end) {
        List<DataPoint> edges = new ArrayList<>();
        for (long width : WIDTHS) {
            for (long b = ceil(START, width); b < end; b += width) {
                edges.add(DataPoint.numeric(stream, b, 1.25));
                edges.add(DataPoint.numeric(stream, b - 1, -2.5));
            }
        }
        store.append(edges);
    }

    private void assertAllWidthsMatchRaw(long stream, List<TimeRange> ranges) {
        for (long width : WIDTHS) {
            for (TimeRange range : ranges) assertMatchesRaw(stream, range, width);
        }
    }

    /**
     * A range's summary (what long rule windows read) equals the raw points' for any range: over sparse and dense
     * (with minutes) rolled-up hours, dirty ones of both, and hours not rolled up yet; ranges at any µs, minute or hour.
     * The stream is mixed: a text point every 7 minutes, an hour of text points only (no rollup row), a minute of a
     * dense hour with text points only (no minute row), and an hour and a minute rolled up before row counts (V32):
     * the count of all points (a count window's) is exact too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void summariesOfAnyRangeEqualTheRawPoints(String engine) throws SQLException {
        open(engine);
        load(1, 12, 1_200);
        loadDense(1, 12, 4, 720);
        List<DataPoint> text = new ArrayList<>();
        for (long t = START - HOUR_MICROS + 11; t < START + 16 * HOUR_MICROS; t += 7 * MINUTE) text.add(text(1, t));
        for (long t = START - HOUR_MICROS + 5; t < START; t += 61 * SECOND) text.add(text(1, t)); // an hour of text only
        long textMinute = START + 13 * HOUR_MICROS + 20 * MINUTE;
        List<DataPoint> numericThere = new ArrayList<>();
        store.scan(1, new TimeRange(textMinute, textMinute + MINUTE), numericThere::add);
        numericThere.forEach(p -> store.deletePoint(1, p.timestampMicros()));
        for (int i = 0; i < 5; i++) text.add(text(1, textMinute + 3 + i * 10 * SECOND)); // a minute of text only, in a dense hour
        store.append(text);
        storage.rollups().rollUp(Time.instant(START + 14 * HOUR_MICROS).plus(Rollups.GRACE), 10_000);
        assertThat(count("SELECT count(*) FROM data_hourly WHERE stream_id = 1 AND has_minutes = 1")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM data_hourly WHERE stream_id = 1 AND row_count IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM data_minutely WHERE stream_id = 1 AND minute = " + textMinute)).isZero();
        execute("UPDATE data_hourly SET row_count = NULL WHERE stream_id = 1 AND hour = " + (START + 7 * HOUR_MICROS));
        execute("UPDATE data_minutely SET row_count = NULL WHERE stream_id = 1 AND minute = " + (START + 12 * HOUR_MICROS + 40 * MINUTE));
        store.append(List.of(DataPoint.numeric(1, START + 3 * HOUR_MICROS + 5 * MINUTE + 3, 500), DataPoint.numeric(1, START + 13 * HOUR_MICROS + 1, -500),
                text(1, START + 9 * HOUR_MICROS + 2)));
        assertThat(count("SELECT count(*) FROM rollup_dirty WHERE stream_id = 1")).isEqualTo(3);
        Random random = new Random(15);
        long[] grains = {1, MINUTE, HOUR_MICROS};
        for (int i = 0; i < 300; i++) {
            long a = START - HOUR_MICROS + (long) (random.nextDouble() * 18 * HOUR_MICROS);
            long b = a + (long) (random.nextDouble() * 8 * HOUR_MICROS);
            long grain = grains[random.nextInt(3)];
            TimeRange range = new TimeRange(Math.floorDiv(a, grain) * grain, Math.floorDiv(b, grain) * grain);
            var rolled = store.summarize(1, range);
            var raw = rawSummary(range);
            assertThat(rolled.points()).as("points %s", range).isEqualTo(raw.points());
            assertThat(rolled.count()).as("%s", range).isEqualTo(raw.count());
            if (raw.count() == 0) continue;
            assertThat(List.of(rolled.min(), rolled.max(), rolled.first(), rolled.last())).as("%s", range)
                    .isEqualTo(List.of(raw.min(), raw.max(), raw.first(), raw.last()));
            assertThat(rolled.sum()).as("%s", range).isCloseTo(raw.sum(), org.assertj.core.data.Offset.offset(1e-6));
            // Without the count of all points: the same numeric summary, its points only the numeric ones.
            var numeric = store.summarize(1, range, false);
            assertThat(numeric).as("numeric only %s", range).isEqualTo(rolled.withPoints(rolled.count()));
        }
        // Proof that whole hours and the minutes of a partial dense hour are read from the rollups: change them behind the job's back.
        execute("UPDATE data_hourly SET value_max = 1e6, row_count = row_count + 1000 WHERE stream_id = 1 AND hour = " + (START + 5 * HOUR_MICROS));
        execute("UPDATE data_minutely SET value_min = -1e6, row_count = row_count + 100 WHERE stream_id = 1 AND minute = " + (START + 12 * HOUR_MICROS + 30 * MINUTE));
        TimeRange range = new TimeRange(START + 4 * HOUR_MICROS + 7, START + 12 * HOUR_MICROS + 50 * MINUTE + 3);
        assertThat(store.summarize(1, range)).extracting(RangeSummary::min, RangeSummary::max, RangeSummary::points)
                .containsExactly(-1e6, 1e6, rawSummary(range).points() + 1100);
    }

    private static DataPoint text(long stream, long micros) {
        return new DataPoint(stream, micros, ValueType.TEXT, null, null, "open", null, null, null, null, null, null);
    }

    /** The range's summary from its raw points, as {@link dev.feedline.core.port.TimeSeriesStore#summarize} defines it. */
    private RangeSummary rawSummary(TimeRange range) {
        RangeSummary[] raw = {RangeSummary.EMPTY};
        store.scan(1, range, p -> raw[0] = raw[0].then(p.value() != null ? RangeSummary.of(p.value()) : RangeSummary.NON_NUMERIC));
        return raw[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void bucketsOfAnHourOrMoreMatchTheRawAggregateAlsoWhereBoundariesCutHours(String engine) throws SQLException {
        open(engine);
        long end = START + 96 * HOUR_MICROS;
        load(1, 96, 9_600);
        loadBoundaries(1, end);
        long watermark = START + 72 * HOUR_MICROS;
        storage.rollups().rollUp(Time.instant(watermark).plus(Rollups.GRACE), 10_000);

        // Ranges that start and end mid-hour, inside cut hours, on a boundary that cuts an hour, open ones, and one
        // that lies below the watermark.
        long cutBoundary = ceil(START + 5 * HOUR_MICROS, 31_536 * SECOND);
        assertThat(Math.floorMod(cutBoundary, HOUR_MICROS)).isNotZero();
        List<TimeRange> ranges = List.of(TimeRange.ALL, new TimeRange(START + 1_234, START + 90 * HOUR_MICROS + 99),
                new TimeRange(cutBoundary, cutBoundary + 3 * 31_536 * SECOND), new TimeRange(cutBoundary - 10 * MINUTE, watermark - 7 * MINUTE),
                new TimeRange(START + 2 * HOUR_MICROS, START + 70 * HOUR_MICROS), new TimeRange(null, START + 50 * HOUR_MICROS + 17),
                new TimeRange(START + 3 * HOUR_MICROS + 5, null));
        assertAllWidthsMatchRaw(1, ranges);

        // Late points in rolled-up hours, on boundaries (so many dirty hours are cut ones) and between them, at the
        // watermark and after it; one overwrites a boundary point, one boundary point goes.
        List<DataPoint> late = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long b = ceil(START + i * 2 * HOUR_MICROS + 1, WIDTHS.get(1 + i % 4));
            late.add(DataPoint.numeric(1, b, 100 + i));
            late.add(DataPoint.numeric(1, b + 11 * SECOND, -100 - i));
        }
        late.add(DataPoint.numeric(1, watermark, 7));
        late.add(DataPoint.numeric(1, watermark + 3, 8));
        store.append(late);
        store.deletePoint(1, ceil(START + 30 * HOUR_MICROS, 90 * MINUTE) - 1);
        assertThat(count("SELECT count(*) FROM rollup_dirty WHERE stream_id = 1")).isGreaterThan(20);
        assertAllWidthsMatchRaw(1, ranges);

        // The job redoes the dirty hours and moves on; still the same.
        storage.rollups().rollUp(Time.instant(end).plus(Rollups.GRACE), 10_000);
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        assertAllWidthsMatchRaw(1, ranges);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void denseCutHoursAreReadFromTheirMinutesAndOnlyTheCutMinuteRaw(String engine) throws SQLException {
        open(engine);
        long end = START + 48 * HOUR_MICROS;
        load(1, 48, 480);
        // Hours 12 to 23 are dense (600 and more points; hour 12 only just), hour 11 just not (with the sparse points
        // and those at boundaries).
        loadDense(1, 12, 1, HourlyRollups.DENSE_HOUR);
        loadDense(1, 13, 11, 1_190);
        loadDense(1, 11, 1, HourlyRollups.DENSE_HOUR - 40);
        loadBoundaries(1, end);
        Instant later = Time.instant(end).plus(Rollups.GRACE);
        storage.rollups().rollUp(later, 10_000);
        assertThat(count("SELECT count(*) FROM data_minutely WHERE stream_id = 1")).isEqualTo(12 * 60);
        assertThat(count("SELECT min(minute) FROM data_minutely")).isEqualTo(START + 12 * HOUR_MICROS);
        assertThat(count("SELECT sum(has_minutes) FROM data_hourly")).isEqualTo(12);
        long width = 31_536 * SECOND;
        long boundary = ceil(START + 12 * HOUR_MICROS, width);
        long hour = HourlyRollups.floorHour(boundary);
        assertThat(hour).isBetween(START + 13 * HOUR_MICROS, START + 22 * HOUR_MICROS);
        // Also a range that starts and one that ends inside dense hours, one of them cut.
        List<TimeRange> ranges = List.of(TimeRange.ALL, new TimeRange(START + 11 * HOUR_MICROS + 1_234, START + 30 * HOUR_MICROS + 99),
                new TimeRange(boundary - 20 * MINUTE - 3, START + 23 * HOUR_MICROS + 30 * MINUTE + 9));
        assertAllWidthsMatchRaw(1, ranges);

        // Proof that the minutes are read: change one whole minute of a cut dense hour behind the job's back.
        long minute = boundary - hour >= MINUTE ? hour : hour + 59 * MINUTE;
        execute("UPDATE data_minutely SET point_count = point_count + 1000 WHERE stream_id = 1 AND minute = " + minute);
        long bucket = Math.floorDiv(minute, width) * width;
        long raw = countIn(store.rawAggregate(1, TimeRange.ALL, width, AggregateFunction.COUNT), bucket);
        assertThat(countIn(store.aggregate(1, TimeRange.ALL, width, AggregateFunction.COUNT), bucket)).isEqualTo(raw + 1000);
        // Only while the hour's row says its minutes are rolled up: a node of an older version rolling the hour up
        // again writes the row without the flag and leaves the minutes as they were.
        execute("UPDATE data_hourly SET has_minutes = 0 WHERE stream_id = 1 AND hour = " + hour);
        assertThat(countIn(store.aggregate(1, TimeRange.ALL, width, AggregateFunction.COUNT), bucket)).isEqualTo(raw);
        // A late point makes that hour dirty: read raw until the job has rolled it (and its minutes) up again.
        store.append(List.of(DataPoint.numeric(1, hour + 7 * SECOND + 1, 3.5)));
        assertAllWidthsMatchRaw(1, ranges);
        storage.rollups().rollUp(later, 10_000);
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        assertThat(count("SELECT max(point_count) FROM data_minutely WHERE minute = " + minute)).isLessThan(1000);
        assertThat(count("SELECT has_minutes FROM data_hourly WHERE stream_id = 1 AND hour = " + hour)).isEqualTo(1);
        assertAllWidthsMatchRaw(1, ranges);

        // Hour 12 loses points until it is no longer dense: rolled up again, it has no minutes.
        long first = START + 12 * HOUR_MICROS;
        for (int i = 0; i < 25; i++) assertThat(store.deletePoint(1, first + 13 + i * (HOUR_MICROS / HourlyRollups.DENSE_HOUR))).isTrue();
        assertAllWidthsMatchRaw(1, ranges);
        storage.rollups().rollUp(later, 10_000);
        assertThat(count("SELECT count(*) FROM data_minutely WHERE minute >= " + first + " AND minute < " + (first + HOUR_MICROS))).isZero();
        assertThat(count("SELECT has_minutes FROM data_hourly WHERE stream_id = 1 AND hour = " + first)).isZero();
        assertAllWidthsMatchRaw(1, ranges);

        store.deleteStream(1);
        assertThat(count("SELECT count(*) FROM data_minutely")).isZero();
    }

    private static long countIn(List<dev.feedline.model.Bucket> buckets, long start) {
        return buckets.stream().filter(b -> b.startMicros() == start).findFirst().orElseThrow().count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void moreCutHoursThanOneStatementTakes(String engine) {
        open(engine);
        load(1, 1_300, 13_000);
        storage.rollups().rollUp(Time.instant(START + 1_300 * HOUR_MICROS).plus(Rollups.GRACE), 10_000);
        // Dirty hours in the first and in the second statement's cut hours, and whole ones.
        List<DataPoint> late = new ArrayList<>();
        for (long hour : List.of(5L, 300L, 1_100L, 1_250L, 1_251L)) late.add(DataPoint.numeric(1, START + hour * HOUR_MICROS + 30 * MINUTE, 0.5));
        store.append(late);
        long width = 61 * MINUTE;
        TimeRange range = new TimeRange(START + 1, START + 1_300 * HOUR_MICROS - 1);
        assertThat(new RolledUpAggregate.Buckets(width).cutHours(START + HOUR_MICROS, START + 1_299 * HOUR_MICROS))
                .hasSizeGreaterThan(RolledUpAggregate.CUT_HOURS_PER_STATEMENT);
        assertMatchesRaw(1, range, width);
        assertMatchesRaw(1, TimeRange.ALL, width);
    }

    /** What lets an aggregate read the rollups and the cut hours in several statements. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aReadTransactionSeesOneSnapshot(String engine) throws SQLException {
        open(engine);
        load(1, 2, 10);
        Jdbc jdbc = new Jdbc(storage.dataSource(), Dialect.forUrl(url));
        String sql = "SELECT count(*) FROM data WHERE stream_id = 1";
        long[] counts = jdbc.inOwnSnapshot(c -> {
            long before = count(c, sql);
            store.append(List.of(DataPoint.numeric(1, START + 5 * HOUR_MICROS, 1)));
            return new long[] {before, count(c, sql)};
        });
        assertThat(counts).containsExactly(10, 10);
        assertThat(count(sql)).isEqualTo(11);
    }

    @Test
    void cutHoursAreTheHoursWhoseFirstAndLastMicrosecondLieInDifferentBuckets() {
        Random random = new Random(11);
        for (long width : List.of(HOUR_MICROS, HOUR_MICROS + 1, 90 * MINUTE, 31_536 * SECOND, 25 * HOUR_MICROS, 7 * HOUR_MICROS + 13 * MINUTE + 7 * SECOND)) {
            RolledUpAggregate.Buckets buckets = new RolledUpAggregate.Buckets(width);
            for (int i = 0; i < 20; i++) {
                // Also before 1970, where flooring differs from truncating.
                long from = HourlyRollups.floorHour(START - 2 * START * (i % 2) + (long) (random.nextDouble() * 1_000 * HOUR_MICROS));
                long to = from + random.nextInt(300) * HOUR_MICROS;
                List<Long> expected = new ArrayList<>();
                for (long h = from; h < to; h += HOUR_MICROS) {
                    if (buckets.start(h) != buckets.start(h + HOUR_MICROS - 1)) expected.add(h);
                }
                assertThat(buckets.cutHours(from, to)).as("width %d from %d to %d", width, from, to).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theJobIsBoundedResumesAndIsIdempotent(String engine) throws SQLException {
        open(engine);
        load(1, 30, 300);
        load(2, 30, 300);
        load(3, 5, 50);
        Instant now = Time.instant(START + 30 * HOUR_MICROS).plus(Rollups.GRACE);
        int calls = 0;
        int hours = 0;
        Rollups.Result result;
        do {
            result = storage.rollups().rollUp(now, 8);
            assertThat(result.hours()).isBetween(0, 8);
            hours += result.hours();
            calls++;
        } while (result.more());
        // Stream 3's empty hours after its last point are skipped, not counted.
        assertThat(hours).isEqualTo(65);
        assertThat(calls).isBetween(9, 12);
        String summary = "SELECT count(*) FROM data_hourly";
        String checksum = "SELECT sum(point_count * 7 + first_ts % 1000 + last_ts % 997) FROM data_hourly";
        assertThat(count(summary)).isEqualTo(65);
        long before = count(checksum);

        // Again: nothing to do and nothing changes, also after a restart (the job's state is in the database).
        assertThat(storage.rollups().rollUp(now, 8)).isEqualTo(new Rollups.Result(0, false));
        if (engine.equals("sqlite")) {
            storage.close();
            storage = JdbcStorage.open("jdbc:sqlite:" + tempDir.resolve("r.db"), null, null, 2);
            store = (JdbcTimeSeriesStore) storage.timeSeries();
            assertThat(storage.rollups().rollUp(now, 8)).isEqualTo(new Rollups.Result(0, false));
        }
        assertThat(count(summary)).isEqualTo(65);
        assertThat(count(checksum)).isEqualTo(before);

        // A late point dirties one hour; the job redoes exactly that hour.
        store.append(List.of(DataPoint.numeric(2, START + 3 * HOUR_MICROS + 5, 1)));
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isEqualTo(1);
        assertThat(storage.rollups().rollUp(now, 8)).isEqualTo(new Rollups.Result(1, false));
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        assertMatchesRaw(2, TimeRange.ALL, HOUR_MICROS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void inOrderAppendsMarkNothingDirtyAndHoursStillOpenAreReadRaw(String engine) throws SQLException {
        open(engine);
        load(1, 24, 240);
        // "Now" is within the last hour's grace: it stays raw.
        Instant now = Time.instant(START + 24 * HOUR_MICROS).plus(Rollups.GRACE).minusSeconds(1);
        assertThat(storage.rollups().rollUp(now, 100).hours()).isEqualTo(23);
        store.append(List.of(DataPoint.numeric(1, START + 23 * HOUR_MICROS + 1, 5), DataPoint.numeric(1, START + 24 * HOUR_MICROS + 1, 6)));
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        assertMatchesRaw(1, TimeRange.ALL, 2 * HOUR_MICROS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void retentionRemovesRollupsAndKeepsAggregatesExact(String engine) throws SQLException {
        open(engine);
        MetadataStore m = storage.metadata();
        long account = m.accounts().create("a@example.com", "ann", "Ann", "h", false, NOW).id();
        long org = m.orgs().create("a", "A", null, account, NOW).id();
        long project = m.projects().create(org, "p", null, 1, NOW).id();
        long variable = m.variables().create(project, 1, "v", null, null, NOW).id();
        long stream = m.streams().createIfAbsent("s--a", org, project, 0, variable, null, ValueType.NUMERIC, NOW).id();
        load(stream, 96, 960);
        loadDense(stream, 20, 6, 1_400);
        storage.rollups().rollUp(NOW, 1_000);
        assertThat(count("SELECT count(*) FROM data_minutely")).isEqualTo(6 * 60);
        // Keep 4 days and 30 minutes back from NOW: the cutoff cuts hour 23 of the 96 in half.
        Instant now = NOW.plus(Duration.ofHours(1).plusMinutes(30));
        Duration keep = Duration.between(Time.instant(START + 22 * HOUR_MICROS + HOUR_MICROS / 2), now);
        storage.retention().enforce(Map.of(org, keep), now);

        assertThat(count("SELECT min(hour) FROM data_hourly")).isEqualTo(START + 23 * HOUR_MICROS);
        // The hour the cutoff cuts loses all its minutes, not only those before the cutoff.
        assertThat(count("SELECT min(minute) FROM data_minutely")).isEqualTo(START + 23 * HOUR_MICROS);
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isEqualTo(1);
        Runnable allMatch = () -> {
            for (long width : List.of(HOUR_MICROS, 24 * HOUR_MICROS, 90 * MINUTE + 7 * SECOND)) assertMatchesRaw(stream, TimeRange.ALL, width);
        };
        allMatch.run();
        storage.rollups().rollUp(now, 1_000);
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        // Half of that hour is left, still dense: its minutes are back from the cutoff on.
        assertThat(count("SELECT min(minute) FROM data_minutely")).isEqualTo(START + 22 * HOUR_MICROS + 30 * MINUTE);
        allMatch.run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void randomLateWritesAndDeletesAgreeWithTheRawAggregate(String engine) {
        open(engine);
        Random random = new Random(7);
        load(1, 72, 2_000);
        loadDense(1, 30, 8, 700);
        for (int round = 0; round < 3; round++) {
            storage.rollups().rollUp(Time.instant(START + (40 + round * 20) * HOUR_MICROS), 25);
            List<DataPoint> late = new ArrayList<>();
            for (int i = 0; i < 50; i++) late.add(DataPoint.numeric(1, START + (long) (random.nextDouble() * 72 * HOUR_MICROS), random.nextGaussian()));
            store.append(late);
            for (int i = 0; i < 10; i++) store.deletePoint(1, late.get(random.nextInt(late.size())).timestampMicros());
            long from = START + (long) (random.nextDouble() * 30 * HOUR_MICROS);
            assertMatchesRaw(1, new TimeRange(from, from + (long) (random.nextDouble() * 40 * HOUR_MICROS)), 3 * HOUR_MICROS);
            assertMatchesRaw(1, TimeRange.ALL, 8 * HOUR_MICROS);
            assertMatchesRaw(1, TimeRange.ALL, 31_536 * SECOND);
        }
    }
}
