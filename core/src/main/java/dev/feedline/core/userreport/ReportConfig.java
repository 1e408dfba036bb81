package dev.feedline.core.userreport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.AggregateFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a report template reports: its sources (s--, d--, p-- or v-- slugs of the template's org), the aggregates
 * each stream gets as columns, the period a generation covers (the day, week or month before it runs), the bucket
 * of a row, the output formats and the recipients ("email:a@b.c", "user:username", "org:admin", "org:all").
 * Stored as JSON text in the template's config column.
 */
public record ReportConfig(List<String> sources, List<AggregateFunction> columns, Period period, Duration bucket, List<Format> formats,
                           List<String> recipients) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([mhdw])");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s:]+@[^@\\s]+\\.[^@\\s]+");
    private static final Duration MIN_BUCKET = Duration.ofMinutes(1);

    public enum Period {
        DAY, WEEK, MONTH;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }

    public enum Format {
        CSV("text/csv; charset=utf-8"), XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), HTML("text/html; charset=utf-8");

        public final String contentType;

        Format(String contentType) { this.contentType = contentType; }

        public String wire() { return name().toLowerCase(Locale.ROOT); }

        public static Format parse(String s) {
            for (Format f : values()) if (f.wire().equalsIgnoreCase(s == null ? "" : s.trim())) return f;
            return null;
        }
    }

    /** A new template's config when the caller leaves fields out: averages per hour of the last day, as CSV. */
    static ReportConfig defaults() {
        return new ReportConfig(List.of(), List.of(AggregateFunction.AVG), Period.DAY, Duration.ofHours(1), List.of(Format.CSV), List.of());
    }

    /**
     * This config with the given fields (null: unchanged) validated against the limits; INVALID names the first bad
     * field. Recipients are normalized: a bare address becomes "email:address".
     */
    ReportConfig with(List<String> newSources, List<String> newColumns, String newPeriod, String newBucket, List<String> newFormats,
                      List<String> newRecipients, ReportLimits limits) {
        List<String> src = newSources == null ? sources : distinct(newSources, "sources");
        if (src.size() > limits.maxSources()) throw FeedlineException.invalidField("sources", "at most " + limits.maxSources() + " sources");
        for (String s : src) {
            String kind = s.length() < 3 ? "" : s.substring(0, 3).toLowerCase(Locale.ROOT);
            if (!List.of("s--", "d--", "p--", "v--").contains(kind)) {
                throw FeedlineException.invalidField("sources", "'" + s + "' is not an s--, d--, p-- or v-- slug");
            }
        }
        List<AggregateFunction> cols = newColumns == null ? columns
                : nonEmpty(newColumns, "columns", AggregateFunction::parse, "avg, min, max, sum, count, first, last");
        Period p = period;
        if (newPeriod != null) {
            try {
                p = Period.valueOf(newPeriod.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw FeedlineException.invalidField("period", "one of day, week, month");
            }
        }
        Duration b = newBucket == null ? bucket : bucket(newBucket);
        long rows = longest(p).toSeconds() / b.toSeconds();
        if (rows > limits.maxRows()) {
            throw FeedlineException.invalidField("bucket", "a " + p.wire() + " in buckets of " + text(b) + " is " + rows + " rows; at most "
                    + limits.maxRows() + " are allowed, use a larger bucket");
        }
        List<Format> fmts = newFormats == null ? formats : nonEmpty(newFormats, "formats", Format::parse, "csv, xlsx, html");
        List<String> rcp = recipients;
        if (newRecipients != null) {
            rcp = new ArrayList<>();
            for (String r : distinct(newRecipients, "notification_recipients")) rcp.add(recipient(r));
            if (rcp.size() > limits.maxRecipients()) {
                throw FeedlineException.invalidField("notification_recipients", "at most " + limits.maxRecipients() + " recipients");
            }
        }
        return new ReportConfig(List.copyOf(src), List.copyOf(cols), p, b, List.copyOf(fmts), List.copyOf(rcp));
    }

    /** The values parsed (null: not one of the allowed), distinct, at least one; INVALID names the field otherwise. */
    private static <T> List<T> nonEmpty(List<String> values, String field, java.util.function.Function<String, T> parse, String allowed) {
        List<T> out = new ArrayList<>();
        for (String v : distinct(values, field)) {
            T parsed = parse.apply(v);
            if (parsed == null) throw FeedlineException.invalidField(field, "'" + v + "' is not one of " + allowed);
            out.add(parsed);
        }
        if (out.isEmpty()) throw FeedlineException.invalidField(field, "give at least one of " + allowed);
        return out;
    }

    private static Duration longest(Period p) {
        return switch (p) {
            case DAY -> Duration.ofHours(25); // a day with a daylight saving change
            case WEEK -> Duration.ofDays(7).plusHours(1);
            case MONTH -> Duration.ofDays(31);
        };
    }

    /** "15m", "1h", "1d", "1w" or ISO-8601 ("PT30M"); at least a minute, in whole seconds. */
    static Duration bucket(String text) {
        Duration d;
        Matcher m = DURATION.matcher(text.trim());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            } else {
                d = Duration.parse(text.trim());
            }
        } catch (RuntimeException e) {
            throw FeedlineException.invalidField("bucket", "not a duration such as 15m, 1h or 1d");
        }
        if (d.compareTo(MIN_BUCKET) < 0 || d.getNano() != 0) throw FeedlineException.invalidField("bucket", "at least 1m, in whole seconds");
        return d;
    }

    private static String recipient(String r) {
        String s = r.trim();
        if (EMAIL.matcher(s).matches()) return "email:" + s;
        if (s.startsWith("email:") && EMAIL.matcher(s.substring(6)).matches()) return s;
        if (s.equals("org:admin") || s.equals("org:all")) return s;
        if (s.startsWith("user:") && s.length() > 5) return s;
        throw FeedlineException.invalidField("notification_recipients", "'" + r + "' is not an email address, email:<address>, user:<username>, org:admin or org:all");
    }

    private static List<String> distinct(List<String> values, String field) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || v.isBlank()) throw FeedlineException.invalidField(field, "may not contain empty values");
            out.add(v.trim());
        }
        return List.copyOf(out);
    }

    /** The bucket as the API shows it: "1h", "15m", "1d", else ISO-8601. */
    public String bucketText() { return text(bucket); }

    private static String text(Duration bucket) {
        long s = bucket.toSeconds();
        if (s % 86_400 == 0) return s / 86_400 + "d";
        if (s % 3_600 == 0) return s / 3_600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return bucket.toString();
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode src = n.putArray("sources");
        sources.forEach(src::add);
        ArrayNode cols = n.putArray("columns");
        columns.forEach(c -> cols.add(c.wire()));
        n.put("period", period.wire());
        n.put("bucket", bucketText());
        ArrayNode fmts = n.putArray("formats");
        formats.forEach(f -> fmts.add(f.wire()));
        ArrayNode rcp = n.putArray("recipients");
        recipients.forEach(rcp::add);
        return n.toString();
    }

    public static ReportConfig parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<String> src = new ArrayList<>();
            n.path("sources").forEach(s -> src.add(s.asText()));
            List<AggregateFunction> cols = new ArrayList<>();
            n.path("columns").forEach(c -> cols.add(AggregateFunction.parse(c.asText())));
            List<Format> fmts = new ArrayList<>();
            n.path("formats").forEach(f -> fmts.add(Format.parse(f.asText())));
            List<String> rcp = new ArrayList<>();
            n.path("recipients").forEach(r -> rcp.add(r.asText()));
            return new ReportConfig(src, cols, Period.valueOf(n.path("period").asText().toUpperCase(Locale.ROOT)), bucket(n.path("bucket").asText()),
                    fmts, rcp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
