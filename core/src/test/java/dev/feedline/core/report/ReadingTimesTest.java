package dev.feedline.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingTimesTest {
    private static final Instant RECEIVED = Instant.parse("2024-05-01T12:00:00Z");

    private static ReportReading r(int stream, long id, long ts) { return new ReportReading(stream, id, ts, null, 0); }

    @Test
    void uptimeReadingsCountFromTheTimeBase() {
        // Sent at uptime 1000 s, received at noon: the device booted at 11:43:20.
        var timed = ReadingTimes.assign(List.of(r(0x5001, 1, 100), r(0x5001, 2, 900)), RECEIVED, 1000);
        assertThat(timed).extracting(ReadingTimes.Timed::timestamp)
                .containsExactly(Instant.parse("2024-05-01T11:45:00Z"), Instant.parse("2024-05-01T11:58:20Z"));
        assertThat(timed).extracting(ReadingTimes.Timed::status).containsOnly("cln");
    }

    @Test
    void realTimeClockReadingsAreSecondsSince2000() {
        long rtc = 0x8000_0000L | 86_400L; // one day after 2000-01-01
        var timed = ReadingTimes.assign(List.of(r(0x5001, 1, rtc)), RECEIVED, 1000);
        assertThat(timed.get(0).timestamp()).isEqualTo(Instant.parse("2000-01-02T00:00:00Z"));
        assertThat(timed.get(0).status()).isEqualTo("utc");
    }

    @Test
    void allOnesIsNotARealTimeClockReading() {
        var timed = ReadingTimes.assign(List.of(r(0x5001, 1, 0xFFFF_FFFFL)), RECEIVED, 0xFFFF_FFFFL);
        assertThat(timed.get(0).status()).isEqualTo("cln");
        assertThat(timed.get(0).timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void readingsBeforeARebootAreDirtyAndEndJustBeforeIt() {
        // Previous boot: readings at uptime 5000 and 5100; then a reboot (marker at uptime 2), then a reading at 50.
        var timed = ReadingTimes.assign(List.of(r(0x5001, 1, 5000), r(0x5001, 2, 5100), r(ReadingTimes.REBOOT_STREAM, 3, 2),
                r(0x5001, 4, 50)), RECEIVED, 100);
        Instant boot = RECEIVED.minusSeconds(100);
        assertThat(timed).extracting(t -> t.reading().id()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(timed.get(3).timestamp()).isEqualTo(boot.plusSeconds(50));
        assertThat(timed.get(2).timestamp()).isEqualTo(boot.plusSeconds(2));
        assertThat(timed.get(2).status()).isEqualTo("cln");
        assertThat(timed.get(1).timestamp()).isEqualTo(boot.plusSeconds(1));
        assertThat(timed.get(0).timestamp()).isEqualTo(boot.plusSeconds(1).minusSeconds(100));
        assertThat(timed.get(1).status()).isEqualTo("drt");
        assertThat(timed.get(0).dirty()).isTrue();
    }

    @Test
    void aStatedAbsoluteTimeIsKept() {
        Instant t = Instant.parse("2023-03-03T03:03:03Z");
        var timed = ReadingTimes.assign(List.of(new ReportReading(0x5001, 1, 0, t, 1)), RECEIVED, 10);
        assertThat(timed.get(0).timestamp()).isEqualTo(t);
        assertThat(timed.get(0).status()).isEqualTo("utc");
    }
}
