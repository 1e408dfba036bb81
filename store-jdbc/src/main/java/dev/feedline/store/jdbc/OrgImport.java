package dev.feedline.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.rule.RuleOrigin;
import dev.feedline.model.Slugs;
import dev.feedline.store.file.FileKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code feedline import}: an org exported by {@link OrgExport} (unpacked and checksum-verified into a folder) written
 * into this database under new ids (docs/OPERATIONS.md, "Moving an org between servers").
 *
 * <p>Nothing is written until the whole archive has been read and checked: every reference resolves inside the
 * archive, every column exists here, every point file parses and matches the manifest's count and sum, and nothing
 * conflicts with what the target holds (the org's slug, a device's or feed's token, a template's slug, a global
 * template the devices use). Every problem found is reported together and the import is refused. Then the files are
 * stored, and every row is written in one transaction, at the end of which the points of every stream are counted
 * and summed again; any failure rolls it back and removes the files stored. A dry run does all of it but the files
 * and the points and rolls the transaction back.
 *
 * <p>People are matched by email: an account with the email on the target is linked (it keeps its password), a
 * missing one is created without a password (it cannot log in until the operator runs {@code feedline admin
 * reset-password}). Device and feed webhook tokens are stored hashed and copied as they are, so moved devices keep
 * working without reconfiguration.
 */
public final class OrgImport {
    private static final int BATCH = 2000;

    /** What an import did (or, dry, would do). */
    public record Report(String orgSlug, Map<String, Long> rows, List<String> linkedPeople, List<String> createdPeople,
                         List<String> warnings, boolean dryRun) {}

    /** The archive cannot be imported here; every reason found, none written. */
    public static final class Refused extends StoreException {
        private final List<String> problems;

        Refused(List<String> problems) {
            super("the import is refused, nothing was written:\n  - " + String.join("\n  - ", problems), null);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() { return problems; }
    }

    private record Column(int type, boolean nullable) {
        boolean integer() { return type == Types.BIGINT || type == Types.INTEGER || type == Types.SMALLINT || type == Types.TINYINT || type == Types.BOOLEAN || type == Types.BIT; }

        boolean real() { return type == Types.REAL || type == Types.DOUBLE || type == Types.FLOAT || type == Types.NUMERIC || type == Types.DECIMAL; }
    }

    private final JdbcStorage storage;
    private final FileStore files;
    private final Clock clock;

    public OrgImport(JdbcStorage storage, FileStore files, Clock clock) {
        this.storage = storage;
        this.files = files;
        this.clock = clock;
    }

