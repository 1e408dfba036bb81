package dev.feedline.http.graphql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A Hasura-style {@code order_by} argument ({@code [{created_on: desc}, {label: asc_nulls_first}]}) as a comparator
 * over rows, with the row's key (its slug or id) last, so that every order is total and a cursor names one place in
 * it. As in PostgreSQL, nulls come last in ascending and first in descending order unless the direction says.
 */
final class OrderBy {
    record Key(String field, boolean descending, boolean nullsFirst) {}

    private OrderBy() {}

    static List<Key> keys(List<Map<String, Object>> orderBy, String primaryKey) {
        List<Key> keys = new ArrayList<>();
        if (orderBy != null) {
            for (Map<String, Object> item : orderBy) {
                for (Map.Entry<String, Object> e : item.entrySet()) {
                    String dir = e.getValue().toString();
                    boolean desc = dir.startsWith("desc");
                    boolean nullsFirst = dir.endsWith("nulls_first") || (desc && !dir.endsWith("nulls_last"));
                    keys.add(new Key(e.getKey(), desc, nullsFirst));
                }
            }
        }
        if (keys.stream().noneMatch(k -> k.field().equals(primaryKey))) keys.add(new Key(primaryKey, false, false));
        return keys;
    }

    static Comparator<Map<String, Object>> comparator(List<Key> keys) {
        Comparator<Map<String, Object>> all = (a, b) -> 0;
        for (Key k : keys) all = all.thenComparing((a, b) -> compare(k, a.get(k.field()), b.get(k.field())));
        return all;
    }

    private static int compare(Key k, Object a, Object b) {
        if (a == null || b == null) {
            if (a == b) return 0;
            return (a == null) == k.nullsFirst() ? -1 : 1;
        }
        int c = Where.compare(a, b);
        return k.descending() ? -c : c;
    }
}
