package dev.feedline.http.graphql;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.AcceptedTimes;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** What the resolvers share: the request's scope, lists through {@link Listing}, look-ups where a foreign object is null. */
final class Fetch {
    private Fetch() {}

    static RequestScope scope(DataFetchingEnvironment env) { return env.getGraphQlContext().get(RequestScope.class); }

    /** A list field: objects from a use case, then where, order_by, limit and offset. */
    static <T> DataFetcher<Object> list(Function<DataFetchingEnvironment, List<T>> source, BiFunction<RequestScope, T, Map<String, Object>> row, String pk) {
        return env -> {
            RequestScope scope = scope(env);
            return Listing.apply(env, objects(source, env), o -> row.apply(scope, o), pk, false).rows();
        };
    }

    /**
     * The objects a list starts from; none when the org, project or device it is narrowed to does not exist or is
     * another org's (as that object itself would be absent, not an error).
     */
    private static <T> List<T> objects(Function<DataFetchingEnvironment, List<T>> source, DataFetchingEnvironment env) {
        List<T> found = orNull(() -> source.apply(env));
        if (found == null) return List.of();
        scope(env).learnPresence(found); // a list of devices: their presence in one call, before any row is made
        return found;
    }

    /** A T_page field: one page by cursor, the next page's cursor and the count of all matching. */
    static <T> DataFetcher<Object> page(Function<DataFetchingEnvironment, List<T>> source, BiFunction<RequestScope, T, Map<String, Object>> row, String pk) {
        return env -> {
            RequestScope scope = scope(env);
            Listing.Result r = Listing.apply(env, objects(source, env), o -> row.apply(scope, o), pk, true);
            Map<String, Object> out = new java.util.HashMap<>();
            out.put("nodes", r.rows());
            out.put("next_cursor", r.nextCursor());
            out.put("total_count", r.total());
            return out;
        };
    }

    /** A T_aggregate field: how many objects match where. */
    static <T> DataFetcher<Object> aggregate(Function<DataFetchingEnvironment, List<T>> source, BiFunction<RequestScope, T, Map<String, Object>> row) {
        return env -> {
            RequestScope scope = scope(env);
            return Map.of("aggregate", Map.of("count", Listing.count(env, objects(source, env), o -> row.apply(scope, o))));
        };
    }

    /** A single object: absent (null) when it does not exist or belongs to another org, as REST's 404. */
    static <T> DataFetcher<Object> one(Function<DataFetchingEnvironment, T> find, BiFunction<RequestScope, T, Map<String, Object>> row) {
        return env -> {
            T found = orNull(() -> find.apply(env));
            if (found == null) return null;
            scope(env).count(1);
            return row.apply(scope(env), found);
        };
    }

    static <T> T orNull(Supplier<T> find) {
        try {
            return find.get();
        } catch (FeedlineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) return null;
            throw e;
        }
    }

    /** An ID argument as a number; one that is none names nothing (NOT_FOUND, so a look-up answers null). */
    static long id(DataFetchingEnvironment env, String name) {
        Object v = env.getArgument(name);
        try {
            return Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw FeedlineException.notFound(name);
        }
    }

    static TimeRange range(DataFetchingEnvironment env) {
        Instant from = env.getArgument("from");
        Instant to = env.getArgument("to");
        return new TimeRange(from == null ? null : AcceptedTimes.saturatedMicros(from), to == null ? null : AcceptedTimes.saturatedMicros(to));
    }

    @SuppressWarnings("unchecked")
    static <T> T parent(DataFetchingEnvironment env) { return (T) Rows.source(env.getSource()); }
}
