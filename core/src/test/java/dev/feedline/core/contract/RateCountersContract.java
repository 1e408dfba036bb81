package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.ratelimit.RateCounters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RateCounters} must show. Each test uses names of its own, so a subclass may share
 * one backing store between tests. Time is the test's {@link #clock}, which every node reads.
 */
public abstract class RateCountersContract {

    /** A clock the test moves by hand. */
    public static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        public void advance(Duration by) { now = now.plus(by); }
    }

    protected final MovableClock clock = new MovableClock();

    /**
     * The counters as the node with this id sees them, reading {@link #clock}; every node of a test shares one
     * backing store (an implementation kept in one process returns the same counters for every id).
     */
    protected abstract RateCounters node(String nodeId);

    private static String name() { return "contract-" + UUID.randomUUID(); }

    @Test
    void aBucketGivesItsAttemptsThenOneMorePerRefill() {
        RateCounters.Buckets buckets = node("node-a").buckets(name(), 3, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) assertThat(buckets.take("k")).isZero();
        assertThat(buckets.take("k")).isEqualTo(10_000);
        assertThat(buckets.take("other")).as("another key is not affected").isZero();
        clock.advance(Duration.ofSeconds(4));
        assertThat(buckets.take("k")).isEqualTo(6_000);
        clock.advance(Duration.ofSeconds(6));
        assertThat(buckets.take("k")).isZero();
        assertThat(buckets.take("k")).isEqualTo(10_000);
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) assertThat(buckets.take("k")).as("full again after attempts x refill").isZero();
        assertThat(buckets.take("k")).isPositive();
    }

    @Test
    void bucketsCountAcrossNodesAndNamesAreApart() {
        String name = name();
        RateCounters.Buckets a = node("node-a").buckets(name, 4, Duration.ofMinutes(1));
        RateCounters.Buckets b = node("node-b").buckets(name, 4, Duration.ofMinutes(1));
        assertThat(a.take("k")).isZero();
        assertThat(b.take("k")).isZero();
        assertThat(a.take("k")).isZero();
        assertThat(b.take("k")).isZero();
        assertThat(a.take("k")).isPositive();
        assertThat(b.take("k")).isPositive();
        assertThat(node("node-a").buckets(name(), 4, Duration.ofMinutes(1)).take("k")).as("another name").isZero();
    }

    @Test
    void aBucketTakesBackWhatIsGivenBackAndForgets() {
        String name = name();
        RateCounters.Buckets a = node("node-a").buckets(name, 2, Duration.ofMinutes(1));
        RateCounters.Buckets b = node("node-b").buckets(name, 2, Duration.ofMinutes(1));
        a.giveBack("k"); // nothing taken: stays full, not fuller
        assertThat(a.take("k")).isZero();
        assertThat(a.take("k")).isZero();
        assertThat(a.take("k")).isPositive();
        b.giveBack("k");
        assertThat(a.take("k")).isZero();
        assertThat(a.take("k")).isPositive();
        b.forget("k");
        assertThat(a.take("k")).isZero();
        assertThat(a.take("k")).isZero();
        assertThat(a.take("k")).isPositive();
    }

    @Test
    void aWindowOpensAtItsFirstTakeAndRefusesWholeWhatWouldPassTheLimit() {
        RateCounters.Windows windows = node("node-a").windows(name(), 10, Duration.ofMinutes(1));
        assertThat(windows.usage("u")).isEqualTo(new RateCounters.Usage(0, 0));
        clock.advance(Duration.ofSeconds(15)); // the window opens now, not on a minute boundary
        assertThat(windows.take("u", 4)).isEqualTo(new RateCounters.Take(true, 4, 60_000));
        clock.advance(Duration.ofSeconds(20));
        assertThat(windows.take("u", 6)).isEqualTo(new RateCounters.Take(true, 10, 40_000));
        assertThat(windows.take("u", 1)).isEqualTo(new RateCounters.Take(false, 10, 40_000));
        assertThat(windows.take("v", 10).allowed()).as("another key").isTrue();
        assertThat(windows.usage("u")).isEqualTo(new RateCounters.Usage(10, 40_000));
        clock.advance(Duration.ofSeconds(40));
        assertThat(windows.usage("u")).isEqualTo(new RateCounters.Usage(0, 0));
        assertThat(windows.take("u", 10)).isEqualTo(new RateCounters.Take(true, 10, 60_000));
    }

    @Test
    void aTakeLargerThanTheLimitIsRefusedAndOpensTheWindow() {
        RateCounters.Windows windows = node("node-a").windows(name(), 5, Duration.ofMinutes(1));
        assertThat(windows.take("u", 6)).isEqualTo(new RateCounters.Take(false, 0, 60_000));
        clock.advance(Duration.ofSeconds(30));
        assertThat(windows.take("u", 5)).isEqualTo(new RateCounters.Take(true, 5, 30_000));
    }

    @Test
    void windowsCountAcrossNodesAndGiveBack() {
        String name = name();
        RateCounters.Windows a = node("node-a").windows(name, 10, Duration.ofMinutes(1));
        RateCounters.Windows b = node("node-b").windows(name, 10, Duration.ofMinutes(1));
        assertThat(a.take("u", 6).allowed()).isTrue();
        assertThat(b.take("u", 5).allowed()).isFalse();
        a.giveBack("u", 2);
        assertThat(b.take("u", 5)).isEqualTo(new RateCounters.Take(true, 9, 60_000));
        b.giveBack("u", 100);
        assertThat(a.usage("u")).isEqualTo(new RateCounters.Usage(0, 60_000));
        b.giveBack("nobody", 3);
        assertThat(a.usage("nobody")).isEqualTo(new RateCounters.Usage(0, 0));
    }
}
