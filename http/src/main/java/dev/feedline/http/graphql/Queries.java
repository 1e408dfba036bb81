package dev.feedline.http.graphql;

import dev.feedline.core.rule.AlarmService;
import dev.feedline.core.stream.StreamService;
import dev.feedline.model.Role;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The root query fields: for each collection its list, its _page, its _aggregate and its _by_pk. Each list comes from
 * the core use case the REST list calls, with the org/project/device arguments passed on to it (they narrow the
 * database query); where, order_by and the paging arguments then apply in memory ({@link Listing}).
 */
final class Queries {
    private Queries() {}

    /** One collection: where its objects come from, how one is found by key, its rows. */
    private record Collection<T>(String name, String pk, Function<DataFetchingEnvironment, List<T>> source,
                                 Function<DataFetchingEnvironment, T> byPk, BiFunction<RequestScope, T, Map<String, Object>> row) {
        void wire(TypeRuntimeWiring.Builder query, java.util.Set<String> fields) {
            query.dataFetcher(name, Fetch.list(source, row, pk));
            if (fields.contains(name + "_page")) query.dataFetcher(name + "_page", Fetch.page(source, row, pk));
            if (fields.contains(name + "_aggregate")) query.dataFetcher(name + "_aggregate", Fetch.aggregate(source, row));
            query.dataFetcher(name + "_by_pk", Fetch.one(byPk, row));
        }
    }

    static void wire(RuntimeWiring.Builder wiring, java.util.Set<String> queryFields) {
        TypeRuntimeWiring.Builder q = TypeRuntimeWiring.newTypeWiring("Query");
        for (Collection<?> c : collections()) c.wire(q, queryFields);
        wiring.type(q);
    }

    /** Where-columns that name the same thing as a list argument, so an equality on them can narrow the database query. */
    private static final Map<String, String> PUSHED = Map.of("org", "org_slug", "project", "project_slug", "device", "device_slug",
            "variable", "variable_slug");

    /**
     * A list argument; when it is not given, the value of a top-level {@code where: {<its column>: {_eq: …}}}, which
     * the use case then applies in the database (the where is still applied to the rows, so the answer is the same;
     * only fewer objects are read). Only for lookup arguments, never for by_pk keys.
     */
    @SuppressWarnings("unchecked")
    private static String arg(DataFetchingEnvironment env, String name) {
        String given = env.getArgument(name);
        if (given != null || !PUSHED.containsKey(name) || !(env.getArgument("where") instanceof Map<?, ?> where)) return given;
        Object column = where.get(PUSHED.get(name));
        return column instanceof Map<?, ?> ops && ops.get("_eq") instanceof String eq ? eq : null;
    }

    private static List<Collection<?>> collections() {
        return List.of(
                new Collection<>("orgs", "slug", env -> Fetch.scope(env).services().orgs().list(Fetch.scope(env).caller()),
                        env -> Fetch.scope(env).services().orgs().get(Fetch.scope(env).caller(), arg(env, "slug")), (s, o) -> s.rows().org(o)),
                new Collection<>("projects", "slug",
                        env -> Fetch.scope(env).services().projects().list(Fetch.scope(env).caller(), arg(env, "org"), Listing.bound(Fetch.scope(env))).items(),
                        env -> Fetch.scope(env).services().projects().get(Fetch.scope(env).caller(), arg(env, "slug")), (s, p) -> s.rows().project(p)),
                new Collection<>("devices", "slug",
                        env -> Fetch.scope(env).services().devices().list(Fetch.scope(env).caller(), arg(env, "org"), arg(env, "project"),
                                Boolean.TRUE.equals(env.getArgument("include_inactive")), Listing.bound(Fetch.scope(env))).items(),
                        env -> Fetch.scope(env).services().devices().get(Fetch.scope(env).caller(), arg(env, "slug")), (s, d) -> s.rows().device(d)),
                new Collection<>("variables", "slug",
                        env -> Fetch.scope(env).services().variables().list(Fetch.scope(env).caller(), arg(env, "project")),
                        env -> Fetch.scope(env).services().variables().get(Fetch.scope(env).caller(), arg(env, "slug")), (s, v) -> s.rows().variable(v)),
                new Collection<>("streams", "slug",
                        env -> Fetch.scope(env).services().streams().list(Fetch.scope(env).caller(),
                                new StreamService.Filter(arg(env, "project"), arg(env, "device"), arg(env, "variable"), false, null),
                                Listing.bound(Fetch.scope(env))).items(),
                        env -> Fetch.scope(env).services().streams().get(Fetch.scope(env).caller(), arg(env, "slug"), Role.VIEWER), (s, st) -> s.rows().stream(st)),
                new Collection<>("alarms", "id",
                        env -> Fetch.scope(env).services().alarms().list(Fetch.scope(env).caller(),
                                new AlarmService.Query(arg(env, "org"), null, null, arg(env, "project"), arg(env, "device"), null),
                                Listing.bound(Fetch.scope(env))).items(),
                        env -> Fetch.scope(env).services().alarms().get(Fetch.scope(env).caller(), Fetch.id(env, "id")), (s, a) -> s.rows().alarm(a)),
                new Collection<>("dashboards", "id", env -> Fetch.scope(env).services().dashboards().list(Fetch.scope(env).caller()),
                        env -> Fetch.scope(env).services().dashboards().get(Fetch.scope(env).caller(), Fetch.id(env, "id")), (s, d) -> s.rows().dashboard(d)),
                new Collection<>("rules", "id",
                        env -> Fetch.scope(env).services().rules().list(Fetch.scope(env).caller(), arg(env, "org"), arg(env, "project"),
                                Listing.bound(Fetch.scope(env))).items(),
                        env -> Fetch.scope(env).services().rules().get(Fetch.scope(env).caller(), Fetch.id(env, "id")), (s, r) -> s.rows().rule(r)),
                new Collection<>("fleets", "slug",
                        env -> Fetch.scope(env).services().fleet().fleets().list(Fetch.scope(env).caller(), arg(env, "org"), null, null,
                                Listing.bound(Fetch.scope(env))).items(),
                        env -> Fetch.scope(env).services().fleet().fleets().get(Fetch.scope(env).caller(), arg(env, "slug")), (s, f) -> s.rows().fleet(f)),
                new Collection<>("deployments", "id",
                        env -> Fetch.scope(env).services().fleet().ota().requests(Fetch.scope(env).caller(), arg(env, "fleet"), arg(env, "org"), true,
                                Listing.bound(Fetch.scope(env))).items(),
                        env -> Fetch.scope(env).services().fleet().ota().request(Fetch.scope(env).caller(), Fetch.id(env, "id")), (s, o) -> s.rows().deployment(o)),
                new Collection<>("data_blocks", "slug",
                        env -> Fetch.scope(env).services().blocks().list(Fetch.scope(env).caller(), arg(env, "device"), arg(env, "project"), arg(env, "org"),
                                Listing.bound(Fetch.scope(env))).items(),
                        env -> Fetch.scope(env).services().blocks().get(Fetch.scope(env).caller(), arg(env, "slug")), (s, b) -> s.rows().dataBlock(b)));
    }
}
