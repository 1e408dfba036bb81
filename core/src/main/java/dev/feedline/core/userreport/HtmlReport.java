package dev.feedline.core.userreport;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The table as one self-contained HTML page: the label and period, a line chart drawn as inline SVG (one line per
 * column, a gap where a bucket has no value), and the table. No script, style sheet, font or image is loaded from
 * anywhere, so the page opens offline and from a mail client's attachment view alike.
 */
final class HtmlReport {
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 320;
    private static final int PAD = 50;

    private HtmlReport() {}

    static byte[] write(ReportTable table, ReportHeading heading) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(heading.title())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:right}th{background:#f4f4f4}.legend span{display:inline-block;margin-right:1.5em}.legend i{display:inline-block;")
                .append("width:12px;height:12px;margin-right:4px}</style></head><body>\n<h1>").append(esc(heading.title())).append("</h1>\n<p>")
                .append(esc(heading.period())).append(" (UTC)</p>\n");
        if (table.rows().isEmpty()) {
            h.append("<p>No data in this period.</p>\n");
        } else {
            chart(h, table, heading);
        }
        h.append("<table><thead><tr><th>time (UTC)</th>");
        for (ReportTable.Column c : table.columns()) h.append("<th>").append(esc(c.header())).append("</th>");
        h.append("</tr></thead><tbody>\n");
        for (ReportTable.Row row : table.rows()) {
            h.append("<tr><td>").append(ReportHeading.time(row.start())).append("</td>");
            for (Double v : row.values()) h.append("<td>").append(ReportHeading.number(v)).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n</body></html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Time runs along x over the whole period; y spans the values' range (a flat range is widened by one). */
    private static void chart(StringBuilder h, ReportTable table, ReportHeading heading) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ReportTable.Row row : table.rows()) {
            for (Double v : row.values()) {
                if (v == null || v.isNaN() || v.isInfinite()) continue;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min == max) {
            min -= 1;
            max += 1;
        }
        long t0 = heading.start().toEpochMilli();
        long span = Math.max(1, heading.end().toEpochMilli() - t0);
        int w = WIDTH - 2 * PAD;
        int ht = HEIGHT - 2 * PAD;
        h.append("<svg role=\"img\" aria-label=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\">\n");
        h.append("<rect x=\"").append(PAD).append("\" y=\"").append(PAD).append("\" width=\"").append(w).append("\" height=\"").append(ht)
                .append("\" fill=\"none\" stroke=\"#999\"/>\n");
        h.append(label(PAD - 5, PAD + 4, "end", ReportHeading.number(max))).append(label(PAD - 5, PAD + ht, "end", ReportHeading.number(min)))
                .append(label(PAD, HEIGHT - PAD + 18, "start", ReportHeading.time(heading.start())))
                .append(label(PAD + w, HEIGHT - PAD + 18, "end", ReportHeading.time(heading.end())));
        for (int c = 0; c < table.columns().size(); c++) {
            String color = COLORS[c % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (ReportTable.Row row : table.rows()) {
                Double v = row.values().get(c);
                if (v == null || v.isNaN() || v.isInfinite()) {
                    line(h, points, color);
                    continue;
                }
                double x = PAD + w * (double) (row.start().toEpochMilli() - t0) / span;
                double y = PAD + ht * (1 - (v - min) / (max - min));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            line(h, points, color);
        }
        h.append("</svg>\n<p class=\"legend\">");
        for (int c = 0; c < table.columns().size(); c++) {
            h.append("<span><i style=\"background:").append(COLORS[c % COLORS.length]).append("\"></i>").append(esc(table.columns().get(c).header()))
                    .append("</span>");
        }
        h.append("</p>\n");
    }

    private static void line(StringBuilder h, StringBuilder points, String color) {
        if (points.isEmpty()) return;
        h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"").append(points.toString().trim()).append("\"/>\n");
        points.setLength(0);
    }

    private static String label(int x, int y, String anchor, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"11\" text-anchor=\"" + anchor + "\">" + esc(text) + "</text>\n";
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