    /**
     * Imports the unpacked export in dir, made of the org sourceSlug, as the org newSlug; expected holds the count
     * and sum of every stream's points by source slug (from the manifest).
     */
    public Report run(Path dir, String sourceSlug, String newSlug, Map<String, OrgExport.StreamTotals> expected, boolean dryRun) throws IOException {
        Map<String, List<Map<String, Object>>> rows = read(dir);
        List<Map<String, Object>> people = readJson(dir.resolve(OrgExport.PEOPLE));
        List<Map<String, Object>> templates = readJson(dir.resolve(OrgExport.TEMPLATES));
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Map<String, Column>> schema = new HashMap<>();
        Map<Long, Long> globalTemplates = new HashMap<>();
        Dialect dialect = storage.jdbc().dialect();
        try (Connection c = storage.dataSource().getConnection()) {
            for (OrgTables.Table t : OrgTables.all()) schema.put(t.name(), columns(c, t.name()));
            check(rows, people, templates, schema, dir, expected, problems, warnings);
            conflicts(c, rows, templates, newSlug, globalTemplates, problems);
            if (!problems.isEmpty()) throw new Refused(problems);

            Map<String, String> keys = new HashMap<>();
            List<String> stored = new ArrayList<>();
            try {
                if (!dryRun) storeFiles(dir, rows, keys, stored);
                if (!dryRun) preparePartitions(dir, rows.get("stream"));
                dialect.begin(c);
                try {
                    OrgIdMap map = new OrgIdMap(sourceSlug, newSlug);
                    List<String> linked = new ArrayList<>();
                    List<String> created = new ArrayList<>();
                    people(c, people, map, linked, created);
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (OrgTables.Table t : OrgTables.all()) {
                        counts.put(t.name(), write(c, dir, t, rows, schema.get(t.name()), map, keys, globalTemplates, newSlug));
                    }
                    if (!dryRun) counts.put(OrgTables.POINTS, points(c, dir, rows.get("stream"), map, expected));
                    map.unresolved().forEach(s -> warnings.add("the slug " + s + " in a rule, dashboard or OTA request names nothing of"
                            + " the org (another org's object on the source); it was left as it was"));
                    if (dryRun) dialect.rollback(c);
                    else dialect.commit(c);
                    return new Report(newSlug, counts, linked, created, warnings, dryRun);
                } catch (SQLException | IOException | RuntimeException e) {
                    dialect.rollback(c);
                    throw e;
                }
            } catch (SQLException | IOException | RuntimeException e) {
                for (String key : stored) files.delete(key);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("the import failed and was rolled back, nothing was written: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<Map<String, Object>>> read(Path dir) throws IOException {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        for (OrgTables.Table t : OrgTables.all()) {
            // Data tables (CSV) are streamed from their files when checked and when written, never held whole.
            // A missing file is a table the source's schema did not have yet.
            if (t.form() == OrgTables.Form.JSON) rows.put(t.name(), readJson(dir.resolve("metadata/" + t.name() + ".json")));
        }
        if (rows.get("org").size() != 1) throw new Refused(List.of("the archive holds " + rows.get("org").size() + " orgs instead of one"));
        return rows;
    }

    private static List<Map<String, Object>> readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return new ArrayList<>();
        try {
            return OrgExport.JSON.readValue(file.toFile(), new TypeReference<List<Map<String, Object>>>() {});
        } catch (IOException e) {
            throw new Refused(List.of(file.getFileName() + " is not the JSON an export writes: " + e.getMessage()));
        }
    }

    /** Gives each row of table t to action: from the metadata read already, or streamed from the table's CSV file. */
    private static void each(Path dir, OrgTables.Table t, Map<String, List<Map<String, Object>>> rows, OrgExport.RowAction action)
            throws IOException, SQLException {
        if (t.form() == OrgTables.Form.JSON) {
            for (Map<String, Object> r : rows.get(t.name())) action.accept(r);
            return;
        }
        forEachCsv(dir.resolve("data/" + t.name() + ".csv"), action);
    }

    /** Gives each record of a CSV file (absent: none) to action as column → value. */
    private static void forEachCsv(Path file, OrgExport.RowAction action) throws IOException, SQLException {
        if (!Files.isRegularFile(file)) return;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<OrgCsv.Field> header = OrgCsv.readRecord(in);
            if (header == null) return;
            for (List<OrgCsv.Field> r; (r = OrgCsv.readRecord(in)) != null; ) {
                if (r.size() != header.size()) throw new Refused(List.of(file.getFileName() + " has a record of " + r.size() + " fields, not " + header.size()));
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < r.size(); i++) row.put(header.get(i).text(), r.get(i).value());
                action.accept(row);
            }
        }
    }

