package dev.feedline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The results of one invocation: a row per measured figure, printed as it comes (so a long run shows
 * progress) and written at the end as a Markdown table that docs/PERFORMANCE.md can quote.
 */
final class Report {
    private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());

    /** system is what was measured: "feedline/sqlite", "mosquitto", "raw sqlite", ... */
    void add(String scenario, String system, String metric, String value, String target) {
        Row row = new Row(scenario, system, metric, value, target == null ? "" : target);
        rows.add(row);
        System.out.printf("[%s] %-18s %-34s %s%s%n", scenario, system, metric, value, row.target.isEmpty() ? "" : "   (target " + row.target + ")");
    }

    void add(String scenario, String system, String metric, String value) { add(scenario, system, metric, value, null); }

    void usage(String scenario, String system, ProcessStats.Usage usage) { add(scenario, system, "server CPU / RSS", usage.text()); }

    List<Row> rows() { return List.copyOf(rows); }

    String markdown() {
        StringBuilder b = new StringBuilder("| scenario | system | metric | value | target |\n|---|---|---|---|---|\n");
        for (Row r : rows()) b.append("| ").append(r.scenario).append(" | ").append(r.system).append(" | ").append(r.metric)
                .append(" | ").append(r.value).append(" | ").append(r.target).append(" |\n");
        return b.toString();
    }

    void write(Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.writeString(file, markdown());
    }

    record Row(String scenario, String system, String metric, String value, String target) {}

    static String rate(double perSecond) { return String.format("%,.0f points/s", perSecond); }

    static String ratio(double a, double b) { return b <= 0 ? "n/a" : String.format("%.2f", a / b); }
}
