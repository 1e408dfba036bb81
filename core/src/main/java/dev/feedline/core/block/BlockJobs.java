package dev.feedline.core.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedline.core.data.IngestQueue;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.core.stream.StreamService;
import dev.feedline.model.DataBlock;
import dev.feedline.model.Device;
import dev.feedline.model.Event;
import dev.feedline.model.Stream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two durable jobs of data blocks.
 *
 * <p><b>Archive</b>: one metadata transaction re-keys the device's streams to the block (slug and device id), gives the
 * device fresh empty streams under the old slugs, moves notes, locations and properties, applies on_complete and marks
 * the block READY. Points, events and rollups are keyed by stream id, so they move with their stream whatever their
 * number: archiving a million points costs the same handful of UPDATEs as archiving ten. The transaction runs on the
 * ingest writer thread, between two commits, so it is ordered with ingest: points queued before it are the block's, and
 * once the stream caches are evicted after it, new points resolve to the device's fresh streams (a point resolved from
 * the cache just before the eviction still goes to the block: one or the other, never both); and SQLite's single
 * writer lock is never contended. Idempotent: the
 * transaction is all or nothing and does nothing unless the block is still ARCHIVING, so a rerun after a crash either
 * does the whole move or finds it done.
 *
 * <p><b>Delete</b>: the block's streams are emptied in steps of {@link #DELETE_STEP} points, each a short transaction on
 * the writer between two commits (a million points in one DELETE would hold SQLite's writer for about half a
 * second), and deleted; then the event files, the block's notes and properties, and the block row (its locations go with it). Each step deletes what is
 * left, so a rerun finishes what a crashed attempt began.
 */
public final class BlockJobs {
    public static final String ARCHIVE = "datablock.archive";
    public static final String DELETE = "datablock.delete";
    public static final int MAX_ATTEMPTS = 5;
    /** Points deleted per writer turn when a block is deleted. */
    static final int DELETE_STEP = 20_000;
    private static final Duration WRITER_WAIT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(BlockJobs.class);

    private final MetadataStore store;
    private final FileStore files;
    private final TimeSeriesStore timeSeries;
    private final StreamService streams;
    private final IngestQueue ingest;
    private final Events events;
    private final Clock clock;

    public BlockJobs(MetadataStore store, FileStore files, TimeSeriesStore timeSeries, StreamService streams, IngestQueue ingest,
                     Events events, Clock clock) {
        this.store = store;
        this.files = files;
        this.timeSeries = timeSeries;
        this.streams = streams;
        this.ingest = ingest;
        this.events = events;
        this.clock = clock;
    }

    /** Registers both job types (in the server's wiring place). */
    public void register(JobQueue jobs) {
        jobs.register(ARCHIVE, MAX_ATTEMPTS, this::archive);
        jobs.register(DELETE, MAX_ATTEMPTS, this::delete);
    }

    private record Archived(List<Long> rekeyed, Device before, Device after) {}

    void archive(JobQueue.Job job) throws Exception {
        JsonNode payload = JSON.readTree(job.payload());
        long blockId = payload.get("block").asLong();
        OnComplete then = OnComplete.fromPayload(payload.get("on_complete"));
        Archived done;
        try {
            done = onWriter(() -> move(blockId, then));
        } catch (Exception e) {
            if (job.attempt() >= MAX_ATTEMPTS) giveUp(blockId);
            throw e;
        }
        if (done == null) return;
        streams.rekeyed(done.rekeyed());
        // Deactivating the device ends its sessions, as a PATCH of active does.
        if (done.after().active() != done.before().active()) events.publish(new DomainEvent.DeviceChanged(done.after()));
        log.atInfo().addKeyValue("block", blockId).addKeyValue("streams", done.rekeyed().size()).log("device data archived");
    }

    /**
     * The last attempt failed: nothing was moved (the move is one transaction), so the block is removed and the device
     * is no longer busy; the job's status shows the failure. Only while the block is still ARCHIVING: a move that
     * committed after this attempt stopped waiting for it has made it READY, and a queued one finds it gone.
     */
    private void giveUp(long blockId) {
        if (!store.blocks().deleteIfArchiving(blockId)) return;
        log.atWarn().addKeyValue("block", blockId).log("archiving failed for good; the block is removed and its device is free again");
    }

    private Archived move(long blockId, OnComplete then) {
        return store.inTransaction(() -> {
            DataBlock block = store.blocks().byId(blockId).orElse(null);
            if (block == null || block.state() != DataBlock.State.ARCHIVING) return null; // done by an earlier attempt, or gone with its device
            Instant now = clock.instant();
            Device device = store.devices().byId(block.deviceId()).orElseThrow();
            List<Long> rekeyed = store.blocks().moveDeviceData(block, device.projectId(), now);
            store.notes().create(block.orgId(), device.slug(), now, "Device data was archived. Datablock ID: " + block.slug(), "si",
                    block.createdBy(), now);
            Device after = then.applyTo(device);
            if (!after.equals(device)) store.devices().update(after);
            store.blocks().update(block.withState(DataBlock.State.READY, block.pid(), now));
            return new Archived(rekeyed, device, after);
        });
    }

    void delete(JobQueue.Job job) throws Exception {
        long blockId = JSON.readTree(job.payload()).get("block").asLong();
        DataBlock block = store.blocks().byId(blockId).orElse(null);
        if (block == null || block.state() != DataBlock.State.DELETING) return;
        List<Stream> blockStreams = store.streams().byDevice(block.key());
        List<String> fileKeys = store.events().list(blockStreams.stream().map(Stream::id).toList(), TimeRange.ALL, PageRequest.ALL).items()
                .stream().map(Event::fileKey).filter(Objects::nonNull).toList();
        for (Stream s : blockStreams) {
            while (onWriter(() -> timeSeries.deleteOldest(s.id(), DELETE_STEP)) >= DELETE_STEP) {
                // the next step waits for its turn on the writer, behind the data that queued meanwhile
            }
            onWriter(() -> {
                streams.deleteAll(List.of(s));
                return null;
            });
        }
        for (String key : fileKeys) deleteFile(key);
        onWriter(() -> store.inTransaction(() -> {
            store.blocks().deleteAnnotations(block, blockStreams.stream().map(Stream::slug).toList());
            store.blocks().delete(block.id());
            return null;
        }));
    }

    private void deleteFile(String key) {
        try {
            files.delete(key);
        } catch (IOException e) {
            // The rows are gone already; a leftover file is only space, and the next attempt would not see it.
            log.atWarn().addKeyValue("file", key).setCause(e).log("could not delete an archived event's file");
        }
    }

    /** Runs work on the ingest writer thread between two commits and waits for it; its failure is this attempt's. */
    private <T> T onWriter(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        ingest.runOnWriter(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(WRITER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }
}
