package dev.feedline.store.jdbc;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import dev.feedline.store.file.FileKeys;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Blobs in PostgreSQL (migration V11), so that every node of a cluster reads the same files. A blob is a
 * version: its bytes in chunks (file_chunk, never changed once committed) and the row in file_blob that points
 * the key at it. Neither writing nor reading ever holds more than one chunk of a blob in memory.
 *
 * <p>{@link #put} writes the new version's chunks and switches the key to it in one transaction, so readers
 * see the old blob or the new one, never half, and a failed or too-large upload leaves nothing behind. It
 * holds one pooled connection while it reads its input: hand it content that arrives at local speed (the HTTP
 * layer has received a multipart upload whole before the use case runs).
 *
 * <p>{@link #open} reads the key's version and its first chunk in one query; every further chunk is one short
 * query by (version, index) on a connection borrowed for that query only, so a slowly read stream holds no
 * connection. A blob of one chunk (most event attachments) is therefore whole in the stream once open returns.
 * A longer blob that is replaced or deleted while a stream is reading it loses its old chunks at that commit:
 * the stream then fails with an IOException at the next chunk it needs. It never returns bytes of two versions
 * and never ends early as if the blob were shorter.
 */
public final class PostgresFileStore implements FileStore {
    /** Chunk size: large enough that a chunk's round trip is cheap next to its bytes, small enough to hold a few. */
    static final int CHUNK_BYTES = 256 * 1024;

    private final Jdbc jdbc;
    private final Clock clock;
    private final int chunkBytes;

    PostgresFileStore(Jdbc jdbc, Clock clock, int chunkBytes) {
        if (chunkBytes < 1) throw new IllegalArgumentException("chunkBytes must be positive");
        this.jdbc = jdbc;
        this.clock = clock;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public long put(String key, InputStream content, long maxBytes) throws IOException {
        FileKeys.check(key);
        try {
            return jdbc.inOwnTransaction(c -> {
                long version = nextVersion(c);
                long size = writeChunks(c, version, content, maxBytes);
                pointKeyAt(c, key, version, size);
                return size;
            });
        } catch (SourceFailed e) {
            throw e.getCause();
        }
    }

    private static long nextVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('file_version_seq')"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Copies content into chunks of version; TOO_LARGE as soon as more than maxBytes arrive (reading at most one byte more). */
    private long writeChunks(Connection c, long version, InputStream content, long maxBytes) throws SQLException {
        byte[] buffer = new byte[chunkBytes];
        long size = 0;
        int index = 0;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO file_chunk (version, idx, data) VALUES (?, ?, ?)")) {
            while (true) {
                long remaining = maxBytes - size;
                int wanted = remaining >= buffer.length ? buffer.length : (int) Math.max(0, remaining) + 1;
                int n = readFully(content, buffer, wanted);
                if (n == 0) return size;
                size += n;
                if (size > maxBytes) throw new FeedlineException(ErrorKind.TOO_LARGE, "file larger than " + maxBytes + " bytes");
                insert.setLong(1, version);
                insert.setInt(2, index++);
                insert.setBytes(3, n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
                insert.executeUpdate();
                if (n < wanted) return size; // the input ended inside this chunk
            }
        }
    }

    private static int readFully(InputStream content, byte[] buffer, int wanted) {
        try {
            return content.readNBytes(buffer, 0, wanted);
        } catch (IOException e) {
            throw new SourceFailed(e);
        }
    }

    /**
     * Points key at version, then drops the chunks of the version it pointed at before. The key's row is locked
     * first, so concurrent puts of one key queue up and each drops exactly the version it replaced; when there
     * is no row, a concurrent put that inserts one first makes the INSERT do nothing, and the loop locks that row.
     */
    private void pointKeyAt(Connection c, String key, long version, long size) throws SQLException {
        long created = Time.micros(clock.instant());
        while (true) {
            OptionalLong replaced = lockedVersion(c, key);
            if (replaced.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE file_blob SET version = ?, size = ?, created_on = ? WHERE key = ?")) {
                    ps.setLong(1, version);
                    ps.setLong(2, size);
                    ps.setLong(3, created);
                    ps.setString(4, key);
                    ps.executeUpdate();
                }
                dropChunks(c, replaced.getAsLong());
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO file_blob (key, version, size, created_on) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")) {
                ps.setString(1, key);
                ps.setLong(2, version);
                ps.setLong(3, size);
                ps.setLong(4, created);
                if (ps.executeUpdate() == 1) return;
            }
        }
    }

    private static OptionalLong lockedVersion(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM file_blob WHERE key = ? FOR UPDATE")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static void dropChunks(Connection c, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM file_chunk WHERE version = ?")) {
            ps.setLong(1, version);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        FileKeys.check(key);
        return jdbc.withOwnConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT b.version, b.size, c.data FROM file_blob b"
                    + " LEFT JOIN file_chunk c ON c.version = b.version AND c.idx = 0 WHERE b.key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new ChunkStream(key, rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
                }
            }
        });
    }

    @Override
    public void delete(String key) {
        FileKeys.check(key);
        jdbc.inOwnTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM file_blob WHERE key = ? RETURNING version")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) dropChunks(c, rs.getLong(1));
                }
            }
            return null;
        });
    }

    /** One chunk of a version, or null when the version has lost it (replaced or deleted since the stream opened). */
    private byte[] chunk(long version, int index) {
        return jdbc.withOwnConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT data FROM file_chunk WHERE version = ? AND idx = ?")) {
                ps.setLong(1, version);
                ps.setInt(2, index);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    /** The bytes of one version, holding one chunk at a time and fetching the next when it is used up. */
    private final class ChunkStream extends InputStream {
        private final String key;
        private final long version;
        private final long size;
        private byte[] chunk;
        private int position;
        private int nextIndex;
        /** Bytes of the version before the current chunk. */
        private long before;
        private boolean closed;

        /** first is chunk 0, or null when the blob is empty. */
        ChunkStream(String key, long version, long size, byte[] first) {
            this.key = key;
            this.version = version;
            this.size = size;
            this.chunk = first == null ? new byte[0] : first;
            this.nextIndex = first == null ? 0 : 1;
        }

        @Override
        public int read() throws IOException {
            if (!ready()) return -1;
            return chunk[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            if (!ready()) return -1;
            int n = Math.min(len, chunk.length - position);
            System.arraycopy(chunk, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() throws IOException {
            if (closed) throw new IOException("stream closed");
            return chunk.length - position;
        }

        /** True when the current chunk has bytes left, fetching the next chunk if needed; false at the end of the blob. */
        private boolean ready() throws IOException {
            if (closed) throw new IOException("stream closed");
            while (position == chunk.length) {
                long next = before + chunk.length;
                if (next >= size) {
                    if (next > size) throw new IOException("blob " + key + " has more bytes than its recorded size");
                    return false;
                }
                byte[] fetched;
                try {
                    fetched = chunk(version, nextIndex);
                } catch (RuntimeException e) {
                    throw new IOException("cannot read blob " + key + " from the database", e);
                }
                if (fetched == null) throw new IOException("blob " + key + " was replaced or deleted while being read");
                before = next;
                chunk = fetched;
                position = 0;
                nextIndex++;
            }
            return true;
        }

        @Override
        public void close() {
            closed = true;
            chunk = new byte[0];
        }
    }

    /** An IOException of the caller's input, carried out of the transaction (which rolls back) and rethrown as is. */
    private static final class SourceFailed extends RuntimeException {
        SourceFailed(IOException cause) { super(cause); }

        @Override
        public synchronized IOException getCause() { return (IOException) super.getCause(); }
    }
}
