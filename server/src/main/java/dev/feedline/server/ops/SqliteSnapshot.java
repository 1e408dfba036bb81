package dev.feedline.server.ops;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An SQLite database file taken whole: copied consistently from a live one with {@code VACUUM INTO} (a read
 * transaction, so writers go on and the copy is the database as of one commit), and read for a backup's manifest.
 * Tables are found in the file itself, never listed here, so tables added by later migrations are counted and
 * copied too.
 */
final class SqliteSnapshot {
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;
    private final Path file;

    private SqliteSnapshot(Path file) { this.file = file; }

    /** Copies the live database at source into target (which must not exist), consistent to one commit. */
    static SqliteSnapshot take(Path source, Path target) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            }
            try (PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, target.toString());
                vacuum.execute();
            }
        }
        return new SqliteSnapshot(target);
    }

    static SqliteSnapshot of(Path file) { return new SqliteSnapshot(file); }

    Path file() { return file; }

    /** The version of the newest migration applied successfully, or null for a database Feedline never migrated. */
    String schemaVersion() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            if (!tables(c).contains("flyway_schema_history")) return null;
            try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"
                    + " ORDER BY installed_rank DESC LIMIT 1")) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The rows of every table, by name. */
    Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = open(); Statement s = c.createStatement()) {
            for (String table : tables(c)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /**
     * Every blob key the database refers to: the values of each column named {@code file_key} or ending in
     * {@code _file_key}, in any table (event attachments, streamer reports, and whatever later tables keep in the file store).
     */
    Set<String> fileKeys() throws SQLException {
        Set<String> keys = new TreeSet<>();
        try (Connection c = open(); Statement s = c.createStatement()) {
            for (String table : tables(c)) {
                for (String column : columns(c, table)) {
                    if (!column.equals("file_key") && !column.endsWith("_file_key")) continue;
                    try (ResultSet rs = s.executeQuery("SELECT DISTINCT " + quote(column) + " FROM " + quote(table)
                            + " WHERE " + quote(column) + " IS NOT NULL")) {
                        while (rs.next()) keys.add(rs.getString(1));
                    }
                }
            }
        }
        return keys;
    }

    private Connection open() throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
            while (rs.next()) names.add(rs.getString("name"));
        }
        return names;
    }

    private static String quote(String identifier) { return "\"" + identifier.replace("\"", "\"\"") + "\""; }
}
