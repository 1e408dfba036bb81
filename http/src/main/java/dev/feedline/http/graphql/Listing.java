package dev.feedline.http.graphql;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A list field's arguments applied to the objects a core use case returned: where, order_by, then after (a cursor),
 * offset and limit. The objects come org-scoped and bounded (the use case is asked for at most graphql.max.scan + 1;
 * more is refused, never silently cut, so a filter's answer is always complete).
 */
final class Listing {
    /** The most a use case is asked for: one more than may be filtered, to tell "exactly the bound" from "more". */
    static dev.feedline.core.port.PageRequest bound(RequestScope scope) {
        return new dev.feedline.core.port.PageRequest(0, scope.limits().maxScan() + 1);
    }

    record Result(List<Map<String, Object>> rows, int total, String nextCursor) {}

    private Listing() {}

    static <T> Result apply(DataFetchingEnvironment env, List<T> objects, Function<T, Map<String, Object>> toRow, String primaryKey, boolean paged) {
        RequestScope scope = bounded(env, objects);
        List<Map<String, Object>> rows = new ArrayList<>(objects.size());
        var where = where(env, scope);
        for (T o : objects) {
            scope.checkDeadline();
            Map<String, Object> row = toRow.apply(o);
            if (where.test(row)) rows.add(row);
        }
        List<OrderBy.Key> keys = OrderBy.keys(env.getArgument("order_by"), primaryKey);
        Comparator<Map<String, Object>> order = OrderBy.comparator(keys);
        int[] compared = {0};
        // Sorting the longest list (graphql.max.scan) takes some 300,000 comparisons: the deadline every 1,024 of them.
        rows.sort((a, b) -> {
            if ((++compared[0] & 1023) == 0) scope.checkDeadline();
            return order.compare(a, b);
        });
        int total = rows.size();
        String after = env.getArgument("after");
        if (after != null) rows = Cursor.rowsAfter(rows, after, keys, order);
        int offset = nonNegative(env.getArgument("offset"), 0, "offset");
        Integer askedLimit = env.getArgument(paged ? "first" : "limit");
        int limit = nonNegative(askedLimit, scope.limits().maxLimit(), paged ? "first" : "limit");
        if (limit > scope.limits().maxLimit()) {
            throw FeedlineException.invalidField(paged ? "first" : "limit", "at most " + scope.limits().maxLimit() + " (graphql.max.limit)");
        }
        int from = Math.min(rows.size(), offset);
        int to = (int) Math.min(rows.size(), (long) from + limit);
        List<Map<String, Object>> page = List.copyOf(rows.subList(from, to));
        scope.count(page.size());
        String next = to < rows.size() && !page.isEmpty() ? Cursor.after(page.get(page.size() - 1), keys) : null;
        return new Result(page, total, next);
    }

    /** Only counts: where applied, nothing returned. */
    static <T> int count(DataFetchingEnvironment env, List<T> objects, Function<T, Map<String, Object>> toRow) {
        RequestScope scope = bounded(env, objects);
        var where = where(env, scope);
        int n = 0;
        for (T o : objects) {
            scope.checkDeadline();
            if (where.test(toRow.apply(o))) n++;
        }
        return n;
    }

    /** The where argument as a predicate; its patterns are held to the text limit as any other value is. */
    private static java.util.function.Predicate<Map<String, Object>> where(DataFetchingEnvironment env, RequestScope scope) {
        int maxPattern = scope.services() == null ? Integer.MAX_VALUE /* a unit test's scope */ : scope.services().limits().maxStringLength();
        return Where.of(env.getArgument("where"), maxPattern);
    }

    /** The request's scope, after checking the list is no longer than may be filtered in memory (refused, never cut). */
    private static RequestScope bounded(DataFetchingEnvironment env, List<?> objects) {
        RequestScope scope = env.getGraphQlContext().get(RequestScope.class);
        if (objects.size() > scope.limits().maxScan()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "more than " + scope.limits().maxScan()
                    + " objects to filter (graphql.max.scan); narrow the list with its org, project or device argument");
        }
        return scope;
    }

    private static int nonNegative(Integer v, int fallback, String name) {
        if (v == null) return fallback;
        if (v < 0) throw FeedlineException.invalidField(name, "must be 0 or more");
        return v;
    }
}
