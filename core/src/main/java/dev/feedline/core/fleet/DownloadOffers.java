package dev.feedline.core.fleet;

import dev.feedline.model.OtaScript;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The firmware each device is offered, remembered for the length of a download: a 1 MiB download is 16 chunk
 * requests or more, and looking the offer up costs several reads (the device's targets, whether it was given each,
 * the request, the script). An entry is used for at most {@code ttl} after it was read, and is dropped at once when
 * {@link #forget} is told of a change: the server forgets a device on every deployment step that names it, on a
 * change of the device and when its firmware is announced, and everything on a step of a whole request (released,
 * paused, cancelled, completed…) or when a script's file is replaced or a script or request deleted. Only offers
 * found are kept: a device with nothing deployed is looked up again on its next request.
 *
 * <p>A lookup that raced with a change is not kept: {@link #forget} counts changes, and an offer read while one
 * happened may be the state from before it.
 */
final class DownloadOffers {
    /** Enough for every device of a large wave downloading at once; beyond it the least recently used are dropped. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(OtaScript script, Instant readAt) {}

    private final LongFunction<Optional<OtaScript>> lookup;
    private final Clock clock;
    private final Duration ttl;
    private final Map<Long, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) { return size() > MAX_ENTRIES; }
    };
    private long changes;

    DownloadOffers(LongFunction<Optional<OtaScript>> lookup, Clock clock, Duration ttl) {
        this.lookup = lookup;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The script whose file the device is to download now, or empty when nothing is deployed to it. */
    Optional<OtaScript> of(long deviceId) {
        if (ttl.isZero()) return lookup.apply(deviceId);
        long seen;
        synchronized (this) {
            Entry e = entries.get(deviceId);
            if (e != null && clock.instant().isBefore(e.readAt().plus(ttl))) return Optional.of(e.script());
            seen = changes;
        }
        Instant readAt = clock.instant();
        Optional<OtaScript> found = lookup.apply(deviceId);
        synchronized (this) {
            if (found.isPresent() && changes == seen) entries.put(deviceId, new Entry(found.get(), readAt));
            else entries.remove(deviceId);
        }
        return found;
    }

    synchronized void forget(Collection<Long> deviceIds) {
        changes++;
        deviceIds.forEach(entries::remove);
    }

    synchronized void forgetAll() {
        changes++;
        entries.clear();
    }

    synchronized int size() { return entries.size(); }
}
