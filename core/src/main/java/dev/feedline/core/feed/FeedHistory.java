package dev.feedline.core.feed;

import dev.feedline.core.auth.Caller;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.model.Account;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Feed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading a feed's values the Adafruit IO way: newest first in pages with a "before" cursor, one by
 * id, the read-pointer helpers (first, last, next, previous) and charts from database aggregates.
 * Callers pass feeds they resolved for the owner, so access is already settled.
 */
public final class FeedHistory {
    public static final int MAX_LIMIT = 1000;
    private final MetadataStore store;
    private final TimeSeriesStore timeSeries;
    private final DataService data;
    private final Feeds feeds;

    public FeedHistory(MetadataStore store, TimeSeriesStore timeSeries, DataService data, Feeds feeds) {
        this.store = store;
        this.timeSeries = timeSeries;
        this.data = data;
        this.feeds = feeds;
    }

    /**
     * A page of values, newest first. {@code total} counts the whole range; {@code nextBefore} is the
     * cursor of the next (older) page, null when this page reaches the oldest value.
     */
    public record HistoryPage(List<DataPoint> points, long total, Long nextBefore) {}

    /** Values in [start, end) older than before (each may be null), at most limit of them. */
    public HistoryPage page(Feed feed, Long startMicros, Long endMicros, Long beforeMicros, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) throw FeedlineException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        TimeRange range = new TimeRange(startMicros, endMicros);
        Long to = beforeMicros == null ? endMicros : endMicros == null ? beforeMicros : Math.min(beforeMicros, endMicros);
        List<DataPoint> oldestFirst = timeSeries.lastN(List.of(feed.streamId()), new TimeRange(startMicros, to), limit + 1);
        boolean more = oldestFirst.size() > limit;
        List<DataPoint> newestFirst = new ArrayList<>(more ? oldestFirst.subList(1, oldestFirst.size()) : oldestFirst);
        Collections.reverse(newestFirst);
        Long next = more ? newestFirst.get(newestFirst.size() - 1).timestampMicros() : null;
        return new HistoryPage(newestFirst, timeSeries.count(List.of(feed.streamId()), range), next);
    }

    public long count(Feed feed) { return timeSeries.count(List.of(feed.streamId()), TimeRange.ALL); }

    public Optional<DataPoint> byId(Feed feed, String dataId) {
        long micros = DataIds.micros(dataId);
        return timeSeries.range(List.of(feed.streamId()), new TimeRange(micros, micros + 1), new PageRequest(0, 1)).stream().findFirst();
    }

    public Optional<DataPoint> newest(Feed feed) { return Optional.ofNullable(timeSeries.latest(List.of(feed.streamId())).get(feed.streamId())); }

    public Optional<DataPoint> oldest(Feed feed) {
        return timeSeries.range(List.of(feed.streamId()), TimeRange.ALL, new PageRequest(0, 1)).stream().findFirst();
    }

    /** The newest value; the read pointer moves to it. */
    public Optional<DataPoint> last(Feed feed) { return moved(feed, newest(feed)); }

    /** The oldest value; the read pointer moves to it. */
    public Optional<DataPoint> first(Feed feed) { return moved(feed, oldest(feed)); }

    /** The value after the read pointer (the oldest before any read); the pointer moves to it. */
    public Optional<DataPoint> next(Feed feed) {
        Long pointer = pointer(feed);
        if (pointer == null) return first(feed);
        return moved(feed, timeSeries.range(List.of(feed.streamId()), new TimeRange(pointer + 1, null), new PageRequest(0, 1)).stream().findFirst());
    }

    /**
     * The value last read (the one at the read pointer, which first, last and next returned), as
     * Adafruit IO's "previously processed" point; the pointer stays. Should that value have been
     * deleted since, the newest one before it. Empty before any read.
     */
    public Optional<DataPoint> previous(Feed feed) {
        Long pointer = pointer(feed);
        if (pointer == null) return Optional.empty();
        return timeSeries.lastN(List.of(feed.streamId()), new TimeRange(null, pointer + 1), 1).stream().findFirst();
    }

    private Long pointer(Feed feed) { return store.feeds().byId(feed.id()).map(Feed::readPointerMicros).orElse(null); }

    private Optional<DataPoint> moved(Feed feed, Optional<DataPoint> point) {
        point.ifPresent(p -> store.feeds().setReadPointer(feed.id(), p.timestampMicros()));
        return point;
    }

    /** Buckets of resolution over [from, to), computed by the database through {@link DataService#aggregate}. */
    public List<Bucket> chart(Account owner, Feed feed, long fromMicros, long toMicros, Duration resolution, AggregateFunction fn) {
        return data.aggregate(new Caller.User(owner), feeds.stream(feed).slug(), new TimeRange(fromMicros, toMicros), resolution, fn);
    }

    /** Latest value per feed, for listing feeds with their last_value. */
    public Map<Long, DataPoint> latest(List<Feed> list) { return timeSeries.latest(list.stream().map(Feed::streamId).toList()); }
}
