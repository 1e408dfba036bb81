package dev.feedline.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.model.OtaScript;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DownloadOffersTest {
    private static final class Now extends Clock {
        volatile Instant now = Instant.parse("2026-12-04T19:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final Now clock = new Now();
    /** What the database says each device is offered now, and how often it was asked. */
    private final Map<Long, OtaScript> deployed = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private Runnable duringLookup = () -> {};
    private final DownloadOffers offers = new DownloadOffers(id -> {
        lookups.incrementAndGet();
        Optional<OtaScript> s = Optional.ofNullable(deployed.get(id));
        duringLookup.run();
        return s;
    }, clock, Duration.ofSeconds(5));

    private static OtaScript script(long id) {
        return new OtaScript(id, 1, "fw", 1, 0, (int) id, "ota/" + id + ".bin", 100L, "00", true, null, null, Instant.EPOCH, null);
    }

    @Test
    void aDownloadLooksItsOfferUpOnceWithinTheTtl() {
        deployed.put(7L, script(1));
        for (int chunk = 0; chunk < 16; chunk++) assertThat(offers.of(7)).contains(script(1));
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aChangeTheServerIsToldOfIsSeenAtOnce() {
        deployed.put(7L, script(1));
        deployed.put(8L, script(1));
        offers.of(7);
        offers.of(8);
        deployed.put(7L, script(2)); // a new deployment for device 7
        offers.forget(List.of(7L));
        assertThat(offers.of(7)).contains(script(2));
        assertThat(offers.of(8)).contains(script(1));
        assertThat(lookups).hasValue(3); // 8 kept its entry

        deployed.clear(); // a request cancelled: every device is forgotten
        offers.forgetAll();
        assertThat(offers.of(7)).isEmpty();
        assertThat(offers.of(8)).isEmpty();
    }

    @Test
    void aChangeNobodyToldOfIsSeenAfterTheTtl() {
        deployed.put(7L, script(1));
        offers.of(7);
        deployed.put(7L, script(2)); // e.g. made on another node whose event was lost
        clock.now = clock.now.plusSeconds(4);
        assertThat(offers.of(7)).contains(script(1));
        clock.now = clock.now.plusSeconds(1);
        assertThat(offers.of(7)).contains(script(2));
    }

    @Test
    void aLookupThatRacedWithAChangeIsNotKept() {
        deployed.put(7L, script(1));
        // The change commits and is announced while the lookup (which read the state before it) is under way.
        duringLookup = () -> {
            duringLookup = () -> {};
            deployed.put(7L, script(2));
            offers.forget(List.of(7L));
        };
        assertThat(offers.of(7)).contains(script(1));
        assertThat(offers.of(7)).contains(script(2));
    }

    @Test
    void nothingDeployedIsNotRemembered() {
        assertThat(offers.of(7)).isEmpty();
        deployed.put(7L, script(1));
        assertThat(offers.of(7)).contains(script(1));
    }

    @Test
    void aZeroTtlLooksUpEveryTime() {
        DownloadOffers off = new DownloadOffers(id -> {
            lookups.incrementAndGet();
            return Optional.of(script(1));
        }, clock, Duration.ZERO);
        off.of(7);
        off.of(7);
        assertThat(lookups).hasValue(2);
        assertThat(off.size()).isZero();
    }

    @Test
    void theEntriesAreBounded() {
        DownloadOffers many = new DownloadOffers(id -> Optional.of(script(1)), clock, Duration.ofSeconds(5));
        for (long d = 0; d < DownloadOffers.MAX_ENTRIES + 50; d++) many.of(d);
        assertThat(many.size()).isEqualTo(DownloadOffers.MAX_ENTRIES);
    }
}
