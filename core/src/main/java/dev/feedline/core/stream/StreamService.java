package dev.feedline.core.stream;

import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.Device;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import dev.feedline.model.Variable;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams: one per project + device + variable (device 0 for a virtual project stream). Ingest
 * resolves a stream slug on every point, so resolved streams are cached here, keyed by the canonical
 * slug (clients may send short or upper-case forms of it); every change to a stream goes through this
 * class and evicts it.
 */
public final class StreamService {
    private static final int CACHE_LIMIT = 100_000;
    private final MetadataStore store;
    private final TimeSeriesStore timeSeries;
    private final Lookup lookup;
    private final Text text;
    private final Clock clock;
    private final Map<String, Stream> bySlug = new ConcurrentHashMap<>();
    private final Map<String, Stream> byDeviceKey = new ConcurrentHashMap<>();
    private final Map<Long, Stream> byIdCache = new ConcurrentHashMap<>();
    private final Events events;

    /** @param events where every eviction is published ({@link DomainEvent.StreamsChanged}), for the caches of other nodes */
    public StreamService(MetadataStore store, TimeSeriesStore timeSeries, Lookup lookup, Text text, Clock clock, Events events) {
        this.events = events;
        this.store = store;
        this.timeSeries = timeSeries;
        this.lookup = lookup;
        this.text = text;
        this.clock = clock;
    }

    /** The stream of project + device + variable, created if absent. */
    public Stream ensure(Project project, long deviceId, Variable variable) {
        String slug = Slugs.stream(project.gid(), deviceId, variable.lid());
        return store.streams().createIfAbsent(slug, project.orgId(), project.id(), deviceId, variable.id(),
                variable.name(), ValueType.NUMERIC, clock.instant());
    }

    /** Creates a stream of a variable, for a device of its project or (no device) a virtual one. */
    public Stream create(Caller caller, String variableSlug, String deviceSlug, String dataLabel, ValueType type) {
        if (variableSlug == null) throw FeedlineException.invalidField("variable", "this field is required");
        Variable variable = lookup.variable(caller, variableSlug, Role.ADMIN);
        Project project = store.projects().byId(variable.projectId()).orElseThrow();
        long deviceId = 0;
        if (deviceSlug != null) {
            Device device = lookup.device(caller, deviceSlug, Role.ADMIN);
            if (device.projectId() == null || device.projectId() != project.id()) {
                throw FeedlineException.invalidField("device", "the device is not claimed into the variable's project");
            }
            deviceId = device.id();
        }
        String slug = Slugs.stream(project.gid(), deviceId, variable.lid());
        if (store.streams().bySlug(slug).isPresent()) throw FeedlineException.invalid("stream " + slug + " already exists");
        return store.streams().createIfAbsent(slug, project.orgId(), project.id(), deviceId, variable.id(),
                dataLabel == null ? variable.name() : text.optional("data_label", dataLabel),
                type == null ? ValueType.NUMERIC : type, clock.instant());
    }

    /** blockSlug narrows to a data block's streams (a b-- deviceSlug does too, as IOTile clients send it). */
    public record Filter(String projectRef, String deviceSlug, String variableSlug, boolean virtualOnly, String blockSlug) {}

    public Page<Stream> list(Caller caller, Filter filter, PageRequest page) {
        Long projectId = null, deviceId = null, variableId = null;
        List<Long> orgIds = lookup.access().orgIds(caller);
        if (filter.projectRef() != null) projectId = lookup.project(caller, filter.projectRef(), Role.VIEWER).id();
        if (filter.deviceSlug() != null) {
            deviceId = filter.deviceSlug().regionMatches(true, 0, "b--", 0, 3)
                    ? lookup.block(caller, filter.deviceSlug(), Role.VIEWER).key() : lookup.device(caller, filter.deviceSlug(), Role.VIEWER).id();
        }
        if (filter.blockSlug() != null) deviceId = lookup.block(caller, filter.blockSlug(), Role.VIEWER).key();
        if (filter.virtualOnly()) deviceId = 0L;
        if (filter.variableSlug() != null) variableId = lookup.variable(caller, filter.variableSlug(), Role.VIEWER).id();
        return store.streams().list(orgIds, projectId, deviceId, variableId, page);
    }

    public Stream get(Caller caller, String slug, Role min) { return lookup.stream(caller, slug, min); }

