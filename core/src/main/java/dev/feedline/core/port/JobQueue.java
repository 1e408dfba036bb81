package dev.feedline.core.port;

import java.time.Instant;
import java.util.Optional;

/**
 * Durable background jobs (report processing, archiving, rule actions, generated reports): a queued job
 * survives a restart, a failed attempt is retried with back-off, and in a cluster each attempt runs on one
 * node. Every job has a pid that the API hands out so a client can follow it.
 */
public interface JobQueue {
    /**
     * Runs jobs of one type. Must be idempotent: after a crash between the work and the job's completion
     * the same job runs again. Throwing fails this attempt; it is retried until the type's attempts are used.
     */
    @FunctionalInterface
    interface Handler {
        void run(Job job) throws Exception;
    }

    /** One attempt of a job: payload is the JSON text given to {@link #enqueue}; attempt counts from 1. */
    record Job(String pid, String type, long orgId, String payload, int attempt) {}

    enum State { QUEUED, RUNNING, DONE, FAILED }

    /** What a client may see of a job; error is the last attempt's, null when there was none. */
    record Status(String pid, String type, long orgId, State state, int attempts, String error,
                  Instant createdOn, Instant finishedOn) {}

    /**
     * Registers the handler of a job type, with how many attempts a job of it gets in all. Every type is
     * registered in the server's wiring place before {@link #start}; registering a type twice is an error.
     */
    void register(String type, int maxAttempts, Handler handler);

    /**
     * Queues a job for the org (whose members may read its status) and returns its pid. Durable when this
     * returns. The type must be registered; payload is JSON text of at most 64 KB (INVALID otherwise).
     */
    String enqueue(String type, long orgId, String payload);

    /** The job's status, or empty when there is no such pid (or the job's record has been pruned). */
    Optional<Status> status(String pid);

    /** Starts running jobs (after every type is registered). */
    void start();

    /** Stops taking new attempts and waits a bounded time for running ones; queued jobs stay queued. */
    void stop();
}
