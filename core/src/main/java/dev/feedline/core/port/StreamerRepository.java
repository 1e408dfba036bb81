package dev.feedline.core.port;

import dev.feedline.model.Streamer;
import dev.feedline.model.StreamerReport;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Streamers of devices and the reports uploaded from them. */
public interface StreamerRepository {
    /** Creates the device's streamer with last id 0; CONFLICT when (device, index) exists. */
    Streamer create(long orgId, long deviceId, int index, int selector, boolean isSystem, Instant now);

    Optional<Streamer> byId(long id);

    Optional<Streamer> find(long deviceId, int index);

    /** Streamers of these orgs ordered by device then index; deviceId narrows to one device when non-null. */
    Page<Streamer> list(Collection<Long> orgIds, Long deviceId, PageRequest page);

    /**
     * Raises the streamer's last id to lastId (never lowers it), takes the selector of its latest report and, when
     * non-null, its last reboot time — but only while its last id is still {@code expectedLastId}, the one the
     * caller skipped readings by; false (nothing changed) when another report moved it meanwhile. Run it in the
     * transaction that stores the readings, so the acknowledgement never runs ahead of the data and two reports of
     * one streamer processed at once cannot both store the readings they share.
     */
    boolean advance(long streamerId, long expectedLastId, long lastId, int selector, Instant lastRebootTs);

    /**
     * The streamer's DONE reports whose stored ids ({@code actual_first_id..actual_last_id}) overlap
     * {@code fromId..toId}: the readings a report processed now must not store again. With {@code lock}, the
     * streamer's row is locked first (PostgreSQL; SQLite has one writer), so in a transaction the answer stays true
     * until it commits.
     */
    List<StreamerReport> storedOverlapping(long streamerId, long deviceId, int index, long fromId, long toId, boolean lock);

    /** Stores a new report record (its id is the caller's UUID); CONFLICT when the id exists. */
    StreamerReport createReport(StreamerReport report);

    Optional<StreamerReport> report(String id);

    /** Reports of one streamer (device, index), newest first. */
    Page<StreamerReport> reports(long deviceId, int index, PageRequest page);

    /** Records the processing job's pid, whatever state the report has reached meanwhile. */
    void setPid(String reportId, String pid);

    /** Stores a report's state, refusal, actual first/last id and pid. */
    void updateReport(StreamerReport report);

    /** Whether the device's reports must carry a keyed signature; false for a device never set (or absent). */
    boolean requiresSignedReports(long deviceId);

    void setRequiresSignedReports(long deviceId, boolean required);
}
