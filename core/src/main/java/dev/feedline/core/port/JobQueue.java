package dev.feedline.core.port;

import java.time.Instant;
import java.util.Optional;

/**
 * Durable background jobs (report processing, archiving, rule actions, generated reports): a queued job
 * survives a restart, a failed attempt is retried with back-off, and in a cluster each attempt runs on one
 * node. Every job has a pid that the API hands out so a client can follow it (GET /api/v1/pid/).
 *
 * <p>An attempt whose node dies is not lost: once the node's heartbeat is stale another node runs the job again,
 * and that lost attempt counts among the type's attempts. The implementation on the store's database also joins
 * the caller's store transaction in {@link #enqueue}, so a job is queued exactly when the caller's change commits.
 */
public interface JobQueue {
    /**
     * Runs jobs of one type. Must be idempotent: after a crash between the work and the job's completion
     * the same job runs again. Throwing fails this attempt; it is retried until the type's attempts are used.
     */
    @FunctionalInterface
    interface Handler {
        void run(Job job) throws Exception;

        /**
         * The job failed for good: its last attempt threw, or the node running it died. Called once, so whatever the
         * job stands for (a report, an action) can show the failure. Must not throw; it is not retried.
         */
        default void gaveUp(Job job, String reason) {}
    }

    /**
     * One attempt of a job: payload is the JSON text given to {@link #enqueue}; attempt counts from 1 and includes
     * attempts lost with a node that died.
     */
    record Job(String pid, String type, long orgId, String payload, int attempt) {}

    enum State { QUEUED, RUNNING, DONE, FAILED }

    /**
     * What a client may see of a job; error is the last failed attempt's message (never a stack trace), null when
     * there was none or the job is DONE; finishedOn is null until the job is DONE or FAILED.
     */
    record Status(String pid, String type, long orgId, State state, int attempts, String error,
                  Instant createdOn, Instant finishedOn) {}

    /**
     * Registers the handler of a job type, with how many attempts a job of it gets in all. Every type is
     * registered in the server's wiring place before {@link #start}; registering a type twice is an error.
     */
    void register(String type, int maxAttempts, Handler handler);

    /**
     * Queues a job for the org (whose members may read its status) and returns its pid (UUID text). Durable when
     * this returns. Allowed before {@link #start} (the job waits in the database); it ends registration. The
     * type must be registered (IllegalArgumentException otherwise); payload is JSON text of at most 64 KB in
     * UTF-8 (FeedlineException INVALID otherwise).
     */
    String enqueue(String type, long orgId, String payload);

    /**
     * The job's status, or empty when there is no such pid (or the job's record has been pruned, some days after
     * it finished). No access check: callers facing clients check the org (JobStatuses).
     */
    Optional<Status> status(String pid);

    /** Starts running jobs (after every type is registered). */
    void start();

    /**
     * Stops taking new attempts and waits a bounded time for running ones; queued jobs stay queued, and an attempt
     * still running when the wait ends is run again later (by another node, or after a restart). A stopped
     * queue does not start again.
     */
    void stop();
}
