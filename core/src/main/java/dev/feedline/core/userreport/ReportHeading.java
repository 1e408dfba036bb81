package dev.feedline.core.userreport;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** What every format shows above the table: the report's label and the period it covers, [start, end), in UTC. */
public record ReportHeading(String title, Instant start, Instant end) {
    public String period() { return time(start) + " to " + time(end); }

    /** Times as ISO-8601 UTC, to the second: what the data API shows and spreadsheets parse. */
    static String time(Instant t) { return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)); }

    /** A value as plain decimal text without trailing zeros ("21.5", "3"); empty for no value. */
    static String number(Double v) {
        if (v == null) return "";
        if (v.isNaN() || v.isInfinite()) return v.toString();
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
