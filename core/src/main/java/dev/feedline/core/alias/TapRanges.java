package dev.feedline.core.alias;

import dev.feedline.core.port.TimeRange;
import dev.feedline.model.AliasTap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns an alias's taps and a query range into the sub-ranges of physical streams that serve it. Tap i serves
 * [its timestamp, the next tap's timestamp); the last tap serves everything after it; before the first tap the
 * alias has no data. Of taps with the same timestamp the later one (higher id) wins. Slices come out in time
 * order, disjoint, never empty, and neighbouring slices of the same stream are joined.
 */
public final class TapRanges {
    private TapRanges() {}

    /** A stream and the part of the query range it serves. */
    public record Slice(long streamId, TimeRange range) {}

    public static List<Slice> split(List<AliasTap> taps, TimeRange range) {
        List<AliasTap> ordered = new ArrayList<>(taps);
        ordered.sort(Comparator.comparingLong(AliasTap::timestampMicros).thenComparingLong(AliasTap::id));
        long queryFrom = range.fromOr(Long.MIN_VALUE);
        long queryTo = range.toOr(Long.MAX_VALUE);
        List<Slice> out = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            long tapFrom = ordered.get(i).timestampMicros();
            long tapTo = i + 1 < ordered.size() ? ordered.get(i + 1).timestampMicros() : Long.MAX_VALUE;
            long from = Math.max(tapFrom, queryFrom);
            long to = Math.min(tapTo, queryTo);
            if (from >= to) continue;
            long stream = ordered.get(i).streamId();
            Slice last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.streamId() == stream && last.range().toOr(Long.MAX_VALUE) == from) {
                out.set(out.size() - 1, new Slice(stream, bounded(last.range().fromOr(Long.MIN_VALUE), to)));
            } else {
                out.add(new Slice(stream, bounded(from, to)));
            }
        }
        return out;
    }

    /** Long.MAX_VALUE stands for "no end" (a null end, as TimeRange has it); starts are never unbounded here. */
    private static TimeRange bounded(long from, long to) {
        return new TimeRange(from == Long.MIN_VALUE ? null : from, to == Long.MAX_VALUE ? null : to);
    }
}
