package dev.feedline.core.stream;

import dev.feedline.model.Stream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stream a data point goes to: one that exists, or one its write creates (a stream's first data, which
 * may also create its variable, feed or group). Deciding which, and checking that the caller may write there,
 * only reads; creating is left to the ingest writer, which runs {@link New#create} in the transaction that
 * stores the points, so a write that is refused or fails leaves nothing behind.
 */
public sealed interface StreamTarget {
    /** The org the stream belongs to and its device (0 for a virtual stream), for access and last-seen times. */
    long orgId();

    long deviceId();

    record Existing(Stream stream) implements StreamTarget {
        @Override public long orgId() { return stream.orgId(); }
        @Override public long deviceId() { return stream.deviceId(); }
    }

    /**
     * A stream to create with the points. {@code key} names it within one request (two points for the same
     * new stream share one), and {@code create} finds or creates it and what it needs, joining the current
     * metadata transaction; it may run again after a failed attempt was rolled back.
     */
    record New(long orgId, long deviceId, String key, Supplier<Stream> create) implements StreamTarget {}

    /**
     * The target's stream, for writes that store rows of their own (events) in a metadata transaction: a new one
     * is created in the current transaction, once per key of the request ({@code created} remembers it).
     */
    static Stream inTransaction(StreamTarget target, Map<String, Stream> created) {
        if (target instanceof Existing e) return e.stream();
        New fresh = (New) target;
        return created.computeIfAbsent(fresh.key(), k -> fresh.create().get());
    }
}
