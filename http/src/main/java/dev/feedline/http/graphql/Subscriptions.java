package dev.feedline.http.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.http.live.LiveHub;
import dev.feedline.http.live.LiveListener;
import dev.feedline.http.live.Subscription.Kind;
import dev.feedline.model.Alarm;
import dev.feedline.model.Command;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.Role;
import dev.feedline.model.Stream;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The Subscription type's resolvers (docs/GRAPHQL.md "Subscriptions"). Each checks access through a core use case
 * with the connection's caller (viewer of the object's org: a foreign or unknown object fails the subscription as
 * NOT_FOUND, as REST answers 404), then follows the objects on the live API's {@link LiveHub} — the same fan-out, fed
 * by the Events port's live delivery — and returns an {@link EventPublisher} of the events as rows.
 */
final class Subscriptions {
    /** The GraphQL context key of what a transport is told when events of a subscription were dropped. */
    static final String MISSED = "feedline.subscription.missed";

    private Subscriptions() {}

    static void wire(RuntimeWiring.Builder wiring, LiveHub hub) {
        wiring.type(TypeRuntimeWiring.newTypeWiring("Subscription")
                .dataFetcher("points", env -> follow(env, hub, (s, c) -> {
                    List<Long> ids = new ArrayList<>();
                    for (String slug : slugs(env, "streams")) ids.add(s.streams().get(c, slug, Role.VIEWER).id());
                    return ids.stream().map(id -> Map.entry(Kind.STREAM, id)).toList();
                }, publisher -> new Forward(publisher) {
                    @Override
                    public void point(DataPoint p, Stream stream, String committed, JsonNode record) { publisher.offer(pointRow(record, committed)); }
                }))
                .dataFetcher("presence", env -> follow(env, hub, (s, c) -> {
                    String project = env.getArgument("project");
                    List<String> devices = env.getArgument("devices");
                    if ((project == null) == (devices == null)) throw FeedlineException.invalid("give one of devices or project");
                    if (project != null) return List.of(Map.entry(Kind.PROJECT, s.projects().get(c, project).id()));
                    List<Map.Entry<Kind, Long>> out = new ArrayList<>();
                    for (String slug : slugs(env, "devices")) out.add(Map.entry(Kind.DEVICE, s.devices().get(c, slug).id()));
                    return out;
                }, publisher -> new Forward(publisher) {
                    @Override
                    public void presence(Device device, boolean online, Instant at) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("device_slug", device.slug());
                        r.put("online", online);
                        r.put("timestamp", at);
                        publisher.offer(r);
                    }
                }))
                .dataFetcher("alarms", env -> follow(env, hub, (s, c) -> {
                    String org = env.getArgument("org"), project = env.getArgument("project"), device = env.getArgument("device");
                    if ((org == null ? 0 : 1) + (project == null ? 0 : 1) + (device == null ? 0 : 1) != 1) {
                        throw FeedlineException.invalid("give one of org, project or device");
                    }
                    return List.of(org != null ? Map.entry(Kind.ORG, s.orgs().get(c, org).id())
                            : project != null ? Map.entry(Kind.PROJECT, s.projects().get(c, project).id())
                            : Map.entry(Kind.DEVICE, s.devices().get(c, device).id()));
                }, publisher -> new Forward(publisher) {
                    @Override
                    public void alarm(Alarm alarm, String change, JsonNode record) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("change", change);
                        r.put("alarm", alarm);
                        publisher.offer(r);
                    }
                }))
                .dataFetcher("commands", env -> follow(env, hub,
                        (s, c) -> List.of(Map.entry(Kind.DEVICE, s.devices().get(c, (String) env.getArgument("device")).id())),
                        publisher -> new Forward(publisher) {
                            @Override
                            public void command(Command command) { publisher.offer(Rows.command(command)); }
                        })));
        // An alarm event carries the model object; its fields are the Alarm type's row (org and project slugs from the scope).
        wiring.type(TypeRuntimeWiring.newTypeWiring("AlarmEvent")
                .dataFetcher("alarm", env -> Fetch.scope(env).rows().alarm((Alarm) ((Map<?, ?>) env.getSource()).get("alarm"))));
    }

    /** What a subscription follows, as (kind, database id); resolved with the caller, so access is checked here. */
    private interface Targets {
        List<Map.Entry<Kind, Long>> of(Services services, Caller caller);
    }

    private static EventPublisher follow(DataFetchingEnvironment env, LiveHub hub, Targets targets, Function<EventPublisher, LiveListener> listener) {
        if (hub == null) throw FeedlineException.invalid("subscriptions are served over WebSocket only (docs/GRAPHQL.md)");
        RequestScope scope = Fetch.scope(env);
        LongConsumer missed = env.getGraphQlContext().getOrDefault(MISSED, (LongConsumer) n -> {});
        List<Map.Entry<Kind, Long>> followed = targets.of(scope.services(), scope.caller());
        List<Runnable> unfollow = new ArrayList<>();
        EventPublisher publisher = new EventPublisher(() -> {
            synchronized (unfollow) {
                unfollow.forEach(Runnable::run);
            }
        }, missed);
        LiveListener l = listener.apply(publisher);
        synchronized (unfollow) {
            for (Map.Entry<Kind, Long> t : followed) unfollow.add(hub.follow(t.getKey(), t.getValue(), l));
        }
        return publisher;
    }

    /** A listener that hands its events to one subscription's publisher, and tells it when the hub dropped work. */
    private abstract static class Forward implements LiveListener {
        final EventPublisher publisher;

        Forward(EventPublisher publisher) { this.publisher = publisher; }

        @Override
        public void missed(long count) { publisher.missed(count); }
    }

    private static List<String> slugs(DataFetchingEnvironment env, String argument) {
        List<String> slugs = env.getArgument(argument);
        if (slugs == null || slugs.isEmpty() || slugs.size() > 100) throw FeedlineException.invalidField(argument, "1 to 100 slugs");
        return slugs;
    }

    private static Map<String, Object> pointRow(JsonNode record, String committed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("stream", record.path("stream").asText());
        r.put("device_slug", record.path("device").isTextual() ? record.get("device").asText() : null);
        r.put("timestamp", record.path("timestamp").asText());
        JsonNode value = record.path("value");
        r.put("value", value.isNumber() ? value.asDouble() : null);
        r.put("text", value.isTextual() ? value.asText() : null);
        r.put("int_value", record.path("int_value").isNumber() ? record.get("int_value").asDouble() : null);
        r.put("status", record.path("status").asText(null));
        r.put("committed", committed);
        return r;
    }
}
