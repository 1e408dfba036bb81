package dev.feedline.mqtt;

import dev.feedline.core.data.DataService;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ack after commit with backpressure, for QoS 1 publishes of every dialect: while the ingest queue is
 * full the write is retried and the PUBACK held back, so a client's in-flight window fills and it
 * slows down instead of losing acknowledged data. Gives up after {@link #ACK_TIMEOUT}.
 */
final class CommitWait {
    /** How long a PUBACK may wait for its commit before the publish is reported failed. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final long RETRY_MILLIS = 20;
    private final ScheduledExecutorService retries;
    private final Clock clock;

    CommitWait(ScheduledExecutorService retries, Clock clock) {
        this.retries = retries;
        this.clock = clock;
    }

    /** Completes when what submit wrote is committed; fails with the write's error (OVERLOADED only after the timeout). */
    CompletableFuture<Void> committed(Supplier<DataService.Accepted> submit) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(submit, done, clock.instant().plus(ACK_TIMEOUT));
        return done;
    }

    private void submit(Supplier<DataService.Accepted> submit, CompletableFuture<Void> done, Instant giveUp) {
        try {
            submit.get().committed().whenComplete((v, e) -> {
                if (e != null) done.completeExceptionally(e); else done.complete(null);
            });
        } catch (FeedlineException e) {
            if (e.kind() == ErrorKind.OVERLOADED && clock.instant().isBefore(giveUp)) {
                retries.schedule(() -> submit(submit, done, giveUp), RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                done.completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}
