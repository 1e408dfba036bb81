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

    @Test
    void theCanonicalFormIsReadAsTheJdkReadsIt() {
        SplittableRandom random = new SplittableRandom(7);
        String[] zones = {"Z", "+00:00", "+02:00", "-05:30", "+14:00", "-11:45"};
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_800L), random.nextInt(1_000_000_000));
            String base = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, java.time.ZoneOffset.UTC).toString();
            if (base.length() == 16) base += ":00";
            String fraction = switch (i % 5) {
                case 0 -> "";
                case 1 -> String.format(".%03d", t.getNano() / 1_000_000);
                case 2 -> String.format(".%06d", t.getNano() / 1000);
                case 3 -> String.format(".%09d", t.getNano());
                default -> "." + Integer.toString(t.getNano()).charAt(0);
            };
            String text = base + fraction + zones[i % zones.length];
            Instant expected = java.time.OffsetDateTime.parse(text).toInstant();
            assertThat(WireTime.parseCanonical(text)).as(text).isEqualTo(expected);
            assertThat(WireTime.parse("t", text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void otherFormsAndInvalidDatesTakeTheGeneralPath() {
        for (String text : new String[] {"2024-05-01", "2024-05-01T10:00Z", "2024-05-01T10:00:00", "2024-05-01T10:00:00+0200",
                "2024-02-30T10:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T10:00:60Z",
                "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00.1234567890Z", "2024-05-01T10:00:00+18:00", "+2024-05-01T10:00:00Z",
                "2024-05-01T10:00:00.\u0661Z", "2024-05-01T10:00:00.5\u0661Z"}) {
            assertThat(WireTime.parseCanonical(text)).as(text).isNull();
        }
        assertThat(WireTime.parse("t", "2024-05-01 10:00:00Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(WireTime.parse("t", " 2024-05-01T10:00:00+02:00 ")).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(WireTime.parse("t", "2024-05-01T10:00:00")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WireTime.parse("t", "2024-02-30T10:00:00Z"))
                .isInstanceOf(dev.feedline.core.error.FeedlineException.class);
    }
}
