package dev.feedline.core.userreport;

import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A report's data as a table: one row per bucket that has data in any column (oldest first), one column per stream
 * and aggregate; a cell is null where that column has no data in the row's bucket. Every output format is written
 * from this one table, so CSV, XLSX and HTML always agree.
 */
public record ReportTable(List<Column> columns, List<Row> rows) {
    /** One stream's aggregate: label is what the reader knows the stream by. */
    public record Column(String streamSlug, String label, AggregateFunction fn) {
        public String header() { return label + " (" + fn.wire() + ")"; }
    }

    /** A bucket's start and one value per column (null: no data). */
    public record Row(Instant start, List<Double> values) {}

    /** The table of the columns, from each column's buckets (in the same order as columns). */
    public static ReportTable of(List<Column> columns, List<List<Bucket>> buckets) {
        if (columns.size() != buckets.size()) throw new IllegalArgumentException("one list of buckets per column");
        TreeMap<Long, Double[]> byStart = new TreeMap<>();
        for (int c = 0; c < columns.size(); c++) {
            for (Bucket b : buckets.get(c)) {
                if (b.value() == null) continue;
                byStart.computeIfAbsent(b.startMicros(), k -> new Double[columns.size()])[c] = b.value();
            }
        }
        List<Row> rows = new ArrayList<>(byStart.size());
        for (Map.Entry<Long, Double[]> e : byStart.entrySet()) {
            rows.add(new Row(Instant.EPOCH.plusNanos(e.getKey() * 1_000), java.util.Collections.unmodifiableList(Arrays.asList(e.getValue()))));
        }
        return new ReportTable(List.copyOf(columns), List.copyOf(rows));
    }
}
