package dev.feedline.core.port;

import dev.feedline.model.AliasTap;
import dev.feedline.model.StreamAlias;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stream aliases and their taps; deleting an alias deletes its taps, deleting a stream deletes the taps that read it. */
public interface AliasRepository {
    StreamAlias create(long orgId, String name, Instant now, Long createdBy);
    Optional<StreamAlias> byId(long id);
    Page<StreamAlias> list(Collection<Long> orgIds, PageRequest page);
    void rename(long id, String name);
    void delete(long id);

    AliasTap createTap(long aliasId, long timestampMicros, long streamId, Instant now, Long createdBy);
    Optional<AliasTap> tap(long id);
    /** Taps of these aliases, by alias then timestamp then id. */
    Page<AliasTap> taps(Collection<Long> aliasIds, PageRequest page);
    /** The taps of one alias in time order (ties: the later tap wins, see core's TapRanges). */
    List<AliasTap> tapsOf(long aliasId);
    void updateTap(AliasTap tap);
    void deleteTap(long id);
}
