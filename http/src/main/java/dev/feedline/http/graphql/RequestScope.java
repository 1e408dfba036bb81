package dev.feedline.http.graphql;

import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one GraphQL request's resolvers share: the authenticated caller (every resolver passes it to a core use case,
 * which decides access), the limits, the count of objects returned so far and a memo of the caller's orgs and projects
 * (read once per request, so rows can name their org's and project's slugs without a query each).
 */
final class RequestScope {
    private final Services services;
    private final Caller caller;
    private final GraphQlLimits limits;
    private final long deadlineNanos;
    private final AtomicInteger objects = new AtomicInteger();
    private final Rows rows = new Rows(this);
    private Map<Long, Org> orgs;
    private Map<Long, Project> projects;
    private final Map<Long, Boolean> online = new ConcurrentHashMap<>();
    private final boolean live;

    /**
     * @param live a subscription: the scope lasts as long as it, so nothing it reads is kept for later events (each
     *             event's rows are read afresh, batched within the event)
     */
    RequestScope(Services services, Caller caller, GraphQlLimits limits, boolean live) {
        this.services = services;
        this.caller = caller;
        this.limits = limits;
        this.live = live;
        this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
    }

    Services services() { return services; }
    Caller caller() { return caller; }
    GraphQlLimits limits() { return limits; }
    Rows rows() { return rows; }

    /** Fails the rest of the request once it has run longer than graphql.timeout.millis; checked before every field. */
    void checkDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new FeedlineException(ErrorKind.TIMEOUT, "the query ran longer than " + limits.timeout().toMillis() + " ms (graphql.timeout.millis)");
        }
    }

    /** Counts n more objects in the answer; past graphql.max.objects the request fails rather than answer an unbounded result. */
    void count(int n) {
        if (objects.addAndGet(n) > limits.maxObjects()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "the answer would hold more than " + limits.maxObjects()
                    + " objects (graphql.max.objects); ask for fewer with limit or where");
        }
    }

    /**
     * Learns, in one call, which of these objects' devices are online (in a cluster: one question to the other nodes
     * for all of them), so their rows — and where, order_by and _aggregate on online — do not ask device by device.
     */
    void learnPresence(Collection<?> objects) {
        if (live) return;
        List<Long> unknown = new ArrayList<>();
        for (Object o : objects) if (o instanceof Device d && !online.containsKey(d.id())) unknown.add(d.id());
        if (unknown.isEmpty()) return;
        Set<Long> connected = services.presence().online(unknown);
        for (long id : unknown) online.put(id, connected.contains(id));
    }

    /** Whether the device is online: as learnt for its list, or asked now (always now in a subscription). */
    boolean online(long deviceId) {
        return live ? services.presence().online(deviceId) : online.computeIfAbsent(deviceId, id -> services.presence().online(id));
    }

    /** Whether this is a subscription's scope (see the constructor). */
    boolean live() { return live; }

    synchronized Map<Long, Org> orgs() {
        if (orgs == null) orgs = services.orgs().list(caller).stream().collect(Collectors.toMap(Org::id, Function.identity()));
        return orgs;
    }

    synchronized Map<Long, Project> projects() {
        if (projects == null) {
            projects = services.projects().list(caller, null, PageRequest.ALL).items().stream().collect(Collectors.toMap(Project::id, Function.identity()));
        }
        return projects;
    }
}
