package dev.feedline.core.port;

import dev.feedline.model.Property;
import java.util.List;
import java.util.Optional;

/** Name/value properties on a target slug (d-- or p--). */
public interface PropertyRepository {
    /** Inserts or replaces the property named name on target. */
    Property upsert(long orgId, String target, String name, String type, String value, boolean system);

    Optional<Property> byId(long id);

    /** Ordered by name. */
    List<Property> byTarget(String target);

    void delete(long id);

    void deleteByTarget(String target);
}
