package dev.feedline.http.graphql;

import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.rule.AlarmService;
import dev.feedline.core.stream.StreamService;
import dev.feedline.json.WireTime;
import dev.feedline.model.Alarm;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Stream;
import dev.feedline.model.Variable;
import dev.feedline.core.error.FeedlineException;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The fields that lead from one object to others (an org's projects, a device's streams, a stream's latest value and
 * aggregates). Each asks a core use case with the caller, so a relationship shows no more than a direct query would;
 * the many-to-one ones that a list repeats (a device's project, a stream's latest value) go through the request's
 * data loaders.
 */
final class Relations {
    private Relations() {}

    /** A nested list: the parent's objects from a use case, then the list arguments. */
    private interface Children<P, T> { List<T> of(Services s, Caller c, P parent, DataFetchingEnvironment env); }

    private static <P, T> DataFetcher<Object> children(Children<P, T> source, BiFunction<RequestScope, T, Map<String, Object>> row, String pk) {
        return Fetch.list(env -> {
            RequestScope scope = Fetch.scope(env);
            return source.of(scope.services(), scope.caller(), Fetch.parent(env), env);
        }, row, pk);
    }

    private static PageRequest bound(DataFetchingEnvironment env) { return Listing.bound(Fetch.scope(env)); }

    private static boolean inactiveToo(DataFetchingEnvironment env) { return Boolean.TRUE.equals(env.getArgument("include_inactive")); }

    /** The object with this key through a batching loader, as a row; null when there is none or the caller may not see it. */
    private static <K, V> CompletableFuture<Object> loaded(DataFetchingEnvironment env, String loader, K key, BiFunction<RequestScope, V, Map<String, Object>> row) {
        if (key == null) return CompletableFuture.completedFuture(null);
        RequestScope scope = Fetch.scope(env);
        return env.<K, V>getDataLoader(loader).load(key).thenApply(found -> {
            if (found == null) return null;
            scope.count(1);
            return row.apply(scope, found);
        });
    }

    private static CompletableFuture<Object> project(DataFetchingEnvironment env, Long projectId) {
        return Relations.<Long, Project>loaded(env, Loaders.PROJECT, projectId, (sc, p) -> sc.rows().project(p));
    }

    private static CompletableFuture<Object> device(DataFetchingEnvironment env, Long deviceId) {
        return Relations.<Long, Device>loaded(env, Loaders.DEVICE, deviceId, (sc, d) -> sc.rows().device(d));
    }

