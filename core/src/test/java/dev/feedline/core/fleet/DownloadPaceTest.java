package dev.feedline.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DownloadPaceTest {
    private static final long MS = 1_000_000L;
    private long now = 5_000 * MS;
    private final DownloadPace pace = new DownloadPace(1_000, () -> now); // 1,000 bytes a second

    @Test
    void oneSecondsWorthGoesAtOnceThenThePaceHolds() {
        assertThat(pace.reserve(500)).isZero();
        assertThat(pace.reserve(500)).isZero();
        assertThat(pace.reserve(500)).isEqualTo(500 * MS);
        assertThat(pace.reserve(250)).isEqualTo(750 * MS);
        now += 750 * MS; // the last booked bytes are due now
        assertThat(pace.reserve(100)).isEqualTo(100 * MS);
    }

    @Test
    void aQuietSpellEarnsAtMostOneSecondsWorth() {
        assertThat(pace.reserve(1_000)).isZero();
        now += 60_000 * MS;
        assertThat(pace.reserve(1_000)).isZero();
        assertThat(pace.reserve(1_000)).isEqualTo(1_000 * MS);
    }

    @Test
    void aTurnLaterThanTheLongestWaitIsNotBooked() {
        for (int i = 0; i < 21; i++) assertThat(pace.reserve(1_000)).isEqualTo(i * 1_000 * MS); // up to 20 s ahead
        assertThat(pace.reserve(1_000)).isEqualTo(DownloadPace.FULL);
        now += 1_000 * MS; // a second served: room for one more
        assertThat(pace.reserve(1_000)).isEqualTo(20_000 * MS);
    }

    @Test
    void zeroBytesPerSecondNeverWaits() {
        DownloadPace unlimited = new DownloadPace(0, () -> now);
        for (int i = 0; i < 1_000; i++) assertThat(unlimited.reserve(65_536)).isZero();
        assertThatThrownBy(() -> new DownloadPace(-1, () -> now)).isInstanceOf(IllegalArgumentException.class);
    }
}
