package dev.feedline.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.feedline.core.port.FileStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code feedline export}: one org's metadata, data and files written into a folder that the caller packs into an
 * archive (docs/OPERATIONS.md, "Moving an org between servers"). Every row is read in one read transaction, so the
 * export is the org as of one commit even while the server runs and ingests; the files are read after it (a file is
 * stored before the row naming it commits, so each one named is there).
 *
 * <p>Layout: {@code metadata/TABLE.json} (an array of rows, column → value), {@code metadata/people.json} (the
 * people the rows name: email, username, name; never a password hash), {@code metadata/templates.json} (the global
 * templates devices use, by kind and slug), {@code data/TABLE.csv}, {@code data/points/STREAM-SLUG.csv} (one per
 * stream) and {@code files/KEY}.
 */
public final class OrgExport {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String PEOPLE = "metadata/people.json";
    static final String TEMPLATES = "metadata/templates.json";
    static final List<String> POINT_COLUMNS = List.of("ts", "type", "value", "int_value", "text", "lat", "lon", "ele", "streamer_local_id",
            "device_ts", "status");

    /** What was exported: the org, rows per table, points (count and sum of values) per stream slug, the file keys. */
    public record Summary(String orgSlug, String schemaVersion, Map<String, Long> rows, Map<String, StreamTotals> streams, Set<String> files) {}

    /** A stream's points: how many, and the sum of their numeric values (what the import verifies). */
    public record StreamTotals(long count, double sum) {}

    private final JdbcStorage storage;
    private final FileStore files;

    public OrgExport(JdbcStorage storage, FileStore files) {
        this.storage = storage;
        this.files = files;
    }

    /** Writes the org with this slug into dir (which must be empty). */
    public Summary export(String orgSlug, Path dir) throws IOException {
        Dialect dialect = storage.jdbc().dialect();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, StreamTotals> streams = new TreeMap<>();
        Set<String> fileKeys = new TreeSet<>();
        String schemaVersion;
        try (Connection c = storage.dataSource().getConnection()) {
            dialect.beginRead(c);
            try {
                schemaVersion = schemaVersion(c);
                long orgId = orgId(c, orgSlug);
                // Which objects are the org's: a config attribute is exported when its target is one of them.
                OrgIdMap own = new OrgIdMap(orgSlug, orgSlug);
                Set<Long> accounts = new TreeSet<>();
                Set<Long> templates = new TreeSet<>();
                Map<Long, String> streamSlugs = new TreeMap<>();
                for (OrgTables.Table t : OrgTables.all()) {
                    RowAction note = r -> {
                        if (t.hasId() && r.get("id") instanceof Long id) own.put(t.name(), id, id);
                        if (t.name().equals("stream")) streamSlugs.put((Long) r.get("id"), (String) r.get("slug"));
                        t.columns().forEach((column, how) -> {
                            Object v = r.get(column);
                            if (v == null) return;
                            if (how.equals("account")) accounts.add((Long) v);
                            else if (how.equals(OrgTables.FILE)) fileKeys.add((String) v);
                            else if (how.equals(OrgTables.TEMPLATE)) templates.add((Long) v);
                        });
                    };
                    if (t.form() == OrgTables.Form.JSON) {
                        // Config attributes have no org column: all are read, one at a time, and only the org's are kept
                        // (their targets are slugs computed from ids, which SQL cannot match without every object's slug).
                        boolean ownTargetsOnly = t.name().equals("config_attribute");
                        List<Map<String, Object>> rows = new ArrayList<>();
                        forEachRow(c, t.select(), r -> {
                            if (!ownTargetsOnly || own.target((String) r.get("target")) != null) rows.add(r);
                        }, orgId);
                        for (Map<String, Object> r : rows) note.accept(r);
                        counts.put(t.name(), (long) rows.size());
                        writeJson(dir.resolve("metadata/" + t.name() + ".json"), rows);
                    } else {
                        // Data tables are streamed: events, locations and rollups of years may not fit in memory.
                        counts.put(t.name(), writeCsv(c, t, orgId, dir.resolve("data/" + t.name() + ".csv"), note));
                    }
                }
                long points = 0;
                for (Map.Entry<Long, String> s : streamSlugs.entrySet()) {
                    StreamTotals totals = writePoints(c, s.getKey(), dir.resolve("data/points/" + s.getValue() + ".csv"));
                    streams.put(s.getValue(), totals);
                    points += totals.count();
                }
                counts.put(OrgTables.POINTS, points);
                writeJson(dir.resolve(PEOPLE), people(c, accounts));
                writeJson(dir.resolve(TEMPLATES), globalTemplates(c, templates));
            } finally {
                dialect.rollback(c);
            }
        } catch (SQLException e) {
            throw new StoreException("the export could not read the database: " + e.getMessage(), e);
        }
        for (String key : fileKeys) copyFile(key, dir.resolve("files").resolve(key));
        return new Summary(orgSlug, schemaVersion, counts, streams, fileKeys);
    }