    static void wire(RuntimeWiring.Builder wiring) {
        wiring.type(TypeRuntimeWiring.newTypeWiring("Org")
                .dataFetcher("projects", children((Services s, Caller c, Org o, DataFetchingEnvironment env) -> s.projects().list(c, o.slug(), bound(env)).items(), (sc, p) -> sc.rows().project(p), "slug"))
                .dataFetcher("devices", children((Services s, Caller c, Org o, DataFetchingEnvironment env) -> s.devices().list(c, o.slug(), null, inactiveToo(env), bound(env)).items(),
                        (sc, d) -> sc.rows().device(d), "slug"))
                .dataFetcher("members", children((Services s, Caller c, Org o, DataFetchingEnvironment env) -> s.orgs().members(c, o.slug()),
                        (sc, m) -> sc.rows().member(m, sc.services().related().account(m.accountId()).orElse(null)), "user_id"))
                .dataFetcher("fleets", children((Services s, Caller c, Org o, DataFetchingEnvironment env) -> s.fleet().fleets().list(c, o.slug(), null, null, bound(env)).items(),
                        (sc, f) -> sc.rows().fleet(f), "slug"))
                .dataFetcher("rules", children((Services s, Caller c, Org o, DataFetchingEnvironment env) -> s.rules().list(c, o.slug(), null, bound(env)).items(), (sc, r) -> sc.rows().rule(r), "id"))
                .dataFetcher("alarms", children((Services s, Caller c, Org o, DataFetchingEnvironment env) -> s.alarms().list(c, new AlarmService.Query(o.slug(), null, null, null, null, null),
                        bound(env)).items(), (sc, a) -> sc.rows().alarm(a), "id")));

        wiring.type(TypeRuntimeWiring.newTypeWiring("Project")
                .dataFetcher("org", env -> {
                    Project p = Fetch.parent(env);
                    Org o = Fetch.scope(env).orgs().get(p.orgId());
                    return o == null ? null : Fetch.scope(env).rows().org(o);
                })
                .dataFetcher("devices", children((Services s, Caller c, Project p, DataFetchingEnvironment env) -> s.devices().list(c, null, p.slug(), inactiveToo(env), bound(env)).items(),
                        (sc, d) -> sc.rows().device(d), "slug"))
                .dataFetcher("variables", children((Services s, Caller c, Project p, DataFetchingEnvironment env) -> s.variables().list(c, p.slug()), (sc, v) -> sc.rows().variable(v), "slug"))
                .dataFetcher("streams", children((Services s, Caller c, Project p, DataFetchingEnvironment env) -> s.streams().list(c, new StreamService.Filter(p.slug(), null, null, false, null),
                        bound(env)).items(), (sc, st) -> sc.rows().stream(st), "slug"))
                .dataFetcher("properties", children((Services s, Caller c, Project p, DataFetchingEnvironment env) -> s.properties().list(c, p.slug()), (sc, pr) -> Rows.property(pr), "id")));

        wiring.type(TypeRuntimeWiring.newTypeWiring("Device")
                .dataFetcher("project", env -> project(env, Fetch.<Device>parent(env).projectId()))
                .dataFetcher("streams", children((Services s, Caller c, Device d, DataFetchingEnvironment env) -> s.streams().list(c, new StreamService.Filter(null, d.slug(), null, false, null),
                        bound(env)).items(), (sc, st) -> sc.rows().stream(st), "slug"))
                .dataFetcher("properties", children((Services s, Caller c, Device d, DataFetchingEnvironment env) -> s.properties().list(c, d.slug()), (sc, p) -> Rows.property(p), "id"))
                .dataFetcher("config_attributes", children((Services s, Caller c, Device d, DataFetchingEnvironment env) -> s.configs().list(c, d.slug()), (sc, a) -> Rows.config(a), "id"))
                .dataFetcher("notes", children((Services s, Caller c, Device d, DataFetchingEnvironment env) -> s.notes().list(c, d.slug(), Fetch.range(env), bound(env)).items(),
                        (sc, n) -> Rows.note(n), "id"))
                .dataFetcher("locations", children((Services s, Caller c, Device d, DataFetchingEnvironment env) -> s.locations().list(c, d.slug(), Fetch.range(env), bound(env)).items(),
                        (sc, l) -> Rows.location(l), "id"))
                .dataFetcher("commands", children((Services s, Caller c, Device d, DataFetchingEnvironment env) -> s.commands().list(c, d.slug(), bound(env)).items(), (sc, cm) -> Rows.command(cm), "id"))
                .dataFetcher("alarms", children((Services s, Caller c, Device d, DataFetchingEnvironment env) -> s.alarms().list(c, new AlarmService.Query(null, null, null, null, d.slug(), null),
                        bound(env)).items(), (sc, a) -> sc.rows().alarm(a), "id"))
                .dataFetcher("data_blocks", children((Services s, Caller c, Device d, DataFetchingEnvironment env) -> s.blocks().list(c, d.slug(), null, null, bound(env)).items(),
                        (sc, b) -> sc.rows().dataBlock(b), "slug")));

        wiring.type(TypeRuntimeWiring.newTypeWiring("Variable")
                .dataFetcher("project", env -> project(env, Fetch.<Variable>parent(env).projectId()))
                .dataFetcher("streams", children((Services s, Caller c, Variable v, DataFetchingEnvironment env) -> s.streams().list(c, new StreamService.Filter(null, null,
                        (String) ((Map<?, ?>) env.getSource()).get("slug"), false, null), bound(env)).items(), (sc, st) -> sc.rows().stream(st), "slug")));

        wiring.type(TypeRuntimeWiring.newTypeWiring("Stream")
                .dataFetcher("project", env -> project(env, Fetch.<Stream>parent(env).projectId()))
                .dataFetcher("device", env -> {
                    Stream st = Fetch.parent(env);
                    // A data block's stream carries the block's key, not a device id: its device is the block's.
                    return device(env, st.virtual() ? null : dev.feedline.model.Slugs.deviceOfKey(st.deviceId()));
                })
                .dataFetcher("variable", Fetch.one(env -> Fetch.scope(env).services().variables().get(Fetch.scope(env).caller(),
                        (String) ((Map<?, ?>) env.getSource()).get("variable_slug")), (sc, v) -> sc.rows().variable(v)))
                .dataFetcher("latest", env -> Relations.<Stream, DataPoint>loaded(env, Loaders.LATEST, Fetch.parent(env), (sc, p) -> Rows.point(p)))
                .dataFetcher("data", Relations::data)
                .dataFetcher("aggregate", Relations::aggregate)
                .dataFetcher("events", children((Services s, Caller c, Stream st, DataFetchingEnvironment env) -> {
                    var page = s.events().list(c, st.slug(), Fetch.range(env), bound(env));
                    return page.events().stream().map(e -> new dev.feedline.core.annotate.EventService.Stored(e, st)).toList();
                }, (sc, e) -> Rows.event(e.event(), e.stream()), "id"))
                .dataFetcher("notes", children((Services s, Caller c, Stream st, DataFetchingEnvironment env) -> s.notes().list(c, st.slug(), Fetch.range(env), bound(env)).items(),
                        (sc, n) -> Rows.note(n), "id")));

        wiring.type(TypeRuntimeWiring.newTypeWiring("Alarm")
                .dataFetcher("project", env -> project(env, Fetch.<Alarm>parent(env).projectId()))
                .dataFetcher("device", env -> device(env, Fetch.<Alarm>parent(env).deviceId())));
    }

