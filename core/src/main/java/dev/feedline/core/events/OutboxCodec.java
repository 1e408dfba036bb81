package dev.feedline.core.events;

import dev.feedline.core.port.EventOutbox;
import java.util.ArrayList;
import java.util.List;

/**
 * How events are written into the outbox and read back: a kind and a compact text payload. Stores call
 * {@link #encode}; {@link DurableDelivery} calls {@link #decode}. Only the durable kinds are listed here;
 * adding one means a kind name that never changes meaning once written.
 */
public final class OutboxCodec {
    public static final String STREAMS_WRITTEN = "streams_written";

    private OutboxCodec() {}

    /** A kind and payload to store. */
    public record Encoded(String kind, String payload) {}

    /** "count;first;last;stream,stream,..." — numbers only, so nothing needs escaping. */
    public static Encoded encode(DomainEvent.StreamsWritten e) {
        StringBuilder b = new StringBuilder().append(e.count()).append(';').append(e.firstMicros()).append(';').append(e.lastMicros()).append(';');
        for (int i = 0; i < e.streamIds().size(); i++) {
            if (i > 0) b.append(',');
            b.append(e.streamIds().get(i));
        }
        return new Encoded(STREAMS_WRITTEN, b.toString());
    }

    /** The event of a recorded row; an unknown kind (written by a newer version) fails with IllegalArgumentException. */
    public static DomainEvent decode(EventOutbox.Recorded row) {
        if (!STREAMS_WRITTEN.equals(row.kind())) throw new IllegalArgumentException("unknown event kind " + row.kind());
        String[] parts = row.payload().split(";", -1);
        if (parts.length != 4) throw new IllegalArgumentException("malformed " + row.kind() + " payload at " + row.position());
        List<Long> streams = new ArrayList<>();
        if (!parts[3].isEmpty()) for (String s : parts[3].split(",")) streams.add(Long.parseLong(s));
        return new DomainEvent.StreamsWritten(streams, Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }
}
