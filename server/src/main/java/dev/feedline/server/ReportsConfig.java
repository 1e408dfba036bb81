package dev.feedline.server;

import dev.feedline.core.userreport.ReportLimits;
import java.time.Duration;

/**
 * Generated reports' keys (docs/CONFIGURATION.md, docs/REPORTS.md): reports.keep.days, reports.link.days,
 * reports.max.sources, reports.max.streams, reports.max.rows, reports.max.recipients and reports.check.seconds (how
 * often the node holding the jobs lock looks for due templates and old reports).
 */
record ReportsConfig(ReportLimits limits, Duration checkInterval) {
    static ReportsConfig from(Config c) {
        ReportLimits d = ReportLimits.defaults();
        return new ReportsConfig(new ReportLimits(atLeastOne(c, "reports.max.sources", d.maxSources()), atLeastOne(c, "reports.max.streams", d.maxStreams()),
                atLeastOne(c, "reports.max.rows", d.maxRows()), atLeastOne(c, "reports.max.recipients", d.maxRecipients()),
                Duration.ofDays(atLeastOne(c, "reports.keep.days", (int) d.keep().toDays())),
                Duration.ofDays(atLeastOne(c, "reports.link.days", (int) d.linkValidity().toDays()))),
                Duration.ofSeconds(atLeastOne(c, "reports.check.seconds", 30)));
    }

    private static int atLeastOne(Config c, String key, int fallback) {
        int v = c.integer(key, fallback);
        if (v < 1) throw new IllegalArgumentException("configuration " + key + " must be at least 1, got " + v);
        return v;
    }
}
