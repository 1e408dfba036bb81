package dev.feedline.http.graphql;

import dev.feedline.core.annotate.PropertyService;
import dev.feedline.core.dashboard.Dashboards;
import dev.feedline.core.data.PointInput;
import dev.feedline.core.device.DeviceService;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.ValueType;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The writes: each calls the core use case the REST route calls, so validation, roles, limits and events are the same.
 * write_data answers only after its points are committed (ack after commit), and a rejected batch writes nothing.
 */
final class Mutations {
    private Mutations() {}

    private interface Write { Object run(RequestScope scope, DataFetchingEnvironment env); }

    private static DataFetcher<Object> write(Write w) {
        return env -> w.run(Fetch.scope(env), env);
    }

    private static String s(DataFetchingEnvironment env, String name) { return env.getArgument(name); }

    static void wire(RuntimeWiring.Builder wiring) {
        wiring.type(TypeRuntimeWiring.newTypeWiring("Mutation")
                .dataFetcher("create_project", write((sc, env) -> sc.rows().project(
                        sc.services().projects().create(sc.caller(), s(env, "org"), s(env, "name"), s(env, "about")))))
                .dataFetcher("update_project", write((sc, env) -> sc.rows().project(
                        sc.services().projects().update(sc.caller(), s(env, "slug"), s(env, "name"), s(env, "about")))))
                .dataFetcher("delete_project", write((sc, env) -> done(() -> sc.services().projects().delete(sc.caller(), s(env, "slug")))))
                .dataFetcher("create_device", write((sc, env) -> {
                    DeviceService.WithToken made = sc.services().devices().create(sc.caller(), s(env, "org"), s(env, "project"), s(env, "label"),
                            s(env, "external_id"));
                    return Map.of("device", sc.rows().device(made.device()), "token", made.token());
                }))
                .dataFetcher("update_device", write((sc, env) -> sc.rows().device(sc.services().devices().update(sc.caller(), s(env, "slug"),
                        new DeviceService.Patch(s(env, "label"), env.getArgument("lat"), env.getArgument("lon"), s(env, "state"),
                                env.getArgument("active"), s(env, "external_id"))))))
                .dataFetcher("delete_device", write((sc, env) -> done(() -> sc.services().devices().delete(sc.caller(), s(env, "slug")))))
                .dataFetcher("create_variable", write((sc, env) -> sc.rows().variable(sc.services().variables().create(sc.caller(),
                        s(env, "project"), s(env, "name"), env.getArgument("lid"), s(env, "units"), s(env, "about")))))
                .dataFetcher("update_variable", write((sc, env) -> sc.rows().variable(sc.services().variables().update(sc.caller(),
                        s(env, "slug"), s(env, "name"), s(env, "units"), s(env, "about")))))
                .dataFetcher("delete_variable", write((sc, env) -> done(() -> sc.services().variables().delete(sc.caller(), s(env, "slug")))))
                .dataFetcher("create_stream", write((sc, env) -> sc.rows().stream(sc.services().streams().create(sc.caller(),
                        s(env, "variable"), s(env, "device"), s(env, "data_label"), valueType(s(env, "value_type"))))))
                .dataFetcher("update_stream", write((sc, env) -> sc.rows().stream(sc.services().streams().update(sc.caller(),
                        s(env, "slug"), s(env, "data_label"), null, env.getArgument("enabled")))))
                .dataFetcher("delete_stream", write((sc, env) -> done(() -> sc.services().streams().delete(sc.caller(), s(env, "slug")))))
                .dataFetcher("set_property", write((sc, env) -> {
                    Integer i = env.getArgument("int_value");
                    var value = new PropertyService.Value(i == null ? null : i.longValue(), s(env, "str_value"), env.getArgument("bool_value"));
                    return Rows.property(sc.services().properties().put(sc.caller(), s(env, "target"), s(env, "name"), value, false));
                }))
                .dataFetcher("delete_property", write((sc, env) -> done(() -> sc.services().properties().delete(sc.caller(), Fetch.id(env, "id")))))
                .dataFetcher("create_note", write((sc, env) -> Rows.note(sc.services().notes().create(sc.caller(), s(env, "target"),
                        env.getArgument("timestamp"), s(env, "note")))))
                .dataFetcher("create_dashboard", write((sc, env) -> sc.rows().dashboard(sc.services().dashboards().create(sc.caller(),
                        s(env, "org"), new Dashboards.Changes(s(env, "name"), env.getArgument("shared"), s(env, "layout"))))))
                .dataFetcher("update_dashboard", write((sc, env) -> sc.rows().dashboard(sc.services().dashboards().update(sc.caller(),
                        Fetch.id(env, "id"), new Dashboards.Changes(s(env, "name"), env.getArgument("shared"), s(env, "layout"))))))
                .dataFetcher("delete_dashboard", write((sc, env) -> done(() -> sc.services().dashboards().delete(sc.caller(), Fetch.id(env, "id")))))
                .dataFetcher("acknowledge_alarm", write((sc, env) -> sc.rows().alarm(sc.services().alarms().acknowledge(sc.caller(), Fetch.id(env, "id")))))
                .dataFetcher("clear_alarm", write((sc, env) -> sc.rows().alarm(sc.services().alarms().clear(sc.caller(), Fetch.id(env, "id")))))
                .dataFetcher("send_command", write((sc, env) -> {
                    Integer ttl = env.getArgument("ttl_seconds");
                    if (ttl != null && ttl < 1) throw FeedlineException.invalidField("ttl_seconds", "must be at least 1");
                    return Rows.command(sc.services().commands().send(sc.caller(), s(env, "device"), s(env, "method"), s(env, "params"),
                            Boolean.TRUE.equals(env.getArgument("one_way")), ttl == null ? null : Duration.ofSeconds(ttl)));
                }))
                .dataFetcher("write_data", Mutations::writeData));
    }

    private static Boolean done(Runnable r) {
        r.run();
        return true;
    }

    private static ValueType valueType(String wire) {
        if (wire == null) return null;
        ValueType t = ValueType.parse(wire);
        if (t == null) throw FeedlineException.invalidField("value_type", "unknown value type " + wire);
        return t;
    }

    /** As POST /api/v1/data/: validated as a whole by DataService.ingest, answered when the commit completes. */
    private static Object writeData(DataFetchingEnvironment env) {
        RequestScope scope = Fetch.scope(env);
        List<Map<String, Object>> points = env.getArgument("points");
        if (points.size() > scope.services().limits().maxPointsPerRequest()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "at most " + scope.services().limits().maxPointsPerRequest() + " points per request");
        }
        List<PointInput> inputs = new ArrayList<>(points.size());
        for (Map<String, Object> p : points) {
            Double value = (Double) p.get("value");
            String text = (String) p.get("text");
            if ((value == null) == (text == null)) throw FeedlineException.invalidField("points", "each point needs exactly one of value or text");
            inputs.add(new PointInput((String) p.get("stream"), (Instant) p.get("timestamp"), value != null ? ValueType.NUMERIC : ValueType.TEXT,
                    value, null, text, null, null, null, null, null, null));
        }
        var accepted = scope.services().data().ingest(scope.caller(), inputs);
        return accepted.committed().thenApply(done -> Map.of("count", accepted.points().size()));
    }
}
