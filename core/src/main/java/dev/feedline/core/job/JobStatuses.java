package dev.feedline.core.job;

import dev.feedline.core.access.Access;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.JobQueue;

/**
 * What a client may learn of a background job by its pid (GET /api/v1/pid/): only members of the job's org see
 * it; for anyone else, as for an unknown or pruned pid, there is no such job.
 */
public final class JobStatuses {
    /** IOTile hands pids out as "pid:&lt;id&gt;"; both forms are accepted. */
    private static final String PREFIX = "pid:";
    private static final int MAX_PID_LENGTH = 64;

    private final JobQueue queue;
    private final Access access;

    public JobStatuses(JobQueue queue, Access access) {
        this.queue = queue;
        this.access = access;
    }

    /**
     * The job's status for a member of its org.
     *
     * @throws FeedlineException INVALID for a missing or overlong pid, NOT_FOUND for an unknown, pruned or foreign one
     */
    public JobQueue.Status get(Caller caller, String pid) {
        if (pid == null || pid.isBlank()) throw FeedlineException.invalidField("pid", "required");
        String id = pid.trim();
        if (id.startsWith(PREFIX)) id = id.substring(PREFIX.length());
        if (id.length() > MAX_PID_LENGTH) throw FeedlineException.invalidField("pid", "at most " + MAX_PID_LENGTH + " characters");
        return queue.status(id)
            .filter(status -> access.isMember(caller, status.orgId()))
            .orElseThrow(() -> FeedlineException.notFound("job"));
    }
}