    /** A stream's points, as GET /api/v1/stream/{slug}/data/ reads them (DataService.query). */
    private static Object data(DataFetchingEnvironment env) {
        RequestScope scope = Fetch.scope(env);
        Stream st = Fetch.parent(env);
        Integer limit = env.getArgument("limit");
        Integer offset = env.getArgument("offset");
        int max = scope.limits().maxLimit();
        if (limit != null && (limit < 0 || limit > max)) throw FeedlineException.invalidField("limit", "0 to " + max + " (graphql.max.limit)");
        if (offset != null && offset < 0) throw FeedlineException.invalidField("offset", "must be 0 or more");
        var page = scope.services().data().query(scope.caller(), st.slug(), Fetch.range(env), env.getArgument("newest"),
                new PageRequest(offset == null ? 0 : offset, limit == null ? max : limit));
        scope.count(page.points().size());
        return page.points().stream().map(Rows::point).toList();
    }

    /** A stream's buckets, by the same use case as GET /api/v1/stream/{slug}/aggregate/ (DataService.aggregate). */
    private static Object aggregate(DataFetchingEnvironment env) {
        RequestScope scope = Fetch.scope(env);
        Stream st = Fetch.parent(env);
        String bucket = env.getArgument("bucket");
        Object fn = env.getArgument("fn");
        var buckets = scope.services().data().aggregate(scope.caller(), st.slug(), Fetch.range(env), WireTime.duration("bucket", bucket),
                AggregateFunction.parse(fn == null ? "avg" : fn.toString()));
        scope.count(buckets.size());
        return buckets.stream().map(Rows::bucket).toList();
    }
}
