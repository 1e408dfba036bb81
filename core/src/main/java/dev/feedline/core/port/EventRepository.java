package dev.feedline.core.port;

import dev.feedline.model.Event;
import java.util.Collection;
import java.util.Optional;

public interface EventRepository {
    /** Stores the event (its id is ignored) and returns it with its new id. */
    Event create(Event event);

    Optional<Event> byId(long id);

    /** Events of these streams in the range ordered by timestamp, then id. */
    Page<Event> list(Collection<Long> streamIds, TimeRange range, PageRequest page);
}
