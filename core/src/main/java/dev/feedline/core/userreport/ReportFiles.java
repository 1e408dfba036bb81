package dev.feedline.core.userreport;

import dev.feedline.core.port.FileStore;
import dev.feedline.model.GeneratedReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a report's table in each of its formats to the file store, under reports/{uuid}.{format}, and deletes them. */
final class ReportFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ReportFiles.class);
    /** Far above what maxRows rows of maxStreams streams come to; a guard, not a limit users meet. */
    private static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    private ReportFiles() {}

    /** Writes every format; the same keys again on a retried attempt, so nothing is left behind. */
    static List<GeneratedReport.File> write(FileStore files, String uuid, ReportTable table, ReportHeading heading, List<ReportConfig.Format> formats)
            throws IOException {
        List<GeneratedReport.File> out = new ArrayList<>();
        for (ReportConfig.Format f : formats) {
            byte[] bytes = switch (f) {
                case CSV -> CsvReport.write(table);
                case XLSX -> XlsxReport.write(table, heading);
                case HTML -> HtmlReport.write(table, heading);
            };
            String key = "reports/" + uuid + "." + f.wire();
            long size = files.put(key, new ByteArrayInputStream(bytes), MAX_FILE_BYTES);
            out.add(new GeneratedReport.File(f.wire(), key, size));
        }
        return out;
    }

    static void deleteQuietly(FileStore files, GeneratedReport g) {
        for (GeneratedReport.File f : g.files()) {
            try {
                files.delete(f.key());
            } catch (IOException | RuntimeException e) {
                LOG.atWarn().addKeyValue("key", f.key()).setCause(e).log("could not delete a generated report's file");
            }
        }
    }
}
