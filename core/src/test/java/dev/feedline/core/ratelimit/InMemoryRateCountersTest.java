package dev.feedline.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.contract.RateCountersContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rate counters contract in this process (one node: every node id is the same counters), and its memory bound. */
class InMemoryRateCountersTest extends RateCountersContract {
    private final InMemoryRateCounters counters = new InMemoryRateCounters(clock);

    @Override
    protected RateCounters node(String nodeId) { return counters; }

    @Test
    void bucketsStayBoundedWhenAnAttackerRotatesKeys() {
        InMemoryRateCounters.MemoryBuckets buckets = counters.buckets("rotating", 3, Duration.ofSeconds(60));
        for (int i = 0; i < InMemoryRateCounters.MAX_KEYS + 5_000; i++) buckets.take("key-" + i);
        assertThat(buckets.size()).isEqualTo(InMemoryRateCounters.MAX_KEYS);
    }

    @Test
    void endedWindowsAreSweptOnceThereAreMany() {
        InMemoryRateCounters.MemoryWindows windows = counters.windows("many", 10, Duration.ofMinutes(1));
        for (int i = 0; i <= InMemoryRateCounters.SWEEP_AT; i++) windows.take("key-" + i, 1);
        clock.advance(Duration.ofMinutes(1));
        windows.take("one-more", 1);
        assertThat(windows.size()).isEqualTo(1);
    }
}