    private static Map<String, Column> columns(Connection c, String table) throws SQLException {
        Map<String, Column> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0"); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), new Column(md.getColumnType(i), md.isNullable(i) != ResultSetMetaData.columnNoNulls));
            }
        }
        return columns;
    }

    /** References inside the archive, columns against this schema, files and points against the manifest. */
    private static void check(Map<String, List<Map<String, Object>>> rows, List<Map<String, Object>> people, List<Map<String, Object>> templates,
                              Map<String, Map<String, Column>> schema, Path dir, Map<String, OrgExport.StreamTotals> expected,
                              List<String> problems, List<String> warnings) throws IOException, SQLException {
        OrgIdMap inArchive = new OrgIdMap(slugOf(rows), slugOf(rows));
        for (Map<String, Object> p : people) inArchive.put("account", number(p.get("id")), number(p.get("id")));
        for (Map<String, Object> t : templates) inArchive.put("global_template", number(t.get("id")), number(t.get("id")));
        for (OrgTables.Table t : OrgTables.all()) {
            if (t.form() == OrgTables.Form.JSON && t.hasId()) { // nothing refers to a data table's rows
                for (Map<String, Object> r : rows.get(t.name())) inArchive.put(t.name(), number(r.get("id")), number(r.get("id")));
            }
        }
        for (OrgTables.Table t : OrgTables.all()) {
            Map<String, Column> here = schema.get(t.name());
            Set<String> unknown = new HashSet<>();
            each(dir, t, rows, r -> {
                for (String column : r.keySet()) if (!here.containsKey(column)) unknown.add(column);
                for (Map.Entry<String, String> m : t.columns().entrySet()) {
                    Object v = r.get(m.getKey());
                    if (v == null) continue;
                    String problem = unresolved(inArchive, m.getValue(), v, dir);
                    if (problem == null) continue;
                    String where = t.name() + " " + r.getOrDefault("id", "") + " column " + m.getKey() + ": " + problem;
                    Column col = here.get(m.getKey());
                    if (col != null && col.nullable() && !m.getValue().equals(OrgTables.FILE)) {
                        warnings.add(where + "; imported as empty");
                        r.put(m.getKey(), null);
                    } else {
                        problems.add(where);
                    }
                }
            });
            if (!unknown.isEmpty()) problems.add("the table " + t.name() + " has no column " + unknown + " here: the archive comes from a newer schema");
        }
        for (Map<String, Object> s : rows.get("stream")) {
            // The slug names the stream's point file: anything but a stream slug could name a file outside the archive.
            Object slugValue = s.get("slug");
            String slug = slugValue instanceof String text && Slugs.parseStream(text) != null && Slugs.parseStream(text).slug().equals(text) ? text : null;
            if (slug == null) {
                problems.add("stream " + s.get("id") + " has the slug '" + slugValue + "', which is no stream slug");
                continue;
            }
            OrgExport.StreamTotals want = expected.get(slug);
            OrgExport.StreamTotals got = readPoints(pointsFile(dir, slug), null);
            if (want == null || got.count() != want.count() || !sameSum(got.sum(), want.sum())) {
                problems.add("the points of " + slug + " (" + got.count() + ", sum " + got.sum() + ") differ from the manifest's " + want);
            }
        }
    }

    private static String unresolved(OrgIdMap inArchive, String how, Object v, Path dir) {
        return switch (how) {
            case OrgTables.SLUGS, OrgTables.UUID, OrgTables.SECRET, OrgTables.ORIGIN, OrgTables.FEED_IDS -> null;
            case OrgTables.TARGET -> inArchive.target((String) v) == null ? "the target " + v + " is no object of the org in the archive" : null;
            case OrgTables.DEVICE_KEY -> inArchive.deviceKey(number(v)) == null ? "device " + v + " is not in the archive" : null;
            case OrgTables.FILE -> fileKeyProblem(dir, v);
            case OrgTables.TEMPLATE -> inArchive.has("fleet_template", number(v)) || inArchive.has("global_template", number(v)) ? null
                    : "template " + v + " is not in the archive";
            default -> inArchive.has(how, number(v)) ? null : how + " " + v + " is not in the archive";
        };
    }

    /** Why v cannot be a file of the archive (not a valid file key, or a path outside its files), or null. */
    private static String fileKeyProblem(Path dir, Object v) {
        try {
            FileKeys.check(v instanceof String key ? key : null);
        } catch (FeedlineException e) {
            return "its file key '" + v + "' is no valid file key";
        }
        Path file = inside(dir, "files/" + v);
        return file != null && Files.isRegularFile(file) ? null : "its file " + v + " is not in the archive";
    }

    /** The file at relative in the unpacked archive dir, or null when relative would leave it (absolute, ".."). */
    private static Path inside(Path dir, String relative) {
        Path base = dir.toAbsolutePath().normalize();
        Path file = base.resolve(relative).normalize();
        return file.startsWith(base) && !file.equals(base) ? file : null;
    }

    /** A stream's point file in the archive; the slug was checked to be a stream slug, so it stays inside. */
    private static Path pointsFile(Path dir, Object slug) {
        Path file = inside(dir, "data/points/" + slug + ".csv");
        if (file == null) throw new Refused(List.of("the point file of stream " + slug + " is outside the archive"));
        return file;
    }

    private static String slugOf(Map<String, List<Map<String, Object>>> rows) { return (String) rows.get("org").get(0).get("slug"); }

    /** What the target holds already and would clash: the org slug, tokens, templates' slugs, global templates it lacks. */
    private static void conflicts(Connection c, Map<String, List<Map<String, Object>>> rows, List<Map<String, Object>> templates, String newSlug,
                                  Map<Long, Long> globalTemplates, List<String> problems) throws SQLException {
        if (exists(c, "SELECT 1 FROM org WHERE slug = ?", newSlug)) {
            problems.add("an org with the slug '" + newSlug + "' exists on this server; import under another slug with --org-slug NEW");
        }
        for (Map<String, Object> d : rows.get("device")) {
            if (d.get("token_hash") != null && exists(c, "SELECT 1 FROM device WHERE token_hash = ?", d.get("token_hash"))) {
                problems.add("device " + dev.feedline.model.Slugs.device(number(d.get("id"))) + " (" + d.get("label") + ") is on this server already:"
                        + " a device here has the same token. A device lives in one org; delete it here first or leave it out");
            }
        }
        for (Map<String, Object> f : rows.get("feed")) {
            if (f.get("webhook_token_hash") != null && exists(c, "SELECT 1 FROM feed WHERE webhook_token_hash = ?", f.get("webhook_token_hash"))) {
                problems.add("feed " + f.get("key") + " has a webhook token that a feed on this server has already");
            }
        }
        for (Map<String, Object> t : rows.get("fleet_template")) {
            if (exists(c, "SELECT 1 FROM fleet_template WHERE kind = ? AND slug = ?", t.get("kind"), t.get("slug"))) {
                problems.add("a " + t.get("kind") + " template with the slug '" + t.get("slug") + "' exists on this server");
            }
        }
        for (Map<String, Object> t : templates) {
            List<Map<String, Object>> here = OrgExport.rows(c, "SELECT id FROM fleet_template WHERE kind = ? AND slug = ? AND org_id IS NULL",
                    t.get("kind"), t.get("slug"));
            if (here.isEmpty()) problems.add("the devices use the global " + t.get("kind") + " template '" + t.get("slug") + "', which this server lacks");
            else globalTemplates.put(number(t.get("id")), number(here.get(0).get("id")));
        }
    }

    private static boolean exists(Connection c, String sql, Object... params) throws SQLException {
        return !OrgExport.rows(c, sql, params).isEmpty();
    }

    /** Links every person to the account with the same email here, creating the missing ones without a password. */
    private void people(Connection c, List<Map<String, Object>> people, OrgIdMap map, List<String> linked, List<String> created) throws SQLException {
        for (Map<String, Object> p : people) {
            String email = (String) p.get("email");
            List<Map<String, Object>> here = OrgExport.rows(c, "SELECT id FROM account WHERE lower(email) = lower(?)", email);
            if (!here.isEmpty()) {
                map.put("account", number(p.get("id")), number(here.get(0).get("id")));
                linked.add(email);
                continue;
            }
            String username = (String) p.get("username");
            for (int n = 2; exists(c, "SELECT 1 FROM account WHERE lower(username) = lower(?)", username); n++) username = p.get("username") + "-" + n;
            long now = Time.micros(clock.instant());
            List<Map<String, Object>> id = OrgExport.rows(c, "INSERT INTO account (email, username, name, password_hash, staff, active, created_at,"
                    + " updated_at) VALUES (?, ?, ?, NULL, 0, 1, ?, ?) RETURNING id", email, username, p.get("name"), now, now);
            map.put("account", number(p.get("id")), number(id.get(0).get("id")));
            created.add(email + (username.equals(p.get("username")) ? "" : " (username " + username + ")"));
        }
    }

    /**
     * Writes table t's rows with their values mapped. A metadata row gets its new id back (RETURNING) for the rows that
     * refer to it; data rows, which nothing refers to, go in JDBC batches.
     */
    private long write(Connection c, Path dir, OrgTables.Table t, Map<String, List<Map<String, Object>>> rows, Map<String, Column> schema,
                       OrgIdMap map, Map<String, String> keys, Map<Long, Long> globalTemplates, String newSlug) throws SQLException, IOException {
        boolean returning = t.hasId() && t.form() == OrgTables.Form.JSON;
        PreparedStatement[] ps = {null};
        List<String> columns = new ArrayList<>();
        long[] count = {0};
        try {
            each(dir, t, rows, r -> {
                if (ps[0] == null) {
                    columns.addAll(r.keySet());
                    if (t.hasId()) columns.remove("id");
                    ps[0] = c.prepareStatement("INSERT INTO " + t.name() + " (" + String.join(", ", columns) + ") VALUES ("
                            + "?, ".repeat(columns.size() - 1) + "?)" + (returning ? " RETURNING id" : ""));
                }
                for (int i = 0; i < columns.size(); i++) {
                    String column = columns.get(i);
                    Object v = r.get(column);
                    String how = t.columns().get(column);
                    if (t.name().equals("org") && column.equals("slug")) v = newSlug;
                    else if (v != null && how != null) v = mapped(c, t, column, how, v, r, map, keys, globalTemplates);
                    bind(ps[0], i + 1, v, schema.get(column));
                }
                if (returning) {
                    try (ResultSet rs = ps[0].executeQuery()) {
                        rs.next();
                        map.put(t.name(), number(r.get("id")), rs.getLong(1));
                    }
                } else {
                    ps[0].addBatch();
                    if ((count[0] + 1) % BATCH == 0) ps[0].executeBatch();
                }
                count[0]++;
            });
            if (ps[0] != null && !returning) ps[0].executeBatch();
        } finally {
            if (ps[0] != null) ps[0].close();
        }
        return count[0];
    }

    private Object mapped(Connection c, OrgTables.Table t, String column, String how, Object v, Map<String, Object> row, OrgIdMap map,
                          Map<String, String> keys, Map<Long, Long> globalTemplates) throws SQLException {
        return switch (how) {
            case OrgTables.SLUGS -> map.rewrite((String) v);
            case OrgTables.TARGET -> map.target((String) v);
            case OrgTables.DEVICE_KEY -> map.deviceKey(number(v));
            case OrgTables.SECRET -> v;
            case OrgTables.FILE -> keys.getOrDefault((String) v, (String) v);
            case OrgTables.UUID -> exists(c, "SELECT 1 FROM " + t.name() + " WHERE " + column + " = ?", v) ? UUID.randomUUID().toString() : v;
            case OrgTables.ORIGIN -> RuleOrigin.ADAFRUIT_TRIGGER.equals(row.get("dialect"))
                    ? String.valueOf(map.id("feed_trigger", Long.parseLong((String) v))) : map.rewrite((String) v);
            case OrgTables.TEMPLATE -> map.has("fleet_template", number(v)) ? map.id("fleet_template", number(v)) : globalTemplates.get(number(v));
            case OrgTables.FEED_IDS -> feedIds((String) v, map);
            default -> map.id(how, number(v));
        };
    }

    /** An Adafruit IO trigger's JSON with the feed ids it names mapped (a feed named by key needs nothing). */
    private static String feedIds(String json, OrgIdMap map) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = OrgExport.JSON.readTree(json);
            if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) return json;
            for (String field : List.of("feed_id", "to_feed_id", "action_feed_id")) {
                com.fasterxml.jackson.databind.JsonNode f = o.get(field);
                if (f == null || !(f.isIntegralNumber() || f.isTextual() && f.asText().matches("[0-9]{1,18}"))) continue;
                Long id = map.id("feed", f.asLong());
                if (id == null) continue;
                if (f.isTextual()) o.put(field, id.toString());
                else o.put(field, id);
            }
            return OrgExport.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (IOException e) {
            return json;
        }
    }

    private static void bind(PreparedStatement ps, int index, Object v, Column column) throws SQLException {
        if (v == null) {
            ps.setObject(index, null);
        } else if (column.integer()) {
            ps.setLong(index, v instanceof Number n ? n.longValue() : Long.parseLong(v.toString()));
        } else if (column.real()) {
            ps.setDouble(index, v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString()));
        } else {
            ps.setString(index, v.toString());
        }
    }

    /** Stores every file the rows name, under its own key when that is free here, else under a new one. */
    private void storeFiles(Path dir, Map<String, List<Map<String, Object>>> rows, Map<String, String> keys, List<String> stored)
            throws IOException, SQLException {
        for (OrgTables.Table t : OrgTables.all()) {
            for (Map.Entry<String, String> m : t.columns().entrySet()) {
                if (!m.getValue().equals(OrgTables.FILE)) continue;
                each(dir, t, rows, r -> {
                    String key = (String) r.get(m.getKey());
                    if (key == null || keys.containsKey(key)) return;
                    String target = key;
                    try {
                        if (taken(key)) target = "imported/" + UUID.randomUUID() + "/" + key;
                        try (InputStream in = Files.newInputStream(inside(dir, "files/" + FileKeys.check(key)))) {
                            files.put(target, in, Long.MAX_VALUE);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    stored.add(target);
                    keys.put(key, target);
                });
            }
        }
    }

    private boolean taken(String key) throws IOException {
        var in = files.open(key);
        if (in.isEmpty()) return false;
        in.get().close();
        return true;
    }

    /** PostgreSQL keeps points in monthly partitions: those the points need are made first (each commits on its own). */
    private void preparePartitions(Path dir, List<Map<String, Object>> streams) throws IOException, SQLException {
        DataPartitions partitions = storage.jdbc().dialect().dataPartitions(storage.jdbc(), clock.instant());
        for (Map<String, Object> s : streams) {
            Set<Long> days = new HashSet<>();
            List<Long> ts = new ArrayList<>();
            readPoints(pointsFile(dir, s.get("slug")), p -> {
                long t = number(p.get("ts"));
                if (days.add(Math.floorDiv(t, 86_400_000_000L))) ts.add(t); // one timestamp a day finds every partition
            });
            partitions.prepare(ts);
        }
    }

    private long points(Connection c, Path dir, List<Map<String, Object>> streams, OrgIdMap map, Map<String, OrgExport.StreamTotals> expected)
            throws SQLException, IOException {
        Map<String, Column> schema = columns(c, "data");
        List<String> columns = OrgExport.POINT_COLUMNS;
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO data (stream_id, " + String.join(", ", columns) + ") VALUES (?"
                + ", ?".repeat(columns.size()) + ")")) {
            for (Map<String, Object> s : streams) {
                long streamId = map.id("stream", number(s.get("id")));
                int[] pending = {0};
                readPoints(pointsFile(dir, s.get("slug")), p -> {
                    ps.setLong(1, streamId);
                    for (int i = 0; i < columns.size(); i++) bind(ps, i + 2, p.get(columns.get(i)), schema.get(columns.get(i)));
                    ps.addBatch();
                    if (++pending[0] % BATCH == 0) ps.executeBatch();
                });
                ps.executeBatch();
                total += pending[0];
                OrgExport.StreamTotals want = expected.get((String) s.get("slug"));
                List<Map<String, Object>> got = OrgExport.rows(c, "SELECT count(*) AS n, sum(value) AS s FROM data WHERE stream_id = ?", streamId);
                long n = number(got.get(0).get("n"));
                double sum = got.get(0).get("s") == null ? 0 : ((Number) got.get(0).get("s")).doubleValue();
                if (n != want.count() || !sameSum(sum, want.sum())) {
                    throw new StoreException("after writing, stream " + s.get("slug") + " has " + n + " points summing to " + sum + " instead of "
                            + want.count() + " summing to " + want.sum(), null);
                }
            }
        }
        return total;
    }

    /** Reads a point file, giving each point to each (when not null); returns its count and sum. */
    private static OrgExport.StreamTotals readPoints(Path file, OrgExport.RowAction each) throws IOException, SQLException {
        long[] count = {0};
        double[] sum = {0};
        forEachCsv(file, point -> {
            count[0]++;
            Object value = point.get("value");
            try {
                if (value != null) sum[0] += Double.parseDouble(value.toString());
                Long.parseLong(String.valueOf(point.get("ts")));
            } catch (NumberFormatException e) {
                throw new Refused(List.of(file.getFileName() + " has a point that is not a number: " + point));
            }
            if (each != null) each.accept(point);
        });
        return new OrgExport.StreamTotals(count[0], sum[0]);
    }

    /** Sums of doubles added in the same order are equal; a tolerance covers engines that add in another order. */
    static boolean sameSum(double a, double b) { return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b))); }

    private static long number(Object v) {
        if (v instanceof Number n) return n.longValue();
        return Long.parseLong(v.toString());
    }
}