    public Stream update(Caller caller, String slug, String dataLabel, ValueType type, Boolean enabled) {
        Stream s = lookup.stream(caller, slug, Role.ADMIN);
        Stream updated = new Stream(s.id(), s.slug(), s.orgId(), s.projectId(), s.deviceId(), s.variableId(),
                dataLabel == null ? s.dataLabel() : text.optional("data_label", dataLabel),
                type == null ? s.valueType() : type, enabled == null ? s.enabled() : enabled, s.createdOn());
        store.streams().update(updated);
        bySlug.remove(s.slug());
        byIdCache.remove(s.id());
        events.publish(new DomainEvent.StreamsChanged(List.of(s.id())));
        return updated;
    }

    public void delete(Caller caller, String slug) {
        deleteAll(List.of(lookup.stream(caller, slug, Role.ADMIN)));
    }

    /** Deletes streams with their data points. */
    public void deleteAll(List<Stream> streams) {
        for (Stream s : streams) {
            bySlug.remove(s.slug());
            byDeviceKey.values().removeIf(cached -> cached.id() == s.id());
            byIdCache.remove(s.id());
            timeSeries.deleteStream(s.id());
            store.streams().delete(s.id());
        }
        if (!streams.isEmpty()) events.publish(new DomainEvent.StreamsChanged(streams.stream().map(Stream::id).toList()));
    }

    /** The stream with this id, or null if there is none; served from the cache when it can be. */
    public Stream byId(long id) {
        Stream cached = byIdCache.get(id);
        if (cached != null) return cached;
        Stream found = store.streams().byId(id).orElse(null);
        if (found != null) {
            if (byIdCache.size() >= CACHE_LIMIT) byIdCache.clear();
            byIdCache.put(id, found);
        }
        return found;
    }

    /**
     * Streams whose slug or device id changed underneath the caches (re-keyed into a data block): forgotten here and,
     * through the published event, on the other nodes.
     */
    public void rekeyed(List<Long> streamIds) {
        if (streamIds.isEmpty()) return;
        DomainEvent.StreamsChanged event = new DomainEvent.StreamsChanged(streamIds);
        changed(event);
        events.publish(event);
    }

    /** Forgets cached streams, e.g. after a project or device changed underneath them. */
    public void evictAll() {
        clearCaches();
        events.publish(new DomainEvent.StreamsChanged(List.of()));
    }

    /**
     * Streams changed elsewhere (another node, as a relayed {@link DomainEvent.StreamsChanged}): their cached copies
     * are forgotten, all of them when the list is empty. Publishes nothing.
     */
    public void changed(DomainEvent.StreamsChanged event) {
        if (event.streamIds().isEmpty()) {
            clearCaches();
            return;
        }
        java.util.Set<Long> ids = java.util.Set.copyOf(event.streamIds());
        bySlug.values().removeIf(cached -> ids.contains(cached.id()));
        byDeviceKey.values().removeIf(cached -> ids.contains(cached.id()));
        ids.forEach(byIdCache::remove);
    }

    private void clearCaches() {
        bySlug.clear();
        byDeviceKey.clear();
        byIdCache.clear();
    }

    /**
     * Where a claimed device's telemetry key goes: its stream when the key's variable and stream exist, else
     * a {@link StreamTarget.New} that creates them with the points (variable with the next free lid). Only
     * reads. Access is not checked here.
     */
    public StreamTarget targetForDeviceKey(Device device, String key) {
        String cacheKey = device.id() + "/" + device.projectId() + "/" + key;
        Stream cached = byDeviceKey.get(cacheKey);
        if (cached != null) return new StreamTarget.Existing(cached);
        Project project = store.projects().byId(device.projectId()).orElseThrow(() -> FeedlineException.notFound("project"));
        Stream existing = store.variables().byName(project.id(), key)
                .flatMap(v -> store.streams().bySlug(Slugs.stream(project.gid(), device.id(), v.lid()))).orElse(null);
        if (existing == null) {
            // Not cached: the transaction that creates it may still fail.
            return new StreamTarget.New(project.orgId(), device.id(), "key:" + key, () -> {
                Variable variable = store.variables().byName(project.id(), key).orElseGet(() -> createNamedVariable(project, key));
                return ensure(project, device.id(), variable);
            });
        }
        if (byDeviceKey.size() >= CACHE_LIMIT) byDeviceKey.clear();
        byDeviceKey.put(cacheKey, existing);
        return new StreamTarget.Existing(existing);
    }

