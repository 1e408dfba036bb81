package dev.feedline.http.graphql;

import dev.feedline.core.error.FeedlineException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A Hasura-style {@code where} argument ({@code {label: {_ilike: "%pump%"}, _or: [...]}}) as a predicate over rows
 * (a row is an object's fields by name, {@link Rows}). Evaluated in memory over the org-scoped, bounded list a core
 * use case returned (docs/GRAPHQL.md, "What runs where"). Comparisons follow SQL: a comparison with null is false
 * except {@code _is_null}; {@code _like} takes {@code %} and {@code _} wildcards ({@link Like}). Malformed parts (a
 * null where a list or an expression belongs, a pattern over the text limit) are the client's error: INVALID on where.
 */
final class Where {
    private final int maxPattern;

    private Where(int maxPattern) { this.maxPattern = maxPattern; }

    static Predicate<Map<String, Object>> of(Map<String, Object> where) { return of(where, Integer.MAX_VALUE); }

    /** The predicate; a _like/_ilike pattern may be at most maxPattern characters (the text limit, as for any value). */
    static Predicate<Map<String, Object>> of(Map<String, Object> where, int maxPattern) { return new Where(maxPattern).all(where); }

    private Predicate<Map<String, Object>> all(Map<String, Object> where) {
        if (where == null || where.isEmpty()) return row -> true;
        Predicate<Map<String, Object>> all = row -> true;
        for (Map.Entry<String, Object> e : where.entrySet()) all = all.and(term(e.getKey(), e.getValue()));
        return all;
    }

    @SuppressWarnings("unchecked")
    private Predicate<Map<String, Object>> term(String key, Object arg) {
        switch (key) {
            case "_and": {
                Predicate<Map<String, Object>> p = row -> true;
                for (Object w : list(key, arg)) p = p.and(all(expression(key, w)));
                return p;
            }
            case "_or": {
                List<Object> parts = list(key, arg);
                if (parts.isEmpty()) return row -> true; // as in Hasura: an empty _or filters nothing
                Predicate<Map<String, Object>> p = row -> false;
                for (Object w : parts) p = p.or(all(expression(key, w)));
                return p;
            }
            case "_not":
                return all((Map<String, Object>) arg).negate();
            default:
                return column(key, expression(key, arg));
        }
    }

    /** A list operand (of _in, _nin, _and, _or): neither null nor holding a null. */
    @SuppressWarnings("unchecked")
    private static List<Object> list(String name, Object arg) {
        if (!(arg instanceof List<?> l) || l.stream().anyMatch(java.util.Objects::isNull)) throw invalid(name + " takes a list without nulls");
        return (List<Object>) l;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expression(String name, Object arg) {
        if (!(arg instanceof Map<?, ?>)) throw invalid(name + " takes an expression, not null");
        return (Map<String, Object>) arg;
    }

    private static FeedlineException invalid(String message) { return FeedlineException.invalidField("where", message); }

    private Predicate<Map<String, Object>> column(String field, Map<String, Object> ops) {
        Predicate<Map<String, Object>> all = row -> true;
        for (Map.Entry<String, Object> op : ops.entrySet()) {
            Object operand = op.getValue();
            Predicate<Object> test = switch (op.getKey()) {
                case "_eq" -> v -> v != null && operand != null && compare(v, operand) == 0;
                case "_neq" -> v -> v != null && operand != null && compare(v, operand) != 0;
                case "_gt" -> v -> v != null && operand != null && compare(v, operand) > 0;
                case "_gte" -> v -> v != null && operand != null && compare(v, operand) >= 0;
                case "_lt" -> v -> v != null && operand != null && compare(v, operand) < 0;
                case "_lte" -> v -> v != null && operand != null && compare(v, operand) <= 0;
                case "_in" -> in(list(field + "._in", operand));
                case "_nin" -> in(list(field + "._nin", operand)).negate().and(v -> v != null);
                case "_like" -> like(field + "._like", (String) operand, false);
                case "_ilike" -> like(field + "._ilike", (String) operand, true);
                case "_is_null" -> v -> operand == null || (v == null) == (Boolean) operand;
                default -> throw new IllegalArgumentException("unknown operator " + op.getKey());
            };
            all = all.and(row -> test.test(row.get(field)));
        }
        return all;
    }

    private static Predicate<Object> in(List<Object> values) {
        return v -> v != null && values.stream().anyMatch(o -> compare(v, o) == 0);
    }

    private Predicate<Object> like(String name, String pattern, boolean ignoreCase) {
        if (pattern == null) return v -> false;
        if (pattern.length() > maxPattern) throw invalid(name + " pattern longer than " + maxPattern + " characters");
        Like like = new Like(pattern, ignoreCase);
        return v -> v != null && like.matches(v.toString());
    }

    /**
     * Orders two values of one field: numbers as numbers (an id given as a string too), times as times (an ISO-8601
     * string too), booleans false first, anything else as text.
     */
    static int compare(Object a, Object b) {
        if (a instanceof Number x) {
            Double y = b instanceof Number n ? Double.valueOf(n.doubleValue()) : number(b.toString());
            return y == null ? a.toString().compareTo(b.toString()) : Double.compare(x.doubleValue(), y);
        }
        if (a instanceof Instant x) {
            Instant y = b instanceof Instant i ? i : Instant.parse(b.toString());
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) return Boolean.compare(x, y);
        if (a instanceof String x && b instanceof String y) return x.compareTo(y);
        return a.toString().toLowerCase(Locale.ROOT).compareTo(b.toString().toLowerCase(Locale.ROOT));
    }

    private static Double number(String s) {
        try { return Double.valueOf(s); } catch (NumberFormatException e) { return null; }
    }
}
