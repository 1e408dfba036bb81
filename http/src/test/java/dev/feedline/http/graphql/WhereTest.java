package dev.feedline.http.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    private static boolean like(String value, String pattern, boolean ignoreCase) {
        return Where.of(on("label", ignoreCase ? "_ilike" : "_like", pattern)).test(row(value, 1L, null, null));
    }

    @Test
    void likeMatchesLikeSql() {
        assertThat(like("", "", false)).isTrue();
        assertThat(like("a", "", false)).isFalse();
        assertThat(like("", "%", false)).isTrue();
        assertThat(like("", "_", false)).isFalse();
        assertThat(like("abc", "abc", false)).isTrue();
        assertThat(like("abc", "ab", false)).isFalse();
        assertThat(like("abc", "a%", false)).isTrue();
        assertThat(like("abc", "%c", false)).isTrue();
        assertThat(like("abc", "%b%", false)).isTrue();
        assertThat(like("abc", "a%%c", false)).isTrue();
        assertThat(like("abcbc", "a%bc", false)).isTrue(); // the % has to take "bc" the second time round
        assertThat(like("abcbd", "a%bc", false)).isFalse();
        assertThat(like("abc", "___", false)).isTrue();
        assertThat(like("abc", "__", false)).isFalse();
        assertThat(like("abc", "_%_", false)).isTrue();
        assertThat(like("a\nb", "a_b", false)).isTrue(); // _ and % match a line break too
        assertThat(like("a\nb", "a__b", false)).isFalse();
        assertThat(like("line\nbreak", "line%break", false)).isTrue();
        assertThat(like("a\\b", "a\\b", false)).isTrue(); // no escape character: a backslash is itself
        assertThat(like("a_b", "a\\_b", false)).isFalse();
        assertThat(like("x.y", "x.y", false)).isTrue();
        assertThat(like("xzy", "x.y", false)).isFalse();
        assertThat(like("a[b]*", "a[b]*", false)).isTrue();
        assertThat(like("\uD83D\uDE00!", "_!", false)).isTrue(); // _ is one character, also outside the BMP
        assertThat(like("PUMP", "pump", false)).isFalse();
        assertThat(like("PUMP", "pump", true)).isTrue();
        assertThat(like("Straße", "STRA_E", true)).isTrue();
        assertThat(like("ÉTÉ", "%té", true)).isTrue();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard only: backtracking took hours here
    void aPatternOfManyPercentSignsIsLinearNotExponential() {
        String value = "a".repeat(5_000);
        assertThat(like(value, "%".repeat(40) + "b", true)).isFalse();
        assertThat(like(value, "%a".repeat(40) + "%b", false)).isFalse();
        assertThat(like(value + "b", "%a".repeat(40) + "%b", false)).isTrue();
    }

    @Test
    void aPatternLongerThanTheTextLimitIsInvalid() {
        Map<String, Object> where = on("label", "_like", "%".repeat(11));
        assertThat(Where.of(where, 11).test(PUMP)).isTrue();
        assertThatThrownBy(() -> Where.of(where, 10)).isInstanceOfSatisfying(FeedlineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
            assertThat(e.getMessage()).contains("10");
        });
    }

    @Test
    void nullsWhereAListOrAnExpressionBelongsAreInvalid() {
        for (Map<String, Object> where : List.of(on("id", "_in", null), on("id", "_nin", null), on("id", "_in", Arrays.asList(3, null)),
                Map.<String, Object>of("_and", Arrays.asList((Object) null)), mapOf("_or", null), mapOf("label", null))) {
            assertThatThrownBy(() -> Where.of(where).test(PUMP)).as(String.valueOf(where))
                    .isInstanceOfSatisfying(FeedlineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
        }
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put(key, value);
        return m;
    }
}
