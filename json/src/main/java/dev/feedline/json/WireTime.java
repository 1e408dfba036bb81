package dev.feedline.json;

import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Time on the wire: ISO-8601 in, ISO-8601 UTC out (fractions only when not zero). */
public final class WireTime {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private WireTime() {}

    /** ISO-8601 with offset or Z ("2018-01-01T01:00:00Z", fractions allowed); a bare date is midnight UTC. */
    public static Instant parse(String field, String text) {
        String s = text.trim();
        try {
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (!s.endsWith("Z") && !s.matches(".*[+-]\\d\\d:?\\d\\d$")) s = s + "Z";
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            throw FeedlineException.invalidField(field, "not an ISO-8601 time such as 2024-05-01T10:00:00Z");
        }
    }

    /** "2024-05-01T10:00:00Z", or with .SSS / .SSSSSS when the time has a fraction. */
    public static String format(Instant t) {
        long seconds = t.getEpochSecond();
        // Written by hand for the years data lives in: a page of 1,000 points spent a tenth of its time
        // in DateTimeFormatter. Other years keep the JDK's rendering (signs, more digits).
        if (seconds < 0 || seconds >= YEAR_10000) return formatOther(t);
        LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int micros = t.getNano() / 1000;
        char[] out = new char[micros == 0 ? 20 : micros % 1000 == 0 ? 24 : 27];
        digits(out, 0, utc.getYear(), 4);
        out[4] = '-';
        digits(out, 5, utc.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, utc.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, utc.getHour(), 2);
        out[13] = ':';
        digits(out, 14, utc.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, utc.getSecond(), 2);
        if (micros != 0) {
            out[19] = '.';
            if (out.length == 24) digits(out, 20, micros / 1000, 3);
            else digits(out, 20, micros, 6);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static final long YEAR_10000 = 253_402_300_800L;

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The JDK's rendering, for years before 1970 or after 9999. */
    static String formatOther(Instant t) {
        if (t.getNano() == 0) return SECONDS.format(t);
        return t.truncatedTo(ChronoUnit.MICROS).toString();
    }

    public static String formatMicros(long micros) { return format(DataService.instant(micros)); }

    /** "15m", "1h", "500ms", "7d", "1w", or ISO-8601 "PT1H"; null for an absent value. */
    public static Duration duration(String field, String text) {
        if (text == null || text.isBlank()) return null;
        Matcher m = DURATION.matcher(text.trim());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            }
            return Duration.parse(text.trim());
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw FeedlineException.invalidField(field, "not a duration such as 15m, 1h or 1d");
        }
    }
}
