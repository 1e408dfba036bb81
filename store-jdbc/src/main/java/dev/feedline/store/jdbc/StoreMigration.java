package dev.feedline.store.jdbc;

import dev.feedline.core.port.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * {@code feedline migrate-store}: copies a stopped SQLite deployment into an empty PostgreSQL database, verifies
 * the copy and can be resumed after an interruption (docs/OPERATIONS.md, "Moving from SQLite to PostgreSQL").
 *
 * <p>The target gets the schema from the same Flyway migrations a server start would run, so both sides have the
 * same tables and columns; only the column types differ (INTEGER vs bigint/smallint, REAL vs double precision, and
 * db-scheduler's TIMESTAMP/BIT vs timestamptz/boolean), converted by the target column's type. The tables to copy
 * and their order (parents before children) are read from the target's catalog, never listed here, so tables added
 * by later migrations are copied too.
 *
 * <p>A table is copied in key order, a batch at a time, each batch with PostgreSQL's COPY and committed with the
 * table's progress row, so an interrupted run resumes after the last committed key (read back from the target).
 * The progress lives in its own schema ({@code feedline_migrate_store}), created before Flyway runs: a target
 * with Feedline tables but without it is someone else's data and is refused, and so is any target with tables of
 * its own. When everything is copied and verified (row counts per table, count and sum of values per stream) the
 * progress schema is dropped; from then on the target is an ordinary Feedline database (and a second run is
 * refused as non-empty).
 */
public final class StoreMigration {
    static final String PROGRESS_SCHEMA = "feedline_migrate_store";
    private static final String FILES_STEP = "(files)";
    private static final String HISTORY = "flyway_schema_history";
    /** Filled on the target by its own triggers as the indexed rows are copied (COPY fires them); SQLite's is FTS5. */
    private static final String SEARCH_INDEX = "search_index";

    /** Where the files go: left in the data directory (the operator copies files/), or into the target's file store. */
    public enum FilesTo { LOCAL, POSTGRESQL }

    /** What a run did: rows copied in this run, tables, points verified, files copied. */
    public record Result(long rowsCopied, int tables, long points, int streams, int files) {}

    private final Path sqliteFile;
    private final Path filesDir;
    private final String targetUrl;
    private final String user;
    private final String password;
    private final FilesTo files;
    private final int batchRows;
    private final PrintWriter out;
    private final Clock clock;
    private int batchesLeft;

    /**
     * @param stopAfterBatches for tests of resumption: the run fails after this many committed batches (0: never)
     */
    public StoreMigration(Path sqliteFile, Path filesDir, String targetUrl, String user, String password, FilesTo files,
                          int batchRows, int stopAfterBatches, PrintWriter out, Clock clock) {
        if (batchRows < 1) throw new IllegalArgumentException("the batch size must be at least 1");
        this.sqliteFile = sqliteFile.toAbsolutePath().normalize();
        this.filesDir = filesDir;
        this.targetUrl = targetUrl;
        this.user = user;
        this.password = password;
        this.files = files;
        this.batchRows = batchRows;
        this.batchesLeft = stopAfterBatches > 0 ? stopAfterBatches : -1;
        this.out = out;
        this.clock = clock;
    }

    /** Thrown when a test's batch limit is reached: the run stops as an interruption would, with its progress committed. */
    public static final class Interrupted extends StoreException {
        Interrupted(String message) { super(message, null); }
    }

    public Result run() {
        if (!targetUrl.startsWith("jdbc:postgresql:")) {
            throw new StoreException("--to must be a PostgreSQL JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE, not "
                    + ConnectFailure.redact(targetUrl), null);
        }
        if (!Files.isRegularFile(sqliteFile)) throw new StoreException("there is no SQLite database at " + sqliteFile, null);
        org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection source = readOnly.createConnection("jdbc:sqlite:" + sqliteFile)) {
            String sourceVersion = schemaVersion(source);
            String known = DatabaseInspection.newestKnown();
            if (!known.equals(sourceVersion)) {
                throw new StoreException("the SQLite database is at schema version " + sourceVersion + " but this Feedline writes "
                        + known + ": start this Feedline once on the SQLite data directory (it upgrades the schema), stop it, then"
                        + " migrate", null);
            }
            boolean resuming = prepareTarget();
            try (JdbcStorage storage = JdbcStorage.open(targetUrl, user, password, 3);
                 Connection target = storage.dataSource().getConnection()) {
                out.println((resuming ? "Resuming the migration of " : "Migrating ") + sqliteFile + " to " + ConnectFailure.redact(targetUrl));
                out.flush();
                try (Statement st = target.createStatement()) {
                    // The pool's 60 s limit suits a server's queries, not counting and summing a whole large table.
                    st.execute("SET statement_timeout = 0");
                }
                // One read transaction: every table is read from the same snapshot of the source.
                source.setAutoCommit(false);
                DataPartitions partitions = storage.jdbc().dialect().dataPartitions(storage.jdbc(), clock.instant());
                List<String> tables = tablesInOrder(target);
                Set<String> sourceTables = sourceTables(source);
                long copied = 0;
                for (String table : tables) {
                    if (!sourceTables.contains(table)) continue; // a table PostgreSQL alone has (the file store's)
                    copied += copyTable(source, target, table, "data".equals(table) ? partitions : DataPartitions.NONE);
                }
                advanceSequences(source, target, tables);
                int fileCount = copyFiles(target, storage);
                Verification v = verify(source, target, tables, sourceTables);
                target.setAutoCommit(true);
                try (Statement st = target.createStatement()) {
                    st.execute("DROP SCHEMA " + PROGRESS_SCHEMA + " CASCADE");
                }
                source.commit();
                return new Result(copied, v.tables, v.points, v.streams, fileCount);
            }
        } catch (SQLException e) {
            throw new StoreException("the migration failed: " + e.getMessage() + " (run the same command again to resume)", e);
        }
    }

    /**
     * Refuses a target that holds anything but an interrupted run of this command; otherwise makes sure the progress
     * schema exists. Returns true when resuming.
     */
    private boolean prepareTarget() throws SQLException {
        try (Connection c = connectTarget(); Statement st = c.createStatement()) {
            boolean progress = exists(c, "SELECT 1 FROM pg_namespace WHERE nspname = '" + PROGRESS_SCHEMA + "'");
            if (progress) {
                try (ResultSet rs = st.executeQuery("SELECT source FROM " + PROGRESS_SCHEMA + ".run")) {
                    String from = rs.next() ? rs.getString(1) : null;
                    if (from != null && !from.equals(sqliteFile.toString())) {
                        throw new StoreException("the target holds an interrupted migration from " + from + ", not from " + sqliteFile
                                + "; resume that one, or drop and recreate the target database", null);
                    }
                }
                return true;
            }
            List<String> own = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1")) {
                while (rs.next()) own.add(rs.getString(1));
            }
            if (!own.isEmpty()) {
                String what = own.contains(HISTORY) ? "is a Feedline database already (it has a schema history"
                        + (own.contains("account") ? " and " + count(c, "account") + " account(s)" : "") + ")"
                        : "is not empty (" + own.size() + " table(s), first: " + own.get(0) + ")";
                throw new StoreException("the target database " + ConnectFailure.redact(targetUrl) + " " + what + "; migrate-store copies"
                        + " only into an empty database: create one (CREATE DATABASE feedline OWNER feedline) and do not start"
                        + " Feedline on it before the migration has finished", null);
            }
            st.execute("CREATE SCHEMA " + PROGRESS_SCHEMA);
            st.execute("CREATE TABLE " + PROGRESS_SCHEMA + ".run (source text NOT NULL, started_on text NOT NULL)");
            st.execute("CREATE TABLE " + PROGRESS_SCHEMA + ".step (name text PRIMARY KEY, done boolean NOT NULL, rows bigint NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + PROGRESS_SCHEMA + ".run VALUES (?, ?)")) {
                ps.setString(1, sqliteFile.toString());
                ps.setString(2, clock.instant().toString());
                ps.executeUpdate();
            }
            return false;
        }
    }

    private Connection connectTarget() {
        try {
            return user == null ? DriverManager.getConnection(targetUrl) : DriverManager.getConnection(targetUrl, user, password);
        } catch (SQLException e) {
            throw ConnectFailure.of(targetUrl, user, new RuntimeException(e));
        }
    }

    /** The target's tables (partitions left out: rows go through their parent), parents before the tables referring to them. */
    private static List<String> tablesInOrder(Connection target) throws SQLException {
        Map<String, Set<String>> parents = new TreeMap<>();
        try (Statement st = target.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT IN ('"
                     + HISTORY + "', '" + SEARCH_INDEX + "')")) {
            while (rs.next()) parents.put(rs.getString(1), new LinkedHashSet<>());
        }
        try (Statement st = target.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
                     + " JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE k.contype = 'f' AND n.nspname = current_schema()")) {
            while (rs.next()) {
                Set<String> of = parents.get(rs.getString(1));
                if (of != null && !rs.getString(1).equals(rs.getString(2))) of.add(rs.getString(2));
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < parents.size()) {
            boolean progress = false;
            for (Map.Entry<String, Set<String>> t : parents.entrySet()) {
                if (!placed.contains(t.getKey()) && placed.containsAll(t.getValue())) {
                    placed.add(t.getKey());
                    order.add(t.getKey());
                    progress = true;
                }
            }
            if (!progress) throw new StoreException("the target's foreign keys form a cycle; cannot order the tables", null);
        }
        return order;
    }

    private static Set<String> sourceTables(Connection source) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (Statement st = source.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    /** A target column: its name and PostgreSQL type (udt_name: int8, int2, float8, text, bytea, bool, timestamptz...). */
    private record Column(String name, String type) {}

    private static List<Column> targetColumns(Connection target, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT column_name, udt_name FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.add(new Column(rs.getString(1), rs.getString(2)));
            }
        }
        return columns;
    }

    private static List<String> sourceColumns(Connection source, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
            while (rs.next()) names.add(rs.getString("name"));
        }
        return names;
    }

    private static List<String> primaryKey(Connection target, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos) ON true"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                + " WHERE i.indisprimary AND n.nspname = current_schema() AND c.relname = ? ORDER BY k.pos")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) key.add(rs.getString(1));
            }
        }
        return key;
    }

    /** Copies one table (or what is left of it); returns the rows copied in this run. */
    private long copyTable(Connection source, Connection target, String table, DataPartitions partitions) throws SQLException {
        target.setAutoCommit(false);
        Step step = step(target, table);
        if (step.done) {
            target.commit();
            return 0;
        }
        List<Column> columns = targetColumns(target, table);
        List<String> sourceColumns = sourceColumns(source, table);
        List<Column> copied = columns.stream().filter(c -> sourceColumns.contains(c.name)).toList();
        for (String s : sourceColumns) {
            if (columns.stream().noneMatch(c -> c.name.equals(s))) {
                throw new StoreException("the source's table " + table + " has a column " + s + " the target lacks; the schemas differ", null);
            }
        }
        long total = count(source, table);
        List<String> key = primaryKey(target, table);
        if (step.rows == 0) {
            // Not started: whatever is there came with the migrations (seeded reference rows); the source has its own.
            try (Statement st = target.createStatement()) {
                st.executeUpdate("DELETE FROM " + quote(table));
            }
        } else if (key.isEmpty()) {
            try (Statement st = target.createStatement()) {
                st.executeUpdate("DELETE FROM " + quote(table)); // no key to resume from: start the table again
            }
            step = new Step(false, 0);
        }
        Object[] after = key.isEmpty() || step.rows == 0 ? null : lastKey(target, table, key, columns);
        // Nothing may stay open on the table: creating a partition of data needs it unlocked.
        target.commit();
        String names = String.join(", ", copied.stream().map(c -> quote(c.name)).toList());
        String order = key.isEmpty() ? "rowid" : String.join(", ", key.stream().map(StoreMigration::quote).toList());
        String copySql = "COPY " + quote(table) + " (" + names + ") FROM STDIN";
        CopyManager copy = target.unwrap(PGConnection.class).getCopyAPI();
        long rows = step.rows;
        long thisRun = 0;
        Progress progress = new Progress(table, total);
        progress.show(rows);
        int tsIndex = copied.stream().map(Column::name).toList().indexOf("ts");
        BatchReader reader = new BatchReader(source, table, names, order, key, copied, tsIndex, after);
        // The next batch is read from SQLite while this one is copied into PostgreSQL.
        ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "migrate-store-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Batch> next = ahead.submit(reader::next);
            while (true) {
                Batch batch = await(next);
                if (batch.n == 0) break;
                if (batch.n == batchRows) next = ahead.submit(reader::next);
                partitions.prepare(batch.timestamps);
                try {
                    copy.copyIn(copySql, new StringReader(batch.rows));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                rows += batch.n;
                thisRun += batch.n;
                if (!key.isEmpty()) commitStep(target, table, false, rows);
                progress.show(rows);
                if (!key.isEmpty() && --batchesLeft == 0) {
                    throw new Interrupted("stopped after the batch limit, in table " + table + " at " + rows + " rows; run the same command again to resume");
                }
                if (batch.n < batchRows) break;
            }
        } finally {
            // The reader uses the source connection: it must have finished before anything else does.
            ahead.shutdown();
            try {
                if (!ahead.awaitTermination(10, TimeUnit.MINUTES)) throw new StoreException("the SQLite reader did not stop", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        commitStep(target, table, true, rows);
        progress.done(rows);
        return thisRun;
    }

    /** Rows of one batch in COPY's text format, their timestamps (for data's partitions) and how many. */
    private record Batch(String rows, List<Long> timestamps, int n) {}

    /** Reads a table in key order, one batch per call, each after the last key of the one before. */
    private final class BatchReader {
        private final Connection source;
        private final String selectFirst;
        private final String selectAfter;
        private final List<String> key;
        private final List<Column> copied;
        private final int tsIndex;
        private Object[] after;

        BatchReader(Connection source, String table, String names, String order, List<String> key, List<Column> copied, int tsIndex,
                    Object[] after) {
            this.source = source;
            this.key = key;
            this.copied = copied;
            this.tsIndex = tsIndex;
            this.after = after;
            int width = key.isEmpty() ? 1 : key.size();
            String select = "SELECT " + names + (key.isEmpty() ? ", rowid" : "") + " FROM " + quote(table);
            this.selectFirst = select + " ORDER BY " + order + " LIMIT " + batchRows;
            this.selectAfter = select + " WHERE (" + order + ") > (" + Jdbc.placeholders(width) + ") ORDER BY " + order + " LIMIT " + batchRows;
        }

        Batch next() throws SQLException {
            StringBuilder rows = new StringBuilder();
            List<Long> timestamps = new ArrayList<>();
            int n = 0;
            try (PreparedStatement ps = source.prepareStatement(after == null ? selectFirst : selectAfter)) {
                if (after != null) for (int i = 0; i < after.length; i++) ps.setObject(i + 1, after[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 0; i < copied.size(); i++) {
                            if (i > 0) rows.append('\t');
                            appendValue(rows, rs, i + 1, copied.get(i).type);
                        }
                        rows.append('\n');
                        if (tsIndex >= 0) timestamps.add(rs.getLong(tsIndex + 1));
                        after = keyOf(rs, key, copied);
                        n++;
                    }
                }
            }
            return new Batch(rows.toString(), timestamps, n);
        }
    }

    private static Batch await(Future<Batch> next) throws SQLException {
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new StoreException("reading the SQLite database failed: " + e.getCause(), e.getCause());
        }
    }

    private static Object[] keyOf(ResultSet rs, List<String> key, List<Column> copied) throws SQLException {
        if (key.isEmpty()) return new Object[] {rs.getLong(copied.size() + 1)};
        Object[] values = new Object[key.size()];
        for (int i = 0; i < key.size(); i++) values[i] = rs.getObject(key.get(i));
        return values;
    }

    /** The greatest key copied so far, in SQLite's order (binary for text, hence COLLATE "C"). */
    private static Object[] lastKey(Connection target, String table, List<String> key, List<Column> columns) throws SQLException {
        StringBuilder order = new StringBuilder();
        for (String k : key) {
            boolean text = columns.stream().anyMatch(c -> c.name.equals(k) && c.type.equals("text"));
            if (order.length() > 0) order.append(", ");
            order.append(quote(k)).append(text ? " COLLATE \"C\"" : "").append(" DESC");
        }
        try (Statement st = target.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + String.join(", ", key.stream().map(StoreMigration::quote).toList()) + " FROM "
                     + quote(table) + " ORDER BY " + order + " LIMIT 1")) {
            if (!rs.next()) return null;
            Object[] values = new Object[key.size()];
            for (int i = 0; i < key.size(); i++) values[i] = rs.getObject(i + 1);
            return values;
        }
    }

    /** One value in COPY's text format, converted to the target column's type. */
    private static void appendValue(StringBuilder b, ResultSet rs, int i, String type) throws SQLException {
        switch (type) {
            case "int8", "int4", "int2" -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) b.append("\\N"); else b.append(v);
            }
            case "float8", "float4", "numeric" -> {
                double v = rs.getDouble(i);
                if (rs.wasNull()) b.append("\\N"); else b.append(v);
            }
            case "bool" -> {
                Object v = rs.getObject(i);
                if (v == null) b.append("\\N");
                else b.append(v instanceof Number num ? (num.longValue() != 0 ? 't' : 'f') : (Boolean.parseBoolean(v.toString()) ? 't' : 'f'));
            }
            case "timestamptz", "timestamp" -> {
                // db-scheduler's columns: SQLite's driver keeps them as milliseconds since the epoch.
                Timestamp v = rs.getTimestamp(i);
                if (v == null) b.append("\\N"); else b.append(v.toInstant());
            }
            case "bytea" -> {
                byte[] v = rs.getBytes(i);
                if (v == null) b.append("\\N"); else b.append("\\\\x").append(HexFormat.of().formatHex(v));
            }
            default -> {
                String v = rs.getString(i);
                if (v == null) b.append("\\N"); else escape(b, v);
            }
        }
    }

    private static void escape(StringBuilder b, String v) {
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(ch);
            }
        }
    }

    private record Step(boolean done, long rows) {}

    private static Step step(Connection target, String name) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("SELECT done, rows FROM " + PROGRESS_SCHEMA + ".step WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Step(rs.getBoolean(1), rs.getLong(2)) : new Step(false, 0);
            }
        }
    }

    /** Records a step's progress and commits it with the rows it describes. */
    private static void commitStep(Connection target, String name, boolean done, long rows) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("INSERT INTO " + PROGRESS_SCHEMA + ".step (name, done, rows) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET done = excluded.done, rows = excluded.rows")) {
            ps.setString(1, name);
            ps.setBoolean(2, done);
            ps.setLong(3, rows);
            ps.executeUpdate();
        }
        target.commit();
    }

    /**
     * Moves every sequence behind an id column past the ids copied, and past SQLite's AUTOINCREMENT high-water mark
     * (sqlite_sequence), so an id deleted on SQLite is not handed out again (the event outbox's positions rely on that).
     */
    private static void advanceSequences(Connection source, Connection target, List<String> tables) throws SQLException {
        Map<String, Long> highWater = new HashMap<>();
        if (sourceTables(source).contains("sqlite_sequence")) {
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT name, seq FROM sqlite_sequence")) {
                while (rs.next()) highWater.put(rs.getString(1), rs.getLong(2));
            }
        }
        target.setAutoCommit(false);
        for (String table : tables) {
            for (Column column : targetColumns(target, table)) {
                String sequence;
                try (PreparedStatement ps = target.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
                    ps.setString(1, quote(table));
                    ps.setString(2, column.name);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sequence = rs.getString(1);
                    }
                }
                if (sequence == null) continue;
                long max = highWater.getOrDefault(table, 0L);
                try (Statement st = target.createStatement();
                     ResultSet rs = st.executeQuery("SELECT coalesce(max(" + quote(column.name) + "), 0) FROM " + quote(table))) {
                    rs.next();
                    max = Math.max(max, rs.getLong(1));
                }
                try (PreparedStatement ps = target.prepareStatement("SELECT setval(?, ?, false)")) {
                    ps.setString(1, sequence);
                    ps.setLong(2, max + 1);
                    ps.executeQuery().close();
                }
            }
        }
        target.commit();
    }

    /** Copies the data directory's files into the target's file store, when asked to; returns how many there are. */
    private int copyFiles(Connection target, JdbcStorage storage) throws SQLException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(filesDir)) {
            try (Stream<Path> walk = Files.walk(filesDir)) {
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().endsWith(".part"))
                        .sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + filesDir + ": " + e.getMessage(), e);
            }
        }
        if (files == FilesTo.LOCAL) {
            if (!found.isEmpty()) {
                out.println("files: " + found.size() + " file(s) stay in " + filesDir + "; copy that folder to files/ in the data directory"
                        + " of the server on PostgreSQL (or run again with --files-store=postgresql to keep them in the database)");
            }
            return 0;
        }
        target.setAutoCommit(false);
        Step step = step(target, FILES_STEP);
        target.commit();
        if (step.done) return (int) step.rows;
        FileStore store = storage.files(clock);
        Progress progress = new Progress("files", found.size());
        int n = 0;
        for (Path f : found) {
            String key = filesDir.relativize(f).toString().replace('\\', '/');
            try (InputStream in = Files.newInputStream(f)) {
                // A put replaces the key as a whole, so a file copied before an interruption is simply written again.
                store.put(key, in, Long.MAX_VALUE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + f + ": " + e.getMessage(), e);
            }
            progress.show(++n);
        }
        commitStep(target, FILES_STEP, true, n);
        progress.done(n);
        return n;
    }

    private record Verification(int tables, long points, int streams) {}

    /** Row counts of every table on both sides, and per stream the count and sum of the values. */
    private Verification verify(Connection source, Connection target, List<String> tables, Set<String> sourceTables) throws SQLException {
        out.println("verifying...");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String table : tables) {
            if (!sourceTables.contains(table)) continue;
            long s = count(source, table);
            long t = count(target, table);
            checked++;
            if (s != t) problems.add(table + ": " + s + " rows in SQLite, " + t + " in PostgreSQL");
        }
        Map<Long, double[]> sourceStreams = perStream(source);
        Map<Long, double[]> targetStreams = perStream(target);
        long points = 0;
        for (Map.Entry<Long, double[]> e : sourceStreams.entrySet()) {
            double[] s = e.getValue();
            double[] t = targetStreams.get(e.getKey());
            points += (long) s[0];
            if (t == null || s[0] != t[0] || Math.abs(s[1] - t[1]) > 1e-9 * Math.max(1, Math.abs(s[1]))) {
                problems.add("stream " + e.getKey() + ": " + (long) s[0] + " points summing to " + s[1] + " in SQLite, "
                        + (t == null ? "none" : (long) t[0] + " summing to " + t[1]) + " in PostgreSQL");
            }
        }
        if (!problems.isEmpty()) {
            throw new StoreException("the verification found differences (the target is left as it is; drop it and migrate again): "
                    + String.join("; ", problems.subList(0, Math.min(10, problems.size()))), null);
        }
        out.println("verified: " + checked + " tables with equal row counts, " + sourceStreams.size() + " streams with equal point counts"
                + " and sums (" + points + " points)");
        return new Verification(checked, points, sourceStreams.size());
    }

    private static Map<Long, double[]> perStream(Connection c) throws SQLException {
        Map<Long, double[]> streams = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT stream_id, count(*), coalesce(sum(value), 0) + coalesce(sum(int_value), 0) FROM data GROUP BY stream_id")) {
            // Integer points may carry int_value alone: both columns count towards a stream's sum.
            while (rs.next()) streams.put(rs.getLong(1), new double[] {rs.getLong(2), rs.getDouble(3)});
        }
        return streams;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean exists(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static String schemaVersion(Connection source) throws SQLException {
        String newest = null;
        try (Statement st = source.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + HISTORY + " WHERE success = 1 AND version IS NOT NULL")) {
            while (rs.next()) {
                String v = rs.getString(1);
                if (newest == null || compareVersions(v, newest) > 0) newest = v;
            }
        } catch (SQLException e) {
            throw new StoreException("the SQLite file has no Feedline schema (" + e.getMessage() + "); is --from a Feedline data directory?", e);
        }
        if (newest == null) throw new StoreException("the SQLite file has no Feedline schema applied; is --from a Feedline data directory?", null);
        return newest;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) return Long.compare(p, q);
        }
        return 0;
    }

    private static String quote(String identifier) { return "\"" + identifier.replace("\"", "\"\"") + "\""; }

    /** One line per table when it ends, and a line at most every two seconds while a long one runs. */
    private final class Progress {
        private final String table;
        private final long total;
        private final long started = System.nanoTime();
        private long shownAt = System.nanoTime();

        Progress(String table, long total) {
            this.table = table;
            this.total = total;
        }

        void show(long rows) {
            long now = System.nanoTime();
            if (now - shownAt < 2_000_000_000L) return;
            shownAt = now;
            out.printf("  %-24s %s %,d/%,d rows%n", table, bar(rows), rows, total);
            out.flush();
        }

        void done(long rows) {
            if (rows == 0) return; // an empty table is not worth a line
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            out.printf("  %-24s %s %,d rows (%.1f s, %,.0f rows/s)%n", table, bar(rows), rows, seconds, rows / seconds);
            out.flush();
        }

        private String bar(long rows) {
            int filled = total == 0 ? 20 : (int) Math.min(20, rows * 20 / total);
            return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
        }
    }
}
