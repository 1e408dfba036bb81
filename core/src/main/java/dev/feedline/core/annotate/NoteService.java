package dev.feedline.core.annotate;

import dev.feedline.core.AcceptedTimes;
import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.NoteRepository;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.Role;
import dev.feedline.model.StreamNote;
import java.time.Clock;
import java.time.Instant;

/** Notes on a stream, device or project: logs and user comments. */
public final class NoteService {
    private final MetadataStore store;
    private final NoteRepository notes;
    private final Lookup lookup;
    private final Text text;
    private final AcceptedTimes times;
    private final Clock clock;

    public NoteService(MetadataStore store, Lookup lookup, Text text, AcceptedTimes times, Clock clock) {
        this.store = store;
        this.notes = store.notes();
        this.lookup = lookup;
        this.text = text;
        this.times = times;
        this.clock = clock;
    }

    public StreamNote create(Caller caller, String target, Instant timestamp, String note) {
        Target t = Target.resolve(lookup, caller, target, Role.MEMBER);
        if (t.orgId() == null) throw FeedlineException.invalidField("target", "notes belong to a stream, device or project");
        Instant now = clock.instant();
        times.micros("timestamp", timestamp);
        return notes.create(t.orgId(), t.slug(), timestamp == null ? now : timestamp, text.required("note", note), "ui",
                lookup.access().user(caller).id(), now);
    }

    /** A note to create; timestamp null means now. */
    public record NewNote(String target, Instant timestamp, String note) {}

    /** Creates all the notes, or none when one of them is refused. */
    public java.util.List<StreamNote> createAll(Caller caller, java.util.List<NewNote> notes) {
        return store.inTransaction(() -> notes.stream().map(n -> create(caller, n.target(), n.timestamp(), n.note())).toList());
    }

    public Page<StreamNote> list(Caller caller, String target, TimeRange range, PageRequest page) {
        return notes.list(Target.resolve(lookup, caller, target, Role.VIEWER).slug(), range, page);
    }
}
