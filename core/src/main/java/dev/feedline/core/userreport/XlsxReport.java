package dev.feedline.core.userreport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The table as an XLSX workbook (fastexcel): the label and period in the first two rows, the header in the fourth,
 * then a row per bucket with its start as a date cell (UTC) and the values as numbers (empty where there is none).
 */
final class XlsxReport {
    static final int HEADER_ROW = 3;

    private XlsxReport() {}

    static byte[] write(ReportTable table, ReportHeading heading) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "Feedline", "1.0");
            Worksheet ws = wb.newWorksheet("Report");
            ws.value(0, 0, heading.title());
            ws.value(1, 0, heading.period());
            ws.value(HEADER_ROW, 0, "time (UTC)");
            for (int c = 0; c < table.columns().size(); c++) ws.value(HEADER_ROW, c + 1, table.columns().get(c).header());
            for (int c = 0; c <= table.columns().size(); c++) ws.style(HEADER_ROW, c).bold().set();
            int r = HEADER_ROW + 1;
            for (ReportTable.Row row : table.rows()) {
                ws.value(r, 0, LocalDateTime.ofInstant(row.start(), ZoneOffset.UTC));
                ws.style(r, 0).format("yyyy-mm-dd hh:mm:ss").set();
                for (int c = 0; c < row.values().size(); c++) {
                    Double v = row.values().get(c);
                    if (v != null) ws.value(r, c + 1, v);
                }
                r++;
            }
            ws.width(0, 20);
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
