package dev.feedline.core.userreport;

import dev.feedline.core.error.FeedlineException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;

/**
 * When a template is generated: interval "x" (on demand only), "d" (every day), "w" (every Monday) or "m" (the
 * first of every month), at a local time of day in a time zone. A generation covers the period before its run:
 * a daily report at 06:00 with period "day" covers 06:00 yesterday to 06:00 today, local time, so a day with a
 * daylight saving change is 23 or 25 hours long, as the people reading it count it.
 */
public record ReportSchedule(String interval, LocalTime at, ZoneId zone) {
    public static final String MANUAL = "x";

    /** The schedule from the API's fields; INVALID names the bad one. */
    public static ReportSchedule of(String interval, String timeOfDay, String timezone) {
        if (!java.util.List.of("x", "d", "w", "m").contains(interval)) {
            throw FeedlineException.invalidField("interval", "one of x (on demand only), d (daily), w (weekly, Mondays), m (monthly, the 1st)");
        }
        LocalTime at;
        try {
            at = LocalTime.parse(timeOfDay);
        } catch (DateTimeParseException e) {
            throw FeedlineException.invalidField("time_of_day", "a local time HH:MM, e.g. 06:00");
        }
        if (at.getSecond() != 0 || at.getNano() != 0) throw FeedlineException.invalidField("time_of_day", "a local time HH:MM, e.g. 06:00");
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw FeedlineException.invalidField("timezone", "an IANA time zone such as UTC or Europe/Paris");
        }
        return new ReportSchedule(interval, at, zone);
    }

    /** The first run strictly after the instant; null for "x". */
    public Instant next(Instant after) {
        if (MANUAL.equals(interval)) return null;
        LocalDate day = first(after.atZone(zone).toLocalDate());
        while (true) {
            // atZone resolves a time a daylight saving gap skips to the time after the gap, and an overlap to its first instant.
            Instant run = day.atTime(at).atZone(zone).toInstant();
            if (run.isAfter(after)) return run;
            day = following(day);
        }
    }

    /** The start of the period that ends at end: the same local time a day, a week or a month earlier. */
    public Instant periodStart(Instant end, ReportConfig.Period period) {
        var local = end.atZone(zone);
        return switch (period) {
            case DAY -> local.minusDays(1).toInstant();
            case WEEK -> local.minusWeeks(1).toInstant();
            case MONTH -> local.minusMonths(1).toInstant();
        };
    }

    /** The first day on or after day that the interval runs on. */
    private LocalDate first(LocalDate day) {
        return switch (interval) {
            case "w" -> day.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
            case "m" -> day.getDayOfMonth() == 1 ? day : day.with(TemporalAdjusters.firstDayOfNextMonth());
            default -> day;
        };
    }

    private LocalDate following(LocalDate day) {
        return switch (interval) {
            case "w" -> day.plusWeeks(1);
            case "m" -> day.with(TemporalAdjusters.firstDayOfNextMonth());
            default -> day.plusDays(1);
        };
    }
}
