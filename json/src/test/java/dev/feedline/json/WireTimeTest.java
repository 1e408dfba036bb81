package dev.feedline.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WireTimeTest {

    @Test
    void timesAreWrittenInUtcWithAFractionOnlyWhenThereIsOne() {
        assertThat(WireTime.format(Instant.parse("2024-05-01T10:00:00Z"))).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(WireTime.format(Instant.parse("2024-05-01T10:00:00.120Z"))).isEqualTo("2024-05-01T10:00:00.120Z");
        assertThat(WireTime.format(Instant.parse("2024-05-01T10:00:00.000001Z"))).isEqualTo("2024-05-01T10:00:00.000001Z");
        assertThat(WireTime.format(Instant.parse("2024-05-01T10:00:00.123456789Z"))).isEqualTo("2024-05-01T10:00:00.123456Z");
        assertThat(WireTime.format(Instant.parse("2024-05-01T10:00:00.000000999Z"))).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(WireTime.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(WireTime.format(Instant.parse("2024-02-29T23:59:59.999Z"))).isEqualTo("2024-02-29T23:59:59.999Z");
    }

    @Test
    void theFastPathWritesWhatTheJdkWrites() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-5_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertThat(WireTime.format(t)).as("%s", t).isEqualTo(WireTime.formatOther(t));
        }
    }
}
