package dev.feedline.core.userreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportScheduleTest {
    private static Instant at(String iso) { return Instant.parse(iso); }

    @Test
    void dailyRunsAtTheLocalTimeStrictlyAfterTheGivenInstant() {
        ReportSchedule s = ReportSchedule.of("d", "06:00", "UTC");
        assertThat(s.next(at("2026-03-02T05:00:00Z"))).isEqualTo(at("2026-03-02T06:00:00Z"));
        assertThat(s.next(at("2026-03-02T06:00:00Z"))).isEqualTo(at("2026-03-03T06:00:00Z"));
        assertThat(s.next(at("2026-12-31T23:59:00Z"))).isEqualTo(at("2027-01-01T06:00:00Z"));
    }

    @Test
    void aTimeZoneKeepsTheLocalTimeAcrossDaylightSavingChanges() {
        ReportSchedule s = ReportSchedule.of("d", "06:00", "Europe/Paris");
        // CET (UTC+1) before 29 March 2026, CEST (UTC+2) after.
        assertThat(s.next(at("2026-03-28T12:00:00Z"))).isEqualTo(at("2026-03-29T04:00:00Z"));
        assertThat(s.next(at("2026-03-27T12:00:00Z"))).isEqualTo(at("2026-03-28T05:00:00Z"));
        // The day of the change is 23 hours long, and a daily report covers it as the people reading it count it.
        assertThat(s.periodStart(at("2026-03-29T04:00:00Z"), ReportConfig.Period.DAY)).isEqualTo(at("2026-03-28T05:00:00Z"));
        // A time the change skips (02:30 on 29 March) runs at the first instant after the gap.
        assertThat(ReportSchedule.of("d", "02:30", "Europe/Paris").next(at("2026-03-29T00:00:00Z"))).isEqualTo(at("2026-03-29T01:30:00Z"));
    }

    @Test
    void weeklyRunsOnMondaysAndMonthlyOnTheFirst() {
        ReportSchedule weekly = ReportSchedule.of("w", "08:30", "UTC");
        // 4 March 2026 is a Wednesday.
        assertThat(weekly.next(at("2026-03-04T10:00:00Z"))).isEqualTo(at("2026-03-09T08:30:00Z"));
        assertThat(weekly.next(at("2026-03-09T08:00:00Z"))).isEqualTo(at("2026-03-09T08:30:00Z"));
        assertThat(weekly.next(at("2026-03-09T08:30:00Z"))).isEqualTo(at("2026-03-16T08:30:00Z"));
        ReportSchedule monthly = ReportSchedule.of("m", "00:00", "UTC");
        assertThat(monthly.next(at("2026-01-31T12:00:00Z"))).isEqualTo(at("2026-02-01T00:00:00Z"));
        assertThat(monthly.next(at("2026-02-01T00:00:00Z"))).isEqualTo(at("2026-03-01T00:00:00Z"));
        assertThat(monthly.periodStart(at("2026-03-01T00:00:00Z"), ReportConfig.Period.MONTH)).isEqualTo(at("2026-02-01T00:00:00Z"));
        assertThat(weekly.periodStart(at("2026-03-09T08:30:00Z"), ReportConfig.Period.WEEK)).isEqualTo(at("2026-03-02T08:30:00Z"));
    }

    @Test
    void onDemandOnlyHasNoNextRun() {
        assertThat(ReportSchedule.of("x", "06:00", "UTC").next(at("2026-03-02T05:00:00Z"))).isNull();
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> ReportSchedule.of("h", "06:00", "UTC")).isInstanceOf(FeedlineException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> ReportSchedule.of("d", "25:00", "UTC")).isInstanceOf(FeedlineException.class).hasMessageContaining("time_of_day");
        assertThatThrownBy(() -> ReportSchedule.of("d", "06:00:30", "UTC")).isInstanceOf(FeedlineException.class).hasMessageContaining("time_of_day");
        assertThatThrownBy(() -> ReportSchedule.of("d", "06:00", "Mars/Olympus")).isInstanceOf(FeedlineException.class).hasMessageContaining("timezone");
    }
}
