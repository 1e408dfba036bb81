package dev.feedline.core.feed;

import dev.feedline.core.auth.Caller;
import dev.feedline.core.data.DataService;
import dev.feedline.core.data.PointInput;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.core.stream.StreamTarget;
import dev.feedline.model.Account;
import dev.feedline.model.Feed;
import dev.feedline.model.PersonalOrg;
import dev.feedline.model.ValueType;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Writing feed values, for every Adafruit IO entry point (REST, webhooks, and MQTT next). Values go
 * through {@link DataService#ingest} like any point — limits, validation, ack after commit, live
 * fan-out — after the per-user data rate limit. A value that reads as a number is stored as a numeric
 * point (so charts and aggregates work), anything else as text, a JSON object or array as JSON.
 */
public final class FeedValues {
    /** Plain decimal numbers (exponent allowed); "0x10", "NaN", "Infinity" or " 5" stay text. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private final DataService data;
    private final TimeSeriesStore timeSeries;
    private final PersonalOrgs personalOrgs;
    private final Feeds feeds;
    private final DataRateLimiter rateLimiter;
    private final Clock clock;
    /** Values sent without a time get distinct microseconds, so two in one batch do not replace each other. */
    private final AtomicLong lastAssigned = new AtomicLong();

    public FeedValues(DataService data, TimeSeriesStore timeSeries, PersonalOrgs personalOrgs, Feeds feeds, DataRateLimiter rateLimiter, Clock clock) {
        this.data = data;
        this.timeSeries = timeSeries;
        this.personalOrgs = personalOrgs;
        this.feeds = feeds;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
    }

    /**
     * The MQTT-style publish: the owner's feed named by ref (full key, id or name), created on first use,
     * gets the value. The result's committed future completes once it is durable.
     */
    public DataService.Accepted publish(Account owner, String feedRef, FeedValue value) {
        return write(owner, List.of(new Write(feeds.target(personalOrgs.of(owner), feedRef), value)));
    }

    /** A value for a feed that exists, or for one the write creates. */
    public record Write(FeedTarget feed, FeedValue value) {
        public Write(Feed feed, FeedValue value) { this(FeedTarget.of(feed), value); }
    }

    /**
     * Writes values to the owner's feeds, all or none; RATE_LIMITED beyond the user's data rate. New feeds
     * (and groups) are created in the transaction that stores the values: a write refused for any reason
     * creates none.
     */
    public DataService.Accepted write(Account owner, List<Write> writes) {
        if (writes.isEmpty()) throw FeedlineException.invalid("no data given");
        List<PointInput> inputs = new ArrayList<>(writes.size());
        for (Write w : writes) inputs.add(point(w.value()));
        List<StreamTarget> targets = targets(owner, writes);
        rateLimiter.acquire(owner.id(), writes.size());
        try {
            return data.ingest(new Caller.User(owner), inputs, targets);
        } catch (FeedlineException e) {
            // Not accepted, so not counted: a retry after a full queue must not use up the user's rate.
            rateLimiter.refund(owner.id(), writes.size());
            throw e;
        }
    }

    /** The stream of each write's feed; writes naming one new feed share its creation. */
    private List<StreamTarget> targets(Account owner, List<Write> writes) {
        Map<String, List<FeedTarget>> newFeeds = new LinkedHashMap<>();
        for (Write w : writes) if (!w.feed().exists()) newFeeds.computeIfAbsent(w.feed().fullKey(), k -> new ArrayList<>()).add(w.feed());
        long orgId = newFeeds.isEmpty() ? 0 : personalOrgs.of(owner).orgId();
        List<StreamTarget> targets = new ArrayList<>(writes.size());
        for (Write w : writes) {
            FeedTarget f = w.feed();
            if (f.exists()) {
                targets.add(new StreamTarget.Existing(feeds.stream(f.feed())));
                continue;
            }
            List<FeedTarget> same = newFeeds.get(f.fullKey());
            targets.add(new StreamTarget.New(orgId, 0, "feed:" + f.fullKey(), () -> {
                Feed created = same.get(0).create();
                same.forEach(t -> t.createdAs(created));
                return feeds.newStream(created);
            }));
        }
        return targets;
    }

    private PointInput point(FeedValue v) {
        if (v.value() == null) throw FeedlineException.invalidField("value", "this field is required");
        // The stream is given by the write's target, not by a slug.
        String slug = null;
        var at = v.createdAt() != null ? v.createdAt() : DataService.instant(nextMicros());
        if (v.json()) return new PointInput(slug, at, ValueType.JSON, null, null, v.value(), v.lat(), v.lon(), v.ele(), null, null, null);
        if (NUMBER.matcher(v.value()).matches()) {
            double d = Double.parseDouble(v.value());
            if (Double.isFinite(d)) return new PointInput(slug, at, ValueType.NUMERIC, d, null, null, v.lat(), v.lon(), v.ele(), null, null, null);
        }
        return new PointInput(slug, at, ValueType.TEXT, null, null, v.value(), v.lat(), v.lon(), v.ele(), null, null, null);
    }

    private long nextMicros() {
        long now = DataService.micros(clock.instant());
        return lastAssigned.updateAndGet(last -> Math.max(now, last + 1));
    }

    /** Deletes one value of the feed; NOT_FOUND when there is none with this id. Counts toward the rate limit. */
    public void delete(Account owner, Feed feed, String dataId) {
        long micros = DataIds.micros(dataId);
        rateLimiter.acquire(owner.id(), 1);
        if (!timeSeries.deletePoint(feed.streamId(), micros)) throw FeedlineException.notFound("data " + dataId);
    }

    /** The Adafruit IO form of a stored value: always a string; numbers without a trailing ".0". */
    public static String text(dev.feedline.model.DataPoint p) {
        if (p.value() != null && p.type() == ValueType.NUMERIC) return BigDecimal.valueOf(p.value()).stripTrailingZeros().toPlainString();
        return p.text() == null ? "" : p.text();
    }

    public PersonalOrg personalOrg(Account owner) { return personalOrgs.of(owner); }
}
