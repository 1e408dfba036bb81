package dev.feedline.core.port;

import dev.feedline.model.ConfigAttribute;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Config attributes keyed by (target, name). */
public interface ConfigRepository {
    /** Inserts or replaces; data is JSON text. */
    ConfigAttribute upsert(String target, String name, String data, long updatedBy, Instant now);

    /**
     * Inserts or replaces the same attributes on many targets (a firmware announcement to a fleet), in JDBC batches
     * rather than a statement per attribute; the stored attributes by target.
     */
    java.util.Map<String, List<ConfigAttribute>> upsertAll(List<String> targets, java.util.Map<String, String> values, long updatedBy, Instant now);

    Optional<ConfigAttribute> byId(long id);
    Optional<ConfigAttribute> find(String target, String name);

    /** Ordered by name. */
    List<ConfigAttribute> byTarget(String target);

    void delete(long id);

    /** Deletes every attribute of the target (its device or project was deleted). */
    void deleteByTarget(String target);
}
