package dev.feedline.store.jdbc;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV of an org's export (RFC 4180, a header line, "\n" between records): a text is always quoted, a number
 * never, and an empty unquoted field is NULL, so a NULL and an empty text stay apart through the round trip.
 */
final class OrgCsv {
    private OrgCsv() {}

    static void writeRecord(Writer out, List<?> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.write(',');
            Object v = values.get(i);
            if (v == null) continue;
            if (v instanceof Number) {
                out.write(v.toString());
            } else {
                out.write('"');
                out.write(v.toString().replace("\"", "\"\""));
                out.write('"');
            }
        }
        out.write('\n');
    }

    /** A field as read: quoted (a text) or not (a number, or null when empty). */
    record Field(String text, boolean quoted) {
        Object value() { return quoted ? text : text.isEmpty() ? null : text; }
    }

    /** Reads one record; null at the end of the input. */
    static List<Field> readRecord(Reader in) throws IOException {
        int c = in.read();
        if (c < 0) return null;
        List<Field> fields = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (c == '"' && text.isEmpty() && !quoted) {
                quoted = true;
                for (c = in.read(); ; c = in.read()) {
                    if (c < 0) throw new IOException("a quoted field is not closed");
                    if (c == '"') {
                        c = in.read();
                        if (c != '"') break;
                    }
                    text.append((char) c);
                }
                continue;
            }
            if (c == ',' || c == '\n' || c < 0) {
                fields.add(new Field(text.toString(), quoted));
                text.setLength(0);
                quoted = false;
                if (c != ',') return fields;
            } else if (c != '\r') {
                if (quoted) throw new IOException("text after a quoted field");
                text.append((char) c);
            }
            c = in.read();
        }
    }
}
