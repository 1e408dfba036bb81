package dev.feedline.core.userreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTableTest {
    private static final long HOUR = 3_600_000_000L;
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli() * 1000;

    private static ReportTable.Column col(String slug, AggregateFunction fn) { return new ReportTable.Column(slug, slug, fn); }

    @Test
    void rowsAreTheBucketsOfAnyColumnInTimeOrderWithGapsWhereAColumnHasNoValue() {
        ReportTable t = ReportTable.of(List.of(col("s--a", AggregateFunction.AVG), col("s--b", AggregateFunction.MAX)), List.of(
                List.of(new Bucket(T0 + 2 * HOUR, 2, 7.5), new Bucket(T0, 1, 1.0)),
                List.of(new Bucket(T0 + HOUR, 3, 9.0), new Bucket(T0 + 2 * HOUR, 1, 8.0), new Bucket(T0 + 3 * HOUR, 0, null))));
        assertThat(t.rows()).extracting(ReportTable.Row::start).containsExactly(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-01T01:00:00Z"), Instant.parse("2026-03-01T02:00:00Z"));
        assertThat(t.rows()).extracting(ReportTable.Row::values).containsExactly(Arrays.asList(1.0, null), Arrays.asList(null, 9.0),
                Arrays.asList(7.5, 8.0));
        assertThat(t.columns().get(1).header()).isEqualTo("s--b (max)");
    }

    @Test
    void csvAndHtmlShowTheSameNumbers() {
        ReportTable t = ReportTable.of(List.of(col("s--<a>", AggregateFunction.SUM)), List.of(List.of(new Bucket(T0, 2, 3.0), new Bucket(T0 + HOUR, 1, 0.25))));
        String csv = new String(CsvReport.write(t), StandardCharsets.UTF_8);
        assertThat(csv.lines()).containsExactly("time,s--<a> (sum)", "2026-03-01T00:00:00Z,3", "2026-03-01T01:00:00Z,0.25");
        String html = new String(HtmlReport.write(t, new ReportHeading("Daily <b>", Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z"))), StandardCharsets.UTF_8);
        assertThat(html).contains("<td>3</td>", "<td>0.25</td>", "Daily &lt;b&gt;", "s--&lt;a&gt; (sum)", "<svg", "<polyline")
                .doesNotContain("http:", "https:", "<script", "<link", "src=");
    }

    @Test
    void configValidationNamesTheFieldAndKeepsRowsBounded() {
        ReportLimits limits = ReportLimits.defaults();
        ReportConfig c = ReportConfig.defaults().with(List.of("d--0000-0000-0000-0001"), List.of("avg", "max"), "week", "15m",
                List.of("csv", "html"), List.of("a@example.com", "org:admin"), limits);
        assertThat(c.recipients()).containsExactly("email:a@example.com", "org:admin");
        assertThat(c.bucket()).isEqualTo(Duration.ofMinutes(15));
        assertThat(ReportConfig.parse(c.toJson())).isEqualTo(c);
        assertThatThrownBy(() -> ReportConfig.defaults().with(null, null, "month", "1m", null, null, limits))
                .isInstanceOf(FeedlineException.class).hasMessageContaining("bucket").hasMessageContaining("rows");
        assertThatThrownBy(() -> ReportConfig.defaults().with(List.of("x--1"), null, null, null, null, null, limits)).hasMessageContaining("sources");
        assertThatThrownBy(() -> ReportConfig.defaults().with(null, List.of("median"), null, null, null, null, limits)).hasMessageContaining("columns");
        assertThatThrownBy(() -> ReportConfig.defaults().with(null, null, null, null, List.of("pdf"), null, limits)).hasMessageContaining("formats");
        assertThatThrownBy(() -> ReportConfig.defaults().with(null, null, null, null, null, List.of("nobody"), limits))
                .hasMessageContaining("notification_recipients");
        assertThatThrownBy(() -> ReportConfig.defaults().with(null, null, "year", null, null, null, limits)).hasMessageContaining("period");
        assertThatThrownBy(() -> ReportConfig.defaults().with(null, null, null, "30s", null, null, limits)).hasMessageContaining("bucket");
    }
}
