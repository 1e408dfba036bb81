package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.contract.FileStoreContract;
import dev.feedline.core.port.FileStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The file store contract on a real PostgreSQL, a fresh database per test, plus what only the database store
 * must show: two stores (two nodes) on one database share their blobs, nothing is left behind by replaces,
 * failures or races, an open stream holds no connection, and a blob larger than the heap goes through.
 */
class PostgresFileStoreTest extends FileStoreContract {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private final List<JdbcStorage> opened = new ArrayList<>();
    private String url;
    private JdbcStorage storage;

    @Override
    protected FileStore newStore(Path tempDir) {
        url = EmbeddedPostgresServer.newDatabase();
        storage = open(url, 4);
        return storage.files(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private JdbcStorage open(String jdbcUrl, int poolSize) {
        JdbcStorage s = JdbcStorage.open(jdbcUrl, null, null, poolSize);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStorages() { opened.forEach(JdbcStorage::close); }

    private static InputStream text(String s) { return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)); }

    private static String readAll(FileStore files, String key) throws IOException {
        try (InputStream in = files.open(key).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void twoStoresOnOneDatabaseShareTheirBlobs() throws IOException, SQLException {
        FileStore nodeB = open(url, 2).files(Clock.systemUTC());
        store.put("events/1/a.bin", text("from node A"), 100);
        assertThat(readAll(nodeB, "events/1/a.bin")).isEqualTo("from node A");
        nodeB.put("events/1/a.bin", new Generated(1, BIG), BIG);
        try (InputStream in = store.open("events/1/a.bin").orElseThrow()) {
            assertSameBytes(in, new Generated(1, BIG));
        }
        store.delete("events/1/a.bin");
        assertThat(nodeB.open("events/1/a.bin")).isEmpty();
        // Stored with the time of the store that wrote it: node B's, the system clock, not A's fixed one.
        nodeB.put("events/1/b.bin", text("b"), 100);
        store.put("events/1/c.bin", text("c"), 100);
        assertThat(count("SELECT created_on FROM file_blob WHERE key = 'events/1/c.bin'")).isEqualTo(Time.micros(NOW));
    }

    @Test
    void replacedTooLargeFailedAndDeletedBlobsLeaveNoChunksBehind() throws IOException, SQLException {
        store.put("k/x.bin", new Generated(1, BIG), BIG);
        store.put("k/x.bin", new Generated(2, BIG / 2), BIG);
        assertThatThrownBy(() -> store.put("k/x.bin", new Generated(3, BIG + 1), BIG)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> store.put("k/x.bin", new java.io.SequenceInputStream(new Generated(4, BIG / 2), new InputStream() {
            @Override
            public int read() throws IOException { throw new IOException("gone"); }
        }), BIG)).isInstanceOf(IOException.class);
        store.put("k/y.bin", new Generated(5, BIG), BIG);
        store.delete("k/y.bin");
        store.put("k/empty.bin", new Generated(6, 0), BIG);

        assertThat(count("SELECT count(*) FROM file_blob")).isEqualTo(2);
        long chunksOfX = (BIG / 2 + PostgresFileStore.CHUNK_BYTES - 1) / PostgresFileStore.CHUNK_BYTES;
        assertThat(count("SELECT count(*) FROM file_chunk")).isEqualTo(chunksOfX);
        assertThat(count("SELECT count(*) FROM file_chunk c WHERE NOT EXISTS (SELECT 1 FROM file_blob b WHERE b.version = c.version)")).isZero();
        assertThat(count("SELECT max(length(data)) FROM file_chunk")).isEqualTo(PostgresFileStore.CHUNK_BYTES);
    }

    @Test
    void concurrentPutsOfOneNewKeyLeaveOneWholeBlobAndNoOrphans() throws Exception {
        int writers = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Long>> puts = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int seed = 20 + w;
                puts.add(pool.submit(() -> {
                    go.await();
                    return store.put("race/x.bin", new Generated(seed, 300_000 + seed), BIG);
                }));
            }
            go.countDown();
            for (Future<Long> put : puts) put.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long size = count("SELECT size FROM file_blob WHERE key = 'race/x.bin'");
        int seed = (int) (size - 300_000);
        assertThat(seed).isBetween(20, 20 + writers - 1);
        try (InputStream in = store.open("race/x.bin").orElseThrow()) {
            assertSameBytes(in, new Generated(seed, size));
        }
        assertThat(count("SELECT count(*) FROM file_chunk c WHERE NOT EXISTS (SELECT 1 FROM file_blob b WHERE b.version = c.version)")).isZero();
    }

    @Test
    void openStreamsHoldNoConnectionBetweenChunks() throws IOException {
        JdbcStorage small = open(url, 2);
        FileStore files = small.files(Clock.systemUTC(), 1024);
        List<InputStream> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.put("s/" + i + ".bin", new Generated(i, 10_000), 10_000);
            InputStream in = files.open("s/" + i + ".bin").orElseThrow();
            assertThat(in.readNBytes(1500)).isEqualTo(new Generated(i, 1500).readAllBytes()); // into the second chunk
            streams.add(in);
        }
        assertThat(small.dataSource().getHikariPoolMXBean().getActiveConnections()).isZero();
        for (int i = 0; i < 5; i++) {
            Generated expected = new Generated(i, 10_000);
            expected.skipNBytes(1500);
            try (InputStream in = streams.get(i)) {
                assertSameBytes(in, expected);
            }
        }
    }

    @Test
    void onlyPostgresqlHoldsFiles(@org.junit.jupiter.api.io.TempDir Path dir) {
        try (JdbcStorage sqlite = JdbcStorage.open("jdbc:sqlite:" + dir.resolve("f.db"), null, null, 1)) {
            assertThatThrownBy(() -> sqlite.files(Clock.systemUTC())).isInstanceOf(StoreException.class).hasMessageContaining("needs PostgreSQL");
        }
    }

    /** A blob four times the child JVM's heap goes in and comes out whole: neither side holds it in memory. */
    @Test
    void aBlobLargerThanTheHeapGoesThrough() throws Exception {
        long size = 128L * 1024 * 1024;
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile(tempDir, "child", ".log");
        Process child = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"), BigBlobRoundTrip.class.getName(),
                url, Long.toString(size)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(180, TimeUnit.SECONDS);
        if (!ended) child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        String output = Files.readString(log);
        assertThat(ended).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("round trip ok");
        assertThat(count("SELECT size FROM file_blob WHERE key = 'big/blob.bin'")).isEqualTo(size);
    }
}
