package dev.feedline.json;

import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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
        Instant canonical = parseCanonical(s);
        if (canonical != null) return canonical;
        try {
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (!s.endsWith("Z") && !s.matches(".*[+-]\\d\\d:?\\d\\d$")) s = s + "Z";
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            throw FeedlineException.invalidField(field, "not an ISO-8601 time such as 2024-05-01T10:00:00Z");
        }
    }

    /**
     * The form nearly every client sends, "2024-05-01T10:00:00[.fraction](Z|+02:00)", read by hand: the JDK's
     * parser and the offset regex cost a few microseconds per point, a noticeable share of a 1,000-point request.
     * Null for anything else (including invalid dates), which {@link #parse} then reads as before.
     */
    static Instant parseCanonical(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
        int year = number(s, 0, 4), month = number(s, 5, 2), day = number(s, 8, 2);
        int hour = number(s, 11, 2), minute = number(s, 14, 2), second = number(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
        int at = 19;
        int nanos = 0;
        if (s.charAt(at) == '.') {
            int digits = 0;
            while (at + 1 + digits < n && isAsciiDigit(s.charAt(at + 1 + digits))) digits++;
            if (digits == 0 || digits > 9) return null;
            nanos = number(s, at + 1, digits);
            for (int i = digits; i < 9; i++) nanos *= 10;
            at += 1 + digits;
        }
        int offsetSeconds;
        char zone = s.charAt(at);
        if (zone == 'Z' && at + 1 == n) {
            offsetSeconds = 0;
        } else if ((zone == '+' || zone == '-') && at + 6 == n && s.charAt(at + 3) == ':') {
            int hours = number(s, at + 1, 2), minutes = number(s, at + 4, 2);
            if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) return null;
            offsetSeconds = (zone == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) return null;
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds, nanos);
    }

    private static boolean isAsciiDigit(char c) { return c >= '0' && c <= '9'; }

    /** The decimal number in s[from, from + length), or -1 if a character is not an ASCII digit. */
    private static int number(String s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (!isAsciiDigit(c)) return -1;
            value = value * 10 + (c - '0');
        }
        return value;
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
