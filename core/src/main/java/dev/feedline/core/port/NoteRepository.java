package dev.feedline.core.port;

import dev.feedline.model.StreamNote;
import java.time.Instant;

public interface NoteRepository {
    StreamNote create(long orgId, String target, Instant timestamp, String note, String type, long userId, Instant now);

    /** Notes of the target in the range ordered by timestamp. */
    Page<StreamNote> list(String target, TimeRange range, PageRequest page);
}
