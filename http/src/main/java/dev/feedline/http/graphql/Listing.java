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
        var where = Where.of(env.getArgument("where"));
        for (T o : objects) {
            Map<String, Object> row = toRow.apply(o);
            if (where.test(row)) rows.add(row);
        }
        List<OrderBy.Key> keys = OrderBy.keys(env.getArgument("order_by"), primaryKey);
        Comparator<Map<String, Object>> order = OrderBy.comparator(keys);
        rows.sort(order);
        int total = rows.size();
        String after = env.getArgument("after");
        if (after != null) {
            Map<String, Object> from = Cursor.row(after, keys);
            rows = rows.stream().filter(r -> order.compare(r, from) > 0).toList();
        }
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
        bounded(env, objects);
        var where = Where.of(env.getArgument("where"));
        int n = 0;
        for (T o : objects) if (where.test(toRow.apply(o))) n++;
        return n;
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