    /**
     * The virtual stream (no device) of a project for a variable name, both created on first use: how
     * a feed of the Adafruit IO dialect gets its stream. Access is not checked here.
     */
    public Stream forVirtualKey(Project project, String name) {
        Variable variable = store.variables().byName(project.id(), name).orElseGet(() -> createNamedVariable(project, name));
        return ensure(project, 0, variable);
    }

    private Variable createNamedVariable(Project project, String name) {
        try {
            int lid = store.variables().byProject(project.id()).stream().mapToInt(Variable::lid)
                    .filter(l -> l >= VariableService.FIRST_USER_LID).max().orElse(VariableService.FIRST_USER_LID - 1) + 1;
            if (lid > Variable.MAX_LID) throw FeedlineException.invalid("project " + project.slug() + " has no free variable id left");
            return store.variables().create(project.id(), lid, name, null, null, clock.instant());
        } catch (FeedlineException e) {
            // Another request created it (or took that lid) concurrently.
            return store.variables().byName(project.id(), name).orElseThrow(() -> e);
        }
    }

    /** Decides whether a caller may write to a stream of orgId and deviceId (0: virtual); throws if not. */
    @FunctionalInterface
    public interface WriteCheck {
        void check(long orgId, long deviceId);
    }

    /**
     * Where a point with this slug goes: the stream, or (first data) a {@link StreamTarget.New} that creates it
     * with the points, and its variable when the lid is unknown (named by the lid). Only reads. The project and
     * device must exist (NOT_FOUND otherwise) and the device must be claimed into the project; {@code mayWrite}
     * decides before anything else is looked at.
     */
    public StreamTarget targetForIngest(String rawSlug, WriteCheck mayWrite) {
        // Normalize before the cache: eviction knows only the canonical slug, so a cache keyed by what the
        // client sent would keep resolving another spelling of a deleted stream to its old id.
        Slugs.StreamRef ref = Slugs.parseStream(rawSlug);
        if (ref == null) throw FeedlineException.notFound("stream " + rawSlug);
        if (Slugs.isBlockKey(ref.deviceId())) {
            // An archive is read-only; a foreign or unknown block's stream is refused the same way, so this tells nothing.
            throw FeedlineException.invalidField("stream", "stream " + ref.slug() + " belongs to a data block, which is read-only");
        }
        Stream cached = bySlug.get(ref.slug());
        if (cached != null) {
            mayWrite.check(cached.orgId(), cached.deviceId());
            return new StreamTarget.Existing(cached);
        }
        Stream stream = store.streams().bySlug(ref.slug()).orElse(null);
        if (stream == null) {
            Project project = store.projects().byGid(ref.projectGid()).orElseThrow(() -> FeedlineException.notFound("project of stream " + ref.slug()));
            mayWrite.check(project.orgId(), ref.deviceId());
            checkDeviceOf(project, ref);
            // Not cached: the transaction that creates it may still fail.
            return new StreamTarget.New(project.orgId(), ref.deviceId(), ref.slug(), () -> createOnFirstData(project, ref));
        }
        mayWrite.check(stream.orgId(), stream.deviceId());
        if (bySlug.size() >= CACHE_LIMIT) bySlug.clear();
        bySlug.put(ref.slug(), stream);
        return new StreamTarget.Existing(stream);
    }

    private void checkDeviceOf(Project project, Slugs.StreamRef ref) {
        if (ref.deviceId() == 0) return;
        Device device = store.devices().byId(ref.deviceId()).orElseThrow(() -> FeedlineException.notFound("device of stream " + ref.slug()));
        if (device.projectId() == null || device.projectId() != project.id()) {
            throw FeedlineException.notFound("device " + device.slug() + " in project " + project.slug());
        }
    }

    private Stream createOnFirstData(Project project, Slugs.StreamRef ref) {
        checkDeviceOf(project, ref);
        Variable variable = store.variables().byLid(project.id(), ref.lid()).orElseGet(() -> createVariable(project, ref.lid()));
        return ensure(project, ref.deviceId(), variable);
    }

    private Variable createVariable(Project project, int lid) {
        String name = String.format("%04x", lid);
        try {
            return store.variables().create(project.id(), lid, name, null, null, clock.instant());
        } catch (FeedlineException e) {
            // Another request created it concurrently.
            return store.variables().byLid(project.id(), lid).orElseThrow(() -> e);
        }
    }
}
