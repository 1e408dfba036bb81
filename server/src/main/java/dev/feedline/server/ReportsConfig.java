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
        return new ReportsConfig(new ReportLimits(c.atLeast("reports.max.sources", d.maxSources(), 1), c.atLeast("reports.max.streams", d.maxStreams(), 1),
                c.atLeast("reports.max.rows", d.maxRows(), 1), c.atLeast("reports.max.recipients", d.maxRecipients(), 1),
                Duration.ofDays(c.atLeast("reports.keep.days", (int) d.keep().toDays(), 1)),
                Duration.ofDays(c.atLeast("reports.link.days", (int) d.linkValidity().toDays(), 1))),
                Duration.ofSeconds(c.atLeast("reports.check.seconds", 30, 1)));
    }
}
