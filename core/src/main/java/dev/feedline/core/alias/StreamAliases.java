package dev.feedline.core.alias;

import dev.feedline.core.AcceptedTimes;
import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.AliasTap;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.StreamAlias;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream aliases (a-- slugs) and their taps. An alias belongs to an org; each tap points it at a stream of that
 * same org from a timestamp on. Viewers of the org read them, admins (who manage streams) change them. Reading an
 * alias's data goes through {@link #slices}: the streams and sub-ranges that serve a query range.
 */
public final class StreamAliases {
    private final MetadataStore store;
    private final Lookup lookup;
    private final Text text;
    private final AcceptedTimes times;
    private final Clock clock;

    public StreamAliases(MetadataStore store, Lookup lookup, Text text, AcceptedTimes times, Clock clock) {
        this.store = store;
        this.lookup = lookup;
        this.text = text;
        this.times = times;
        this.clock = clock;
    }

    /** The alias the slug names, if the caller holds at least min in its org; NOT_FOUND otherwise (also for a malformed slug). */
    public StreamAlias get(Caller caller, String slug, Role min) {
        Long id = Slugs.parseAlias(slug);
        StreamAlias alias = (id == null ? java.util.Optional.<StreamAlias>empty() : store.aliases().byId(id))
                .orElseThrow(() -> FeedlineException.notFound("alias"));
        lookup.access().require(caller, alias.orgId(), min, "alias");
        return alias;
    }

    /** Aliases of the caller's orgs, or of one org (?org=slug). */
    public Page<StreamAlias> list(Caller caller, String orgSlug, PageRequest page) {
        List<Long> orgs = orgSlug == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        return store.aliases().list(orgs, page);
    }

    public StreamAlias create(Caller caller, String orgSlug, String name) {
        if (orgSlug == null) throw FeedlineException.invalidField("org", "this field is required");
        Org org = lookup.org(caller, orgSlug, Role.ADMIN);
        String clean = text.required("name", name);
        return store.aliases().create(org.id(), clean, clock.instant(), lookup.access().user(caller).id());
    }

    public StreamAlias rename(Caller caller, String slug, String name) {
        StreamAlias a = get(caller, slug, Role.ADMIN);
        if (name == null) return a;
        store.aliases().rename(a.id(), text.required("name", name));
        return store.aliases().byId(a.id()).orElseThrow();
    }

    /** Deletes the alias with its taps; the streams and their data stay. */
    public void delete(Caller caller, String slug) { store.aliases().delete(get(caller, slug, Role.ADMIN).id()); }

    /** A tap by id, if the caller may read (min) its alias; NOT_FOUND otherwise. */
    public AliasTap tap(Caller caller, long id, Role min) {
        AliasTap tap = store.aliases().tap(id).orElseThrow(() -> FeedlineException.notFound("tap"));
        StreamAlias alias = store.aliases().byId(tap.aliasId()).orElseThrow(() -> FeedlineException.notFound("tap"));
        lookup.access().require(caller, alias.orgId(), min, "tap");
        return tap;
    }

    /** Taps of one alias (?target=a--…), or of every alias the caller can read. */
    public Page<AliasTap> taps(Caller caller, String aliasSlug, PageRequest page) {
        if (aliasSlug != null) return store.aliases().taps(List.of(get(caller, aliasSlug, Role.VIEWER).id()), page);
        List<Long> aliasIds = store.aliases().list(lookup.access().orgIds(caller), PageRequest.ALL).items().stream().map(StreamAlias::id).toList();
        return store.aliases().taps(aliasIds, page);
    }

    public AliasTap createTap(Caller caller, String aliasSlug, Instant timestamp, String streamSlug) {
        if (aliasSlug == null) throw FeedlineException.invalidField("alias", "this field is required");
        if (timestamp == null) throw FeedlineException.invalidField("timestamp", "this field is required");
        if (streamSlug == null) throw FeedlineException.invalidField("stream", "this field is required");
        StreamAlias alias = get(caller, aliasSlug, Role.ADMIN);
        long ts = times.micros("timestamp", timestamp);
        Stream stream = streamOfOrg(caller, streamSlug, alias);
        return store.aliases().createTap(alias.id(), ts, stream.id(), clock.instant(), lookup.access().user(caller).id());
    }

    /** Changes a tap's alias, timestamp or stream (null: unchanged); the stream must still be in the alias's org. */
    public AliasTap updateTap(Caller caller, long id, String aliasSlug, Instant timestamp, String streamSlug) {
        AliasTap tap = tap(caller, id, Role.ADMIN);
        StreamAlias alias = aliasSlug != null ? get(caller, aliasSlug, Role.ADMIN) : store.aliases().byId(tap.aliasId()).orElseThrow();
        long ts = timestamp != null ? times.micros("timestamp", timestamp) : tap.timestampMicros();
        long streamId = tap.streamId();
        if (streamSlug != null) {
            streamId = streamOfOrg(caller, streamSlug, alias).id();
        } else if (alias.id() != tap.aliasId()) {
            Stream current = store.streams().byId(tap.streamId()).orElseThrow(() -> FeedlineException.notFound("stream"));
            if (current.orgId() != alias.orgId()) throw FeedlineException.invalidField("stream", "the stream is not in the org of the alias");
        }
        AliasTap updated = new AliasTap(tap.id(), alias.id(), ts, streamId, tap.createdOn(), tap.createdBy());
        store.aliases().updateTap(updated);
        return updated;
    }

    public void deleteTap(Caller caller, long id) { store.aliases().deleteTap(tap(caller, id, Role.ADMIN).id()); }

    /**
     * The stream must be one the caller can read and of the alias's org: a stream of another org is refused as
     * INVALID when the caller can see it, and as NOT_FOUND (like any foreign object) when not.
     */
    private Stream streamOfOrg(Caller caller, String streamSlug, StreamAlias alias) {
        Stream stream = lookup.stream(caller, streamSlug, Role.VIEWER);
        if (stream.orgId() != alias.orgId()) throw FeedlineException.invalidField("stream", "the stream is not in the org of the alias");
        return stream;
    }

    /** A stream and the part of a query range it serves for an alias. */
    public record Slice(Stream stream, TimeRange range) {}

    /** The streams and sub-ranges that serve the alias over range, in time order (see {@link TapRanges}). */
    public List<Slice> slices(Caller caller, String aliasSlug, TimeRange range) {
        StreamAlias alias = get(caller, aliasSlug, Role.VIEWER);
        List<TapRanges.Slice> split = TapRanges.split(store.aliases().tapsOf(alias.id()), range);
        Map<Long, Stream> streams = new LinkedHashMap<>();
        List<Slice> out = new ArrayList<>(split.size());
        for (TapRanges.Slice s : split) {
            Stream stream = streams.computeIfAbsent(s.streamId(), id -> store.streams().byId(id).orElseThrow());
            out.add(new Slice(stream, s.range()));
        }
        return out;
    }
}
