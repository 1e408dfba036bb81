package dev.feedline.core.annotate;

import dev.feedline.core.Limits;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.stream.StreamService;
import dev.feedline.core.stream.StreamTarget;
import dev.feedline.model.Event;
import dev.feedline.model.Role;
import dev.feedline.model.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Events: complex data items of a stream, a JSON summary plus an optional file (an image, a
 * waveform) kept in the FileStore. The file is written before the event row, so an event never
 * points at a missing file; a failed row write removes the file again.
 */
public final class EventService {
    private final MetadataStore store;
    private final FileStore files;
    private final StreamService streams;
    private final DataService data;
    private final Lookup lookup;
    private final Limits limits;
    private final dev.feedline.core.Text text;

    public EventService(MetadataStore store, FileStore files, StreamService streams, DataService data, Lookup lookup, Limits limits) {
        this.store = store;
        this.files = files;
        this.streams = streams;
        this.data = data;
        this.lookup = lookup;
        this.limits = limits;
        this.text = new dev.feedline.core.Text(limits);
    }

    public record NewEvent(String stream, Instant timestamp, String extraDataJson, Long deviceTimestamp, Long streamerLocalId, String status) {}

    public record Attachment(InputStream content, String ext) {}

    public record Stored(Event event, Stream stream) {}

    /**
     * Stores events without files, all or none. Every event is checked, and its stream found, before the one
     * transaction that writes them; a stream's first data creates it (like points) inside that transaction,
     * so a refused or failed request leaves no stream behind.
     */
    public List<Stored> create(Caller caller, List<NewEvent> events) {
        List<Event> checked = events.stream().map(e -> toEvent(e, null, null)).toList();
        List<StreamTarget> targets = events.stream().map(e -> writable(caller, e.stream())).toList();
        return store.inTransaction(() -> {
            Map<String, Stream> created = new HashMap<>();
            List<Stored> stored = new ArrayList<>(checked.size());
            for (int i = 0; i < checked.size(); i++) {
                Stream stream = streamOf(targets.get(i), created);
                stored.add(new Stored(store.events().create(withStream(checked.get(i), stream.id())), stream));
            }
            return stored;
        });
    }

    /**
     * Stores one event with its attached file. The file is written first so an event never points at a missing
     * file; the event (and its stream, on first data) is then created in one transaction, and the file is
     * deleted again if that fails.
     */
    public Stored upload(Caller caller, NewEvent in, Attachment attachment) {
        StreamTarget target = writable(caller, in.stream());
        String ext = cleanExt(attachment.ext());
        String key = "events/" + java.util.UUID.randomUUID() + (ext == null ? "" : "." + ext);
        Event event = toEvent(in, key, ext);
        try {
            files.put(key, attachment.content(), limits.maxFileBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return store.inTransaction(() -> {
                Stream stream = streamOf(target, new HashMap<>());
                return new Stored(store.events().create(withStream(event, stream.id())), stream);
            });
        } catch (RuntimeException e) {
            deleteQuietly(key);
            throw e;
        }
    }

    /** The target's stream, created in the current transaction on first data (once per request: created remembers it). */
    private static Stream streamOf(StreamTarget target, Map<String, Stream> created) {
        if (target instanceof StreamTarget.Existing e) return e.stream();
        StreamTarget.New fresh = (StreamTarget.New) target;
        return created.computeIfAbsent(fresh.key(), k -> fresh.create().get());
    }

    private Event toEvent(NewEvent in, String fileKey, String ext) {
        if (in.timestamp() == null) throw FeedlineException.invalidField("timestamp", "this field is required");
        if (in.extraDataJson() != null && in.extraDataJson().length() > limits.maxValueLength()) {
            throw FeedlineException.invalidField("extra_data", "longer than " + limits.maxValueLength() + " characters");
        }
        long ts = DataService.checkedMicros(in.timestamp(), limits, DataService.micros(data.now().plus(limits.maxFutureSkew())));
        return new Event(0, 0, ts, in.extraDataJson() == null ? "{}" : in.extraDataJson(),
                fileKey, ext, in.deviceTimestamp(), in.streamerLocalId(), text.optional("status", in.status()));
    }

    private static Event withStream(Event e, long streamId) {
        return new Event(e.id(), streamId, e.timestampMicros(), e.extraData(), e.fileKey(), e.ext(), e.deviceTimestamp(), e.streamerLocalId(), e.status());
    }

    private StreamTarget writable(Caller caller, String slug) {
        if (slug == null) throw FeedlineException.invalidField("stream", "this field is required");
        if (caller instanceof Caller.Anonymous) throw FeedlineException.unauthenticated("authentication credentials were not provided");
        return streams.targetForIngest(slug, (orgId, deviceId) -> {
            if (caller instanceof Caller.DeviceCaller d) {
                if (d.device().id() != deviceId || d.device().orgId() != orgId) throw FeedlineException.notFound("stream " + slug);
            } else {
                if (!lookup.access().isMember(caller, orgId)) throw FeedlineException.notFound("stream " + slug);
                lookup.access().require(caller, orgId, Role.MEMBER, "stream");
            }
        });
    }

    private static String cleanExt(String ext) {
        if (ext == null || ext.isBlank()) return null;
        String e = ext.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return e.isEmpty() ? null : e.substring(0, Math.min(10, e.length()));
    }

    private void deleteQuietly(String key) {
        try {
            files.delete(key);
        } catch (IOException ignored) {
            // Best effort: an orphaned file wastes space but is never referenced.
        }
    }

    public record EventPage(List<Event> events, long total, Map<Long, Stream> streams) {}

    public EventPage list(Caller caller, String filter, TimeRange range, PageRequest page) {
        Map<Long, Stream> byId = data.streamsFor(caller, filter);
        if (byId.isEmpty()) return new EventPage(List.of(), 0, byId);
        Page<Event> events = store.events().list(byId.keySet(), range, page);
        return new EventPage(events.items(), events.total(), byId);
    }

    public Stored get(Caller caller, long id) {
        Event event = store.events().byId(id).orElseThrow(() -> FeedlineException.notFound("event"));
        Stream stream = store.streams().byId(event.streamId()).orElseThrow(() -> FeedlineException.notFound("event"));
        lookup.access().require(caller, stream.orgId(), Role.VIEWER, "event");
        return new Stored(event, stream);
    }

    /** The attached file, if the event has one. */
    public Optional<InputStream> file(Caller caller, long id) {
        Event event = get(caller, id).event();
        if (event.fileKey() == null) return Optional.empty();
        try {
            return files.open(event.fileKey());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
