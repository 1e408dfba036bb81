package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every FileStore must show; subclasses supply a fresh, empty store. */
public abstract class FileStoreContract {
    @TempDir
    protected Path tempDir;
    protected FileStore store;

    protected abstract FileStore newStore(Path tempDir) throws IOException;

    @BeforeEach
    void openStore() throws IOException { store = newStore(tempDir); }

    private static InputStream bytes(String s) { return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)); }

    private String read(String key) throws IOException {
        Optional<InputStream> in = store.open(key);
        assertThat(in).isPresent();
        try (InputStream stream = in.get()) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void putOpenReplaceAndDelete() throws IOException {
        assertThat(store.put("events/s--0001/1.bin", bytes("hello"), 100)).isEqualTo(5);
        assertThat(read("events/s--0001/1.bin")).isEqualTo("hello");
        store.put("events/s--0001/1.bin", bytes("bye"), 100);
        assertThat(read("events/s--0001/1.bin")).isEqualTo("bye");
        store.delete("events/s--0001/1.bin");
        assertThat(store.open("events/s--0001/1.bin")).isEmpty();
        store.delete("events/s--0001/1.bin");
    }

    @Test
    void missingBlobIsEmpty() throws IOException {
        assertThat(store.open("nothing/here.txt")).isEmpty();
    }

    @Test
    void tooLargeStoresNothingAndKeepsTheEarlierBlob() throws IOException {
        store.put("a.txt", bytes("small"), 5);
        assertThatThrownBy(() -> store.put("a.txt", bytes("too large"), 5)).isInstanceOf(FeedlineException.class)
                .extracting(e -> ((FeedlineException) e).kind()).isEqualTo(ErrorKind.TOO_LARGE);
        assertThatThrownBy(() -> store.put("b.txt", bytes("too large"), 5)).isInstanceOf(FeedlineException.class);
        assertThat(read("a.txt")).isEqualTo("small");
        assertThat(store.open("b.txt")).isEmpty();
    }

    @Test
    void rejectsKeysOutsideTheAlphabetOrEscapingTheRoot() throws IOException {
        for (String key : new String[] {"../x", "a/../../x", "/abs", "Upper.txt", "sp ace", "a\\b", "", "..", "x/..", ".", "x/.", "./a",
                "a/./b", "a//b", "a/", "a.part", "k".repeat(256), "k".repeat(255) + "/" + "k".repeat(255) + "/k"}) {
            assertThatThrownBy(() -> store.put(key, bytes("x"), 10)).as(key).isInstanceOf(FeedlineException.class)
                    .extracting(e -> ((FeedlineException) e).kind()).isEqualTo(ErrorKind.INVALID);
            assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(FeedlineException.class);
            assertThatThrownBy(() -> store.delete(key)).as(key).isInstanceOf(FeedlineException.class);
        }
        String longest = "k".repeat(255) + "/" + "k".repeat(255);
        store.put(longest, bytes("longest"), 10);
        assertThat(read(longest)).isEqualTo("longest");
    }

    /** Several megabytes: more than one chunk or buffer of any store, so its streaming is exercised. */
    protected static final int BIG = 3 * 1024 * 1024 + 4321;

    @Test
    void aBigBlobIsStreamedInAndOutWhole() throws IOException {
        assertThat(store.put("big/one.bin", new Generated(1, BIG), BIG)).isEqualTo(BIG);
        try (InputStream in = store.open("big/one.bin").orElseThrow()) {
            assertSameBytes(in, new Generated(1, BIG));
        }
        assertThat(store.put("big/empty.bin", new Generated(2, 0), BIG)).isZero();
        try (InputStream in = store.open("big/empty.bin").orElseThrow()) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void exactlyTheLimitIsStoredAndOneByteMoreOverManyChunksKeepsTheEarlierBlob() throws IOException {
        store.put("big/limit.bin", new Generated(3, BIG), BIG);
        assertThatThrownBy(() -> store.put("big/limit.bin", new Generated(4, BIG + 1), BIG)).isInstanceOf(FeedlineException.class)
                .extracting(e -> ((FeedlineException) e).kind()).isEqualTo(ErrorKind.TOO_LARGE);
        assertThatThrownBy(() -> store.put("big/other.bin", new Generated(4, BIG + 1), BIG)).isInstanceOf(FeedlineException.class);
        try (InputStream in = store.open("big/limit.bin").orElseThrow()) {
            assertSameBytes(in, new Generated(3, BIG));
        }
        assertThat(store.open("big/other.bin")).isEmpty();
    }

    @Test
    void anInputThatFailsMidwayStoresNothingAndKeepsTheEarlierBlob() throws IOException {
        store.put("up/a.bin", bytes("earlier"), BIG);
        IOException broken = new IOException("client went away");
        InputStream failing = new SequenceInputStream(new Generated(5, BIG / 2), new InputStream() {
            @Override
            public int read() throws IOException { throw broken; }
        });
        assertThatThrownBy(() -> store.put("up/a.bin", failing, BIG)).isSameAs(broken);
        assertThat(read("up/a.bin")).isEqualTo("earlier");
        InputStream failingAgain = new SequenceInputStream(new Generated(5, BIG / 2), new InputStream() {
            @Override
            public int read() throws IOException { throw broken; }
        });
        assertThatThrownBy(() -> store.put("up/b.bin", failingAgain, BIG)).isSameAs(broken);
        assertThat(store.open("up/b.bin")).isEmpty();
    }

    @Test
    void aStreamOpenedBeforeAReplaceOrDeleteYieldsItsWholeBlobOrFails() throws IOException {
        store.put("r/x.bin", new Generated(6, BIG), BIG);
        InputStream beforeReplace = store.open("r/x.bin").orElseThrow();
        assertThat(beforeReplace.readNBytes(10)).isEqualTo(new Generated(6, 10).readAllBytes());
        store.put("r/x.bin", new Generated(7, BIG / 3), BIG);
        InputStream beforeDelete = store.open("r/x.bin").orElseThrow();
        assertThat(beforeDelete.readNBytes(10)).isEqualTo(new Generated(7, 10).readAllBytes());
        store.delete("r/x.bin");

        assertWholeOrFailed(beforeReplace, new Generated(6, BIG), 10);
        assertWholeOrFailed(beforeDelete, new Generated(7, BIG / 3), 10);
        assertThat(store.open("r/x.bin")).isEmpty();
    }

    @Test
    void concurrentReadersSeeOneWholeBlobWhileItIsReplaced() throws Exception {
        int sizeA = BIG / 3, sizeB = BIG / 4;
        store.put("c/x.bin", new Generated(8, sizeA), BIG);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> writer = pool.submit(() -> {
                try {
                    for (int i = 0; i < 12; i++) {
                        if (i % 2 == 0) store.put("c/x.bin", new Generated(9, sizeB), BIG);
                        else store.put("c/x.bin", new Generated(8, sizeA), BIG);
                    }
                    return 12;
                } finally {
                    writing.set(false);
                }
            });
            Future<Integer> reader = pool.submit(() -> {
                int whole = 0;
                do {
                    try (InputStream in = store.open("c/x.bin").orElseThrow(() -> new AssertionError("the key vanished during a replace"))) {
                        byte[] got = in.readAllBytes();
                        byte[] expected = got.length == sizeA ? new Generated(8, sizeA).readAllBytes() : new Generated(9, sizeB).readAllBytes();
                        assertThat(got.length).isIn(sizeA, sizeB);
                        assertThat(got).isEqualTo(expected);
                        whole++;
                    } catch (IOException allowed) {
                        // the blob this stream opened was replaced under it; the contract lets it fail
                    }
                } while (writing.get());
                return whole;
            });
            assertThat(writer.get(120, TimeUnit.SECONDS)).isEqualTo(12);
            reader.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        // Once the writes are over, every reader sees the last one whole (put 11 wrote A).
        try (InputStream in = store.open("c/x.bin").orElseThrow()) {
            assertSameBytes(in, new Generated(8, sizeA));
        }
    }

    /** The rest of a stream that has already given skipped bytes: all of the expected blob, or an IOException. */
    private static void assertWholeOrFailed(InputStream in, InputStream expected, int skipped) throws IOException {
        expected.skipNBytes(skipped);
        byte[] rest;
        try (in) {
            rest = in.readAllBytes();
        } catch (IOException allowed) {
            return;
        }
        assertThat(rest).isEqualTo(expected.readAllBytes());
    }

    /** Compares two streams in pieces of odd sizes (and single bytes), without holding either whole. */
    protected static void assertSameBytes(InputStream actual, InputStream expected) throws IOException {
        byte[] a = new byte[7919];
        byte[] e = new byte[7919];
        long offset = 0;
        while (true) {
            int single = actual.read();
            int expectedSingle = expected.read();
            assertThat(single).as("byte at %d", offset).isEqualTo(expectedSingle);
            if (single < 0) return;
            offset++;
            int n = actual.readNBytes(a, 0, a.length);
            int m = expected.readNBytes(e, 0, e.length);
            assertThat(n).as("bytes after %d", offset).isEqualTo(m);
            assertThat(Arrays.equals(a, 0, n, e, 0, m)).as("bytes after %d", offset).isTrue();
            offset += n;
        }
    }

    /** A deterministic stream of size bytes that depends on seed, generated as it is read (never held in memory). */
    public static final class Generated extends InputStream {
        private final int seed;
        private final long size;
        private long position;

        public Generated(int seed, long size) {
            this.seed = seed;
            this.size = size;
        }

        private byte at(long i) { return (byte) (seed * 131 + i * 31 + (i >>> 8) * 7); }

        @Override
        public int read() {
            return position < size ? at(position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (position >= size) return -1;
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) b[off + i] = at(position++);
            return n;
        }
    }
}
