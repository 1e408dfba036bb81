package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.cli.CliRun;
import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's migration target, measured by hand (not part of the suite: the name does not end in Test): a SQLite
 * data directory with 1,000,000 points (-Dfeedline.bench.points) in 10 streams, loaded straight over JDBC into the
 * tables Feedline's migrations created, copied by feedline migrate-store into the embedded PostgreSQL and
 * verified. Run: {@code mvn -B -q -pl server -am test -Dtest=MigrateStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the "migrate-store benchmark" line.
 */
class MigrateStoreBenchmark {
    private static final int POINTS = Integer.getInteger("feedline.bench.points", 1_000_000);
    private static final int STREAMS = 10;
    @TempDir Path tmp;

    @Test
    void migratesAMillionPoints() throws Exception {
        Path dir = tmp.resolve("sqlite");
        TestServer.start(dir, Map.of()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedline.db"))) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO data (stream_id, ts, type, value) VALUES (?, ?, 'numeric', ?)")) {
                long start = 1_704_067_200_000_000L; // 2024-01-01, one point a second
                for (int i = 0; i < POINTS; i++) {
                    ps.setLong(1, 1 + i % STREAMS);
                    ps.setLong(2, start + (i / STREAMS) * 1_000_000L);
                    ps.setDouble(3, i * 0.25);
                    ps.addBatch();
                    if (i % 10_000 == 9_999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM data")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(POINTS);
            }
        }
        long t0 = System.nanoTime();
        CliRun r = CliRun.run(Map.of("FEEDLINE_CONFIG", "/nonexistent"), "migrate-store", "--from", dir.toString(),
                "--to", EmbeddedPostgresServer.newDatabase());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.code()).as(r.toString()).isZero();
        System.out.println(r.out());
        System.out.printf("migrate-store benchmark: %,d points in %.1f s (%,.0f points/s, copy and verification)%n", POINTS, seconds, POINTS / seconds);
    }
}
