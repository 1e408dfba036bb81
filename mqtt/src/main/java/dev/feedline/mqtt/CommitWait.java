package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.puback.PubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ack after commit with backpressure, for QoS 1 publishes of every dialect.
 *
 * <p>The publish interceptor only queues the write and returns; the PUBACK is held here, in the outbound
 * interceptor of that packet, until the write is committed. Waiting in the publish interceptor instead would
 * serialise each client: HiveMQ runs a client's interceptors one at a time, so a device's next publish would
 * not even be read until the previous one committed, and a device could never store more than one message
 * per commit, whatever its in-flight window (publishes read together now share a commit; one read after an
 * acknowledgement is held still waits behind it). Acknowledgements leave in the order of the publishes
 * (HiveMQ keeps that order). QoS 2 waits in the publish interceptor, see DeviceMessages.
 *
 * <p>While the ingest queue is full the write is retried and the publish interceptor does wait: the client's
 * later publishes stay unread and its in-flight window fills, so it slows down instead of losing acknowledged
 * data; after {@link #ACK_TIMEOUT} the publish is refused. HiveMQ does not let an acknowledgement turn from
 * success into an error once the publish interceptor has passed it, so a write that fails after it was
 * queued closes the connection instead of being acknowledged: the client resends it after reconnecting.
 */
final class CommitWait implements PubackOutboundInterceptor {
    private static final Logger log = LoggerFactory.getLogger(CommitWait.class);
    /** How long a write may wait for room in the ingest queue, and then for its commit. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** How long a publish interceptor may wait for its write to be queued: the retries ({@link #ACK_TIMEOUT}) end first. */
    static final Duration QUEUE_WAIT = ACK_TIMEOUT.plusSeconds(5);
    /** HiveMQ's own limit for a held acknowledgement; ours ({@link #ACK_TIMEOUT}) always ends the wait first. */
    private static final Duration HOLD_LIMIT = ACK_TIMEOUT.multipliedBy(2);
    private static final long RETRY_MILLIS = 20;
    private final ScheduledExecutorService retries;
    private final Clock clock;
    private final BiFunction<String, String, CompletableFuture<?>> closeConnection;
    private final Map<PacketKey, Held> held = new ConcurrentHashMap<>();

    private record PacketKey(String clientId, int packetId) {}

    private record Held(CompletableFuture<Void> commit, Instant since) {}

    /**
     * @param closeConnection closes a client's connection (client id, reason), completing once it is closed
     */
    CommitWait(ScheduledExecutorService retries, Clock clock, BiFunction<String, String, CompletableFuture<?>> closeConnection) {
        this.retries = retries;
        this.clock = clock;
        this.closeConnection = closeConnection;
        // Holds whose acknowledgement never came (the client went away first) are dropped after a while.
        retries.scheduleWithFixedDelay(this::forgetStale, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Queues a confirmed publish's write and lets its acknowledgement wait for the commit. Returns at once
     * when the ingest queue takes the write (the usual case); while the queue is full it holds the publish
     * interceptor ({@code output}) and retries. A write refused (invalid, forbidden, or no room in time)
     * goes to {@code refuse}, which sets the reason on the output.
     */
    void acknowledgeAfterCommit(String clientId, int packetId, PublishInboundOutput output,
                                Supplier<DataService.Accepted> write, Consumer<Throwable> refuse) {
        CompletableFuture<CompletableFuture<Void>> queued = queued(write);
        BiConsumer<CompletableFuture<Void>, Throwable> settle = (commit, error) -> {
            if (error != null) refuse.accept(PublishRefusals.unwrap(error));
            else acknowledgeAfter(clientId, packetId, output, commit);
        };
        // Taken at once (the usual case): settled on this thread, and the interceptor returns.
        if (queued.isDone()) {
            queued.whenComplete(settle);
            return;
        }
        Async<PublishInboundOutput> async = output.async(QUEUE_WAIT, TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "not stored in time");
        queued.whenComplete(settle.andThen((commit, error) -> async.resume()));
    }

    /** For a publish whose write was queued elsewhere: its acknowledgement waits for {@code commit}. */
    void acknowledgeAfter(String clientId, int packetId, PublishInboundOutput output, CompletableFuture<Void> commit) {
        hold(clientId, packetId, commit);
        output.preventPublishDelivery();
    }

    /**
     * Completes with the future of the write's commit once the ingest queue has taken it; fails with the
     * write's error (OVERLOADED only after {@link #ACK_TIMEOUT} of retries).
     */
    CompletableFuture<CompletableFuture<Void>> queued(Supplier<DataService.Accepted> write) {
        CompletableFuture<CompletableFuture<Void>> queued = new CompletableFuture<>();
        submit(write, queued, clock.instant().plus(ACK_TIMEOUT));
        return queued;
    }

    private void submit(Supplier<DataService.Accepted> write, CompletableFuture<CompletableFuture<Void>> queued, Instant giveUp) {
        try {
            queued.complete(write.get().committed());
        } catch (FeedlineException e) {
            if (e.kind() == ErrorKind.OVERLOADED && clock.instant().isBefore(giveUp)) {
                retries.schedule(() -> submit(write, queued, giveUp), RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                queued.completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            queued.completeExceptionally(e);
        }
    }

    private void hold(String clientId, int packetId, CompletableFuture<Void> commit) {
        PacketKey key = new PacketKey(clientId, packetId);
        // Already committed (nothing was written, or a fast commit): the acknowledgement need not wait. A hold
        // left for this packet id by an earlier connection of the client goes, so it cannot close this one.
        if (committed(commit)) held.remove(key);
        else held.put(key, new Held(commit, clock.instant()));
    }

    private static boolean committed(CompletableFuture<Void> commit) {
        return commit.isDone() && !commit.isCompletedExceptionally();
    }

    /** The PUBACK of a held publish waits for its commit. */
    @Override
    public void onOutboundPuback(PubackOutboundInput input, PubackOutboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        Held h = held.remove(new PacketKey(clientId, input.getPubackPacket().getPacketIdentifier()));
        if (h == null || committed(h.commit)) return;
        Async<PubackOutboundOutput> waiting = output.async(HOLD_LIMIT);
        h.commit.orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error == null) {
                waiting.resume();
                return;
            }
            // Resumed only once the connection is closed, so the acknowledgement goes nowhere; not resuming
            // at all would keep the client id's interceptors (a reconnect's too) waiting for HiveMQ's limit.
            closeConnection.apply(clientId, "not stored: " + reason(PublishRefusals.unwrap(error)))
                    .whenComplete((closed, e) -> {
                        if (e != null) {
                            log.atError().addKeyValue("client_id", clientId).setCause(e)
                                    .log("could not close the connection of a publish that was not stored");
                        }
                        waiting.resume();
                    });
        });
    }

    private static String reason(Throwable error) {
        return error instanceof FeedlineException fe ? fe.getMessage() : "the commit did not complete in time";
    }

    /**
     * Waits (at most {@code limit}) for the commits of the publishes held now, so their acknowledgements can leave
     * before the broker closes its connections; publishes read later are not waited for (their clients resend them).
     */
    void awaitHeldCommits(Duration limit) {
        CompletableFuture<?>[] pending = held.values().stream().map(Held::commit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(pending).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.atWarn().addKeyValue("held", pending.length).log("stopping with acknowledgements still held: their clients resend them");
        }
    }

    /** Only settled holds go: one whose commit is pending may still have its acknowledgement ahead of it. */
    private void forgetStale() {
        Instant before = clock.instant().minus(HOLD_LIMIT);
        held.values().removeIf(h -> h.commit.isDone() && h.since.isBefore(before));
    }
}
