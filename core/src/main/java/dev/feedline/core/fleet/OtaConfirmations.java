package dev.feedline.core.fleet;

import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.DurableDelivery;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Stream;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The durable consumer that hands the versions devices report on their 5c08 / 5c09 streams to {@link Ota}. Durable
 * (not a live subscription) because a confirmation must not be missed: a live subscriber that falls behind loses
 * events, and one down during a restart never sees them, leaving a deployment unconfirmed for good. Each commit's
 * outbox row names its streams and time span; this reads the points of the version streams among them. Handling a
 * row again is harmless ({@link Ota#versionReported} is idempotent).
 */
public final class OtaConfirmations implements DurableDelivery.Consumer {
    public static final String NAME = "ota-confirmations";
    static final int CACHED_STREAMS = 200_000;

    private final MetadataStore store;
    private final TimeSeriesStore timeSeries;
    private final Ota ota;
    /**
     * Stream id → its variable's lid, most recently used first. A commit names every stream it wrote (thousands per
     * commit under load) and almost none is a version stream: without this, each commit cost one query per stream on
     * this consumer's thread, competing with ingest for the CPU. A stream's variable, and a variable's lid, never
     * change, so an entry never goes stale; the bound only keeps memory flat with millions of streams.
     */
    private final Map<Long, Integer> lids = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) { return size() > CACHED_STREAMS; }
    });

    public OtaConfirmations(MetadataStore store, TimeSeriesStore timeSeries, Ota ota) {
        this.store = store;
        this.timeSeries = timeSeries;
        this.ota = ota;
    }

    @Override
    public void handle(DurableDelivery.Delivered delivered) {
        if (!(delivered.event() instanceof DomainEvent.StreamsWritten written)) return;
        for (long streamId : written.streamIds()) {
            int lid = lids.computeIfAbsent(streamId, this::lidOf);
            if (lid != VersionCode.OS_LID && lid != VersionCode.APP_LID) continue;
            Optional<Stream> stream = store.streams().byId(streamId);
            if (stream.isEmpty() || stream.get().virtual()) continue;
            TimeRange span = new TimeRange(written.firstMicros(), written.lastMicros() + 1);
            for (DataPoint p : timeSeries.range(java.util.List.of(streamId), span, PageRequest.ALL)) {
                Long raw = p.intValue() != null ? p.intValue() : p.value() != null ? Long.valueOf(Math.round(p.value())) : null;
                if (raw == null) continue;
                ota.versionReported(stream.get().deviceId(), lid, raw,
                        Instant.ofEpochSecond(p.timestampMicros() / 1_000_000, (p.timestampMicros() % 1_000_000) * 1000));
            }
        }
    }

    /** The lid of the stream's variable; -1 for a stream or variable that is gone (nothing to confirm from it). */
    private int lidOf(long streamId) {
        return store.streams().byId(streamId).flatMap(s -> store.variables().byId(s.variableId())).map(v -> v.lid()).orElse(-1);
    }
}
