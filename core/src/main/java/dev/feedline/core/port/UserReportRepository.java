package dev.feedline.core.port;

import dev.feedline.model.GeneratedReport;
import dev.feedline.model.UserReport;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Report templates and their generated reports (issue 17 point 6). */
public interface UserReportRepository {
    /** Stores a new template (its id is ignored) and returns it with its id. */
    UserReport create(UserReport report);

    Optional<UserReport> byId(long id);

    /** Templates of these orgs, by id. */
    Page<UserReport> list(Collection<Long> orgIds, PageRequest page);

    /** Stores every field but id, org, created on and by. */
    void update(UserReport report);

    /**
     * Moves the template's next run from expected to next, only if it is still expected (compare and set); true when
     * it moved. The scheduler's only write: it touches no other field, so a change made since the template was read
     * stays, and of two runs that read the same due template only one moves it on.
     */
    boolean advanceNextRun(long id, Instant expected, Instant next);

    /** Deletes the template; its generated reports stay, with no template. */
    void delete(long id);

    /** Active templates whose next run is at or before now, soonest first, at most max. */
    List<UserReport> due(Instant now, int max);

    /** Stores a new generated report (its id is ignored) and returns it with its id. */
    GeneratedReport createGenerated(GeneratedReport generated);

    Optional<GeneratedReport> generated(String uuid);

    /** Generated reports of these orgs (of one template when reportId is given), newest first. */
    Page<GeneratedReport> listGenerated(Collection<Long> orgIds, Long reportId, PageRequest page);

    /** Stores status, error, files, share hash and expiry, finished on. */
    void updateGenerated(GeneratedReport generated);

    /** Generated reports created before the instant, oldest first, at most max (retention). */
    List<GeneratedReport> generatedBefore(Instant before, int max);

    void deleteGenerated(long id);
}
