package dev.feedline.http.graphql;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A Hasura-style {@code where} argument ({@code {label: {_ilike: "%pump%"}, _or: [...]}}) as a predicate over rows
 * (a row is an object's fields by name, {@link Rows}). Evaluated in memory over the org-scoped, bounded list a core
 * use case returned (docs/GRAPHQL.md, "What runs where"). Comparisons follow SQL: a comparison with null is false
 * except {@code _is_null}; {@code _like} takes {@code %} and {@code _} wildcards.
 */
final class Where {
    private Where() {}

    static Predicate<Map<String, Object>> of(Map<String, Object> where) {
        if (where == null || where.isEmpty()) return row -> true;
        Predicate<Map<String, Object>> all = row -> true;
        for (Map.Entry<String, Object> e : where.entrySet()) all = all.and(term(e.getKey(), e.getValue()));
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Predicate<Map<String, Object>> term(String key, Object arg) {
        switch (key) {
            case "_and": {
                Predicate<Map<String, Object>> p = row -> true;
                for (Object w : (List<Object>) arg) p = p.and(of((Map<String, Object>) w));
                return p;
            }
            case "_or": {
                List<Object> parts = (List<Object>) arg;
                if (parts.isEmpty()) return row -> true; // as in Hasura: an empty _or filters nothing
                Predicate<Map<String, Object>> p = row -> false;
                for (Object w : parts) p = p.or(of((Map<String, Object>) w));
                return p;
            }
            case "_not":
                return of((Map<String, Object>) arg).negate();
            default:
                return column(key, (Map<String, Object>) arg);
        }
    }

    @SuppressWarnings("unchecked")
    private static Predicate<Map<String, Object>> column(String field, Map<String, Object> ops) {
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
                case "_in" -> v -> v != null && ((List<Object>) operand).stream().anyMatch(o -> o != null && compare(v, o) == 0);
                case "_nin" -> v -> v != null && ((List<Object>) operand).stream().noneMatch(o -> o != null && compare(v, o) == 0);
                case "_like" -> like((String) operand, false);
                case "_ilike" -> like((String) operand, true);
                case "_is_null" -> v -> operand == null || (v == null) == (Boolean) operand;
                default -> throw new IllegalArgumentException("unknown operator " + op.getKey());
            };
            all = all.and(row -> test.test(row.get(field)));
        }
        return all;
    }

    private static Predicate<Object> like(String pattern, boolean ignoreCase) {
        if (pattern == null) return v -> false;
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') regex.append(".*");
            else if (c == '_') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        Pattern p = Pattern.compile(regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
        return v -> v != null && p.matcher(v.toString()).matches();
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
