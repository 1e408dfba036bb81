package dev.feedline.http.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** order_by as a total order (the key last), nulls as in PostgreSQL, and cursors that name a place in it. */
class OrderByTest {
    private static Map<String, Object> row(String slug, String label, Double lat, Instant t) {
        Map<String, Object> r = new HashMap<>();
        r.put("slug", slug);
        r.put("label", label);
        r.put("lat", lat);
        r.put("created_on", t);
        return r;
    }

    private static final List<Map<String, Object>> ROWS = List.of(
            row("d--4", "b", 2.0, Instant.parse("2024-01-04T00:00:00Z")),
            row("d--1", "a", null, Instant.parse("2024-01-01T00:00:00Z")),
            row("d--3", "b", 1.0, Instant.parse("2024-01-03T00:00:00Z")),
            row("d--2", "a", 10.0, Instant.parse("2024-01-02T00:00:00Z")));

    private static List<Object> sorted(List<Map<String, Object>> orderBy) {
        List<Map<String, Object>> rows = new ArrayList<>(ROWS);
        rows.sort(OrderBy.comparator(OrderBy.keys(orderBy, "slug")));
        return rows.stream().map(r -> r.get("slug")).toList();
    }

    @Test
    void ordersByEachKeyThenByThePrimaryKey() {
        assertThat(sorted(null)).containsExactly("d--1", "d--2", "d--3", "d--4");
        assertThat(sorted(List.of(Map.of("label", "desc")))).containsExactly("d--3", "d--4", "d--1", "d--2");
        assertThat(sorted(List.of(Map.of("label", "asc"), Map.of("created_on", "desc")))).containsExactly("d--2", "d--1", "d--4", "d--3");
        assertThat(sorted(List.of(Map.of("lat", "asc")))).containsExactly("d--3", "d--4", "d--2", "d--1"); // numbers as numbers, nulls last
    }

    @Test
    void nullsComeLastAscendingAndFirstDescendingUnlessSaid() {
        assertThat(sorted(List.of(Map.of("lat", "desc")))).containsExactly("d--1", "d--2", "d--4", "d--3");
        assertThat(sorted(List.of(Map.of("lat", "desc_nulls_last")))).containsExactly("d--2", "d--4", "d--3", "d--1");
        assertThat(sorted(List.of(Map.of("lat", "asc_nulls_first")))).containsExactly("d--1", "d--3", "d--4", "d--2");
    }

    @Test
    void aCursorResumesAfterItsRowEvenWhenRowsChange() {
        List<OrderBy.Key> keys = OrderBy.keys(List.of(Map.of("created_on", "desc")), "slug");
        Comparator<Map<String, Object>> order = OrderBy.comparator(keys);
        String cursor = Cursor.after(ROWS.get(2), keys); // d--3, the second newest
        Map<String, Object> at = Cursor.row(cursor, keys);
        List<Map<String, Object>> rows = new ArrayList<>(ROWS);
        rows.add(row("d--9", "z", null, Instant.parse("2024-02-01T00:00:00Z"))); // newer: before the cursor
        rows.sort(order);
        assertThat(rows.stream().filter(r -> order.compare(r, at) > 0).map(r -> r.get("slug")).toList()).containsExactly("d--2", "d--1");
        assertThatThrownBy(() -> Cursor.row("!!", keys)).isInstanceOf(FeedlineException.class);
        assertThatThrownBy(() -> Cursor.row(cursor, OrderBy.keys(null, "slug"))).isInstanceOf(FeedlineException.class);
    }
}
