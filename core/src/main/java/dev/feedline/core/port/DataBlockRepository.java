package dev.feedline.core.port;

import dev.feedline.model.DataBlock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Data blocks (device archives) and the moves that fill and empty them. */
public interface DataBlockRepository {
    /**
     * Creates the device's next block (number = its highest + 1) in state ARCHIVING; CONFLICT when the device already
     * has a block ARCHIVING (it is busy) or another request took the number at the same time.
     */
    DataBlock create(long orgId, long deviceId, Long projectId, String title, String description, long createdBy, Instant now);

    Optional<DataBlock> byId(long id);

    Optional<DataBlock> find(long deviceId, int number);

    /** Blocks of these orgs ordered by device then number, optionally narrowed to a device or a project. */
    Page<DataBlock> list(Collection<Long> orgIds, Long deviceId, Long projectId, PageRequest page);

    List<DataBlock> byDevice(long deviceId);

    /** Whether the device has a block ARCHIVING. */
    boolean busy(long deviceId);

    /**
     * Stores state, pid and completedOn (the jobs' part). Title and description are left alone: a rename while a
     * job runs must survive the job's update, and the job's state must survive the rename.
     */
    void update(DataBlock block);

    /** Stores a new title and description (the user's part), nothing else. */
    void rename(long id, String title, String description);

    /**
     * Moves the device's data to the block, in the caller's transaction: every stream of the device is re-keyed to the
     * block (slug and device id; its points, events and rollups follow its id), and a fresh empty stream takes the old
     * slug of each one in the device's current project; notes of those streams and the device's user notes follow,
     * the device's locations are marked as the block's, user properties move and system properties are copied.
     * Returns the ids of the re-keyed streams.
     */
    List<Long> moveDeviceData(DataBlock block, Long currentProjectId, Instant now);

    /** Deletes the notes and properties of the block and of its streams (their slugs), in the caller's transaction. */
    void deleteAnnotations(DataBlock block, Collection<String> streamSlugs);

    /** Deletes the block row (its locations go with it). */
    void delete(long id);

    /** Deletes the block row only while it is ARCHIVING (in one statement, so a concurrent move's commit wins); whether it did. */
    boolean deleteIfArchiving(long id);
}
