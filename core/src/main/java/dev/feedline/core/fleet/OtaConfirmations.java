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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable consumer that hands the versions devices report on their 5c08 / 5c09 streams to {@link Ota}. Durable
 * (not a live subscription) because a confirmation must not be missed: a live subscriber that falls behind loses
 * events, and one down during a restart never sees them, leaving a deployment unconfirmed for good. Each commit's
 * outbox row names its streams and time span; this reads the points of the version streams among them. Handling a
 * row again is harmless ({@link Ota#versionReported} is idempotent).
 */
public final class OtaConfirmations implements DurableDelivery.Consumer {
    public static final String NAME = "ota-confirmations";

    private final MetadataStore store;
    private final TimeSeriesStore timeSeries;
    private final Ota ota;
    /** Variable id → lid: a variable's lid never changes, and most commits name no version stream. */
    private final Map<Long, Integer> lids = new ConcurrentHashMap<>();

    public OtaConfirmations(MetadataStore store, TimeSeriesStore timeSeries, Ota ota) {
        this.store = store;
        this.timeSeries = timeSeries;
        this.ota = ota;
    }

    @Override
    public void handle(DurableDelivery.Delivered delivered) {
        if (!(delivered.event() instanceof DomainEvent.StreamsWritten written)) return;
        for (long streamId : written.streamIds()) {
            Optional<Stream> stream = store.streams().byId(streamId);
            if (stream.isEmpty() || stream.get().virtual()) continue;
            int lid = lids.computeIfAbsent(stream.get().variableId(), v -> store.variables().byId(v).map(x -> x.lid()).orElse(-1));
            if (lid != VersionCode.OS_LID && lid != VersionCode.APP_LID) continue;
            TimeRange span = new TimeRange(written.firstMicros(), written.lastMicros() + 1);
            for (DataPoint p : timeSeries.range(java.util.List.of(streamId), span, PageRequest.ALL)) {
                Long raw = p.intValue() != null ? p.intValue() : p.value() != null ? Long.valueOf(Math.round(p.value())) : null;
                if (raw == null) continue;
                ota.versionReported(stream.get().deviceId(), lid, raw,
                        Instant.ofEpochSecond(p.timestampMicros() / 1_000_000, (p.timestampMicros() % 1_000_000) * 1000));
            }
        }
    }
}
