package dev.feedline.core.userreport;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The table as CSV (RFC 4180, UTF-8): a header row "time" + each column's header, then a row per bucket. */
final class CsvReport {
    private CsvReport() {}

    static byte[] write(ReportTable table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriter csv = CsvWriter.builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            List<String> header = new ArrayList<>();
            header.add("time");
            table.columns().forEach(c -> header.add(c.header()));
            csv.writeRecord(header);
            for (ReportTable.Row row : table.rows()) {
                List<String> cells = new ArrayList<>(row.values().size() + 1);
                cells.add(ReportHeading.time(row.start()));
                row.values().forEach(v -> cells.add(ReportHeading.number(v)));
                csv.writeRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
