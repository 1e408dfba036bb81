package dev.feedline.core.userreport;

import java.time.Duration;

/**
 * Bounds of generated reports (docs/REPORTS.md): sources per template, streams per report, rows (buckets) per
 * report, recipients per template; how long generated reports are kept and how long a share link stays valid.
 */
public record ReportLimits(int maxSources, int maxStreams, int maxRows, int maxRecipients, Duration keep, Duration linkValidity) {
    public static ReportLimits defaults() {
        return new ReportLimits(20, 100, 10_000, 20, Duration.ofDays(90), Duration.ofDays(7));
    }
}
