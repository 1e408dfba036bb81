package dev.feedline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The raw write limit of each store: the rows Feedline writes (same table from the same migration,
 * numeric points round robin over the same number of streams), inserted straight over JDBC with
 * nothing in between. SQLite gets Feedline's own settings (WAL, synchronous=FULL, page cache, checkpoint interval) and its 1,000-row
 * INSERT statements; PostgreSQL gets COPY, the fastest bulk path it has.
 */
final class RawStore {
    private static final int ROWS_PER_STATEMENT = 1000;

    private RawStore() {}

    record Result(String system, long rows, int rowsPerTransaction, double seconds) {
        double rowsPerSecond() { return rows / seconds; }
    }

    static Result sqlite(Path dir, int streams, long rows, int rowsPerTransaction) throws SQLException, IOException {
        Path file = Files.createTempFile(dir, "raw-", ".db");
        Files.delete(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                // Feedline's page cache and checkpoint interval (SqliteDialect), so the limit is of the same engine settings.
                st.execute("PRAGMA cache_size=-16384");
                st.execute("PRAGMA wal_autocheckpoint=10000");
                st.execute(migration("sqlite"));
            }
            c.setAutoCommit(false);
            String row = "(?, ?, 'numeric', ?)";
            String sql = "INSERT INTO data (stream_id, ts, type, value) VALUES " + String.join(", ", Collections.nCopies(ROWS_PER_STATEMENT, row));
            long start = System.nanoTime();
            try (PreparedStatement full = c.prepareStatement(sql)) {
                long seq = 0;
                while (seq < rows) {
                    long txnEnd = Math.min(rows, seq + rowsPerTransaction);
                    while (seq < txnEnd) {
                        int n = (int) Math.min(ROWS_PER_STATEMENT, txnEnd - seq);
                        PreparedStatement ps = n == ROWS_PER_STATEMENT ? full
                                : c.prepareStatement("INSERT INTO data (stream_id, ts, type, value) VALUES " + String.join(", ", Collections.nCopies(n, row)));
                        for (int i = 0; i < n; i++, seq++) {
                            ps.setLong(i * 3 + 1, 1 + seq % streams);
                            ps.setLong(i * 3 + 2, seq / streams);
                            ps.setDouble(i * 3 + 3, seq % 1000 + 0.25);
                        }
                        ps.executeUpdate();
                        if (ps != full) ps.close();
                    }
                    c.commit();
                }
            }
            return new Result("raw sqlite", rows, rowsPerTransaction, (System.nanoTime() - start) / 1e9);
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(Path.of(file + suffix));
        }
    }

    /** Into a scratch schema of the given database, dropped afterwards. */
    static Result postgres(String url, String user, String password, int streams, long rows, int rowsPerTransaction) throws SQLException, IOException {
        String schema = "bench_raw_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
                st.execute("SET search_path TO " + schema);
                st.execute(migration("postgresql"));
                // One partition for every timestamp: Feedline's monthly partitions are a layout choice, not write cost.
                st.execute("CREATE TABLE data_all PARTITION OF data FOR VALUES FROM (MINVALUE) TO (MAXVALUE)");
            }
            try {
                c.setAutoCommit(false);
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long start = System.nanoTime();
                long seq = 0;
                while (seq < rows) {
                    long txnEnd = Math.min(rows, seq + rowsPerTransaction);
                    StringBuilder b = new StringBuilder((int) (txnEnd - seq) * 32);
                    for (; seq < txnEnd; seq++) {
                        b.append(1 + seq % streams).append('\t').append(seq / streams).append("\tnumeric\t").append(seq % 1000 + 0.25).append('\n');
                    }
                    copy.copyIn("COPY data (stream_id, ts, type, value) FROM STDIN", new StringReader(b.toString()));
                    c.commit();
                }
                return new Result("raw postgresql", rows, rowsPerTransaction, (System.nanoTime() - start) / 1e9);
            } finally {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /** The data table exactly as Feedline creates it. */
    private static String migration(String dialect) throws IOException {
        try (InputStream in = RawStore.class.getResourceAsStream("/db/migration/" + dialect + "/V2__data.sql")) {
            if (in == null) throw new IllegalStateException("store-jdbc's " + dialect + " migration is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
