package dev.feedline.core.port;

import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface StreamRepository {
    /**
     * Returns the stream with this slug, creating it if absent. Safe under concurrency: two callers
     * racing on one slug get the same stream.
     */
    Stream createIfAbsent(String slug, long orgId, long projectId, long deviceId, long variableId,
                          String dataLabel, ValueType valueType, Instant now);

    Optional<Stream> byId(long id);
    Optional<Stream> bySlug(String slug);

    /** Streams of these orgs ordered by id, optionally narrowed to a project, device (0 = virtual) or variable. */
    Page<Stream> list(Collection<Long> orgIds, Long projectId, Long deviceId, Long variableId, PageRequest page);

    List<Stream> byDevice(long deviceId);

    /** Stores dataLabel, valueType and enabled. */
    void update(Stream stream);

    void delete(long streamId);
}
