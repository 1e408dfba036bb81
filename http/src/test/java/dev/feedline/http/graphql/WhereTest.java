package dev.feedline.http.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Hasura-style where expressions over rows: each operator, nulls, types and the boolean combinators. */
class WhereTest {
    private static Map<String, Object> row(String label, Long id, Instant created, Boolean active) {
        Map<String, Object> r = new HashMap<>();
        r.put("label", label);
        r.put("id", id);
        r.put("created_on", created);
        r.put("active", active);
        return r;
    }

    private static final Map<String, Object> PUMP = row("Pump 1", 7L, Instant.parse("2024-01-01T00:00:00Z"), true);
    private static final Map<String, Object> FAN = row("fan_2", 12L, Instant.parse("2024-06-01T00:00:00Z"), false);
    private static final Map<String, Object> BLANK = row(null, 3L, null, null);
    private static final List<Map<String, Object>> ROWS = List.of(PUMP, FAN, BLANK);

    private static List<Object> ids(Map<String, Object> where) {
        Predicate<Map<String, Object>> p = Where.of(where);
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> r : ROWS) if (p.test(r)) out.add(r.get("id"));
        return out;
    }

    private static Map<String, Object> on(String field, String op, Object operand) {
        Map<String, Object> ops = new HashMap<>();
        ops.put(op, operand);
        return Map.of(field, ops);
    }

    @Test
    void comparisonsLeaveNullsOut() {
        assertThat(ids(on("label", "_eq", "fan_2"))).containsExactly(12L);
        assertThat(ids(on("label", "_neq", "fan_2"))).containsExactly(7L);
        assertThat(ids(on("id", "_gt", 7))).containsExactly(12L);
        assertThat(ids(on("id", "_gte", 7))).containsExactly(7L, 12L);
        assertThat(ids(on("id", "_lt", 7))).containsExactly(3L);
        assertThat(ids(on("id", "_lte", 7))).containsExactly(7L, 3L);
        assertThat(ids(on("id", "_in", List.of(3, 12, 99)))).containsExactly(12L, 3L);
        assertThat(ids(on("id", "_nin", List.of(3, 12)))).containsExactly(7L);
        assertThat(ids(on("label", "_nin", List.of("Pump 1")))).containsExactly(12L);
    }

    @Test
    void likeTakesPercentAndUnderscoreAndIlikeIgnoresCase() {
        assertThat(ids(on("label", "_like", "Pump%"))).containsExactly(7L);
        assertThat(ids(on("label", "_like", "pump%"))).isEmpty();
        assertThat(ids(on("label", "_ilike", "pump%"))).containsExactly(7L);
        assertThat(ids(on("label", "_like", "fan__"))).containsExactly(12L);
        assertThat(ids(on("label", "_like", "%.%"))).isEmpty(); // regex characters are literal
        assertThat(ids(on("label", "_like", "%_%"))).containsExactly(7L, 12L);
    }

    @Test
    void isNullAndTypes() {
        assertThat(ids(on("label", "_is_null", true))).containsExactly(3L);
        assertThat(ids(on("label", "_is_null", false))).containsExactly(7L, 12L);
        assertThat(ids(on("created_on", "_gt", Instant.parse("2024-03-01T00:00:00Z")))).containsExactly(12L);
        assertThat(ids(on("created_on", "_lte", "2024-01-01T00:00:00Z"))).containsExactly(7L); // an ISO string compares as a time
        assertThat(ids(on("id", "_eq", "12"))).containsExactly(12L); // an ID argument arrives as a string
        assertThat(ids(on("active", "_eq", false))).containsExactly(12L);
    }

    @Test
    void andOrNotCombine() {
        assertThat(ids(Map.of("_and", List.of(on("id", "_gt", 1), on("label", "_ilike", "%p%"))))).containsExactly(7L);
        assertThat(ids(Map.of("_or", List.of(on("id", "_eq", 3), on("label", "_eq", "fan_2"))))).containsExactly(12L, 3L);
        assertThat(ids(Map.of("_or", List.of()))).containsExactly(7L, 12L, 3L);
        assertThat(ids(Map.of("_not", on("id", "_in", List.of(7, 12))))).containsExactly(3L);
        Map<String, Object> two = new HashMap<>(on("id", "_gt", 1));
        two.putAll(on("active", "_eq", true));
        assertThat(ids(two)).containsExactly(7L); // fields of one object are and-ed
        assertThat(ids(Map.of())).containsExactly(7L, 12L, 3L);
        assertThat(ids(null)).containsExactly(7L, 12L, 3L);
    }
}