    private static long orgId(Connection c, String slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM org WHERE slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new StoreException("there is no org with the slug '" + slug + "' in this database", null);
                return rs.getLong(1);
            }
        }
    }

    static String schemaVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM flyway_schema_history WHERE success = "
                + (c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres") ? "true" : "1")
                + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        forEachRow(c, sql, rows::add, params);
        return rows;
    }

    /** Integers as Long, other numbers as Double, the rest as it is: both engines' drivers give the same JSON and CSV. */
    private static Object normal(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof java.math.BigDecimal d) return d.doubleValue();
        if (v instanceof Boolean b) return b ? 1L : 0L;
        return v;
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0"); ResultSet rs = ps.executeQuery()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) names.add(rs.getMetaData().getColumnLabel(i).toLowerCase());
        }
        return names;
    }

    private static List<Map<String, Object>> people(Connection c, Set<Long> ids) throws SQLException {
        List<Map<String, Object>> people = new ArrayList<>();
        for (Long id : ids) people.addAll(rows(c, "SELECT id, email, username, name FROM account WHERE id = ?", id));
        return people;
    }

    private static List<Map<String, Object>> globalTemplates(Connection c, Set<Long> ids) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Long id : ids) out.addAll(rows(c, "SELECT id, kind, slug FROM fleet_template WHERE id = ? AND org_id IS NULL", id));
        return out;
    }

    private static void writeJson(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), value);
    }

    /** What is done with each row read. */
    interface RowAction {
        void accept(Map<String, Object> row) throws SQLException;
    }

    /** Runs sql and gives each row (column → value) to action, one at a time. */
    static void forEachRow(Connection c, String sql, RowAction action, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(5000);
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i).toLowerCase(), normal(rs.getObject(i)));
                    action.accept(row);
                }
            }
        }
    }

    private static long writeCsv(Connection c, OrgTables.Table t, long orgId, Path file, RowAction each) throws SQLException, IOException {
        Files.createDirectories(file.getParent());
        List<String> columns = columns(c, t.name());
        long[] count = {0};
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            OrgCsv.writeRecord(w, columns);
            forEachRow(c, t.select(), r -> {
                each.accept(r);
                try {
                    OrgCsv.writeRecord(w, columns.stream().map(r::get).toList());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                count[0]++;
            }, orgId);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return count[0];
    }

    private static StreamTotals writePoints(Connection c, long streamId, Path file) throws SQLException, IOException {
        Files.createDirectories(file.getParent());
        long count = 0;
        double sum = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", POINT_COLUMNS) + " FROM data WHERE stream_id = ? ORDER BY ts")) {
            ps.setFetchSize(5000);
            ps.setLong(1, streamId);
            OrgCsv.writeRecord(w, POINT_COLUMNS);
            try (ResultSet rs = ps.executeQuery()) {
                List<Object> values = new ArrayList<>(POINT_COLUMNS.size());
                while (rs.next()) {
                    values.clear();
                    for (int i = 1; i <= POINT_COLUMNS.size(); i++) values.add(normal(rs.getObject(i)));
                    OrgCsv.writeRecord(w, values);
                    count++;
                    if (values.get(2) instanceof Number n) sum += n.doubleValue();
                }
            }
        }
        return new StreamTotals(count, sum);
    }

    private void copyFile(String key, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = files.open(key).orElseThrow(() -> new StoreException("the file " + key
                + " that the org's rows name is not in the file store; the export cannot be complete", null))) {
            Files.copy(in, to);
        }
    }
}
