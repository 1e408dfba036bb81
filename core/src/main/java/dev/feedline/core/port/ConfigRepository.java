package dev.feedline.core.port;

import dev.feedline.model.ConfigAttribute;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Config attributes keyed by (target, name). */
public interface ConfigRepository {
    /** Inserts or replaces; data is JSON text. */
    ConfigAttribute upsert(String target, String name, String data, long updatedBy, Instant now);

    Optional<ConfigAttribute> byId(long id);
    Optional<ConfigAttribute> find(String target, String name);

    /** Ordered by name. */
    List<ConfigAttribute> byTarget(String target);

    void delete(long id);

    /** Deletes every attribute of the target (its device or project was deleted). */
    void deleteByTarget(String target);
}
