package dev.feedline.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirmwareBytesTest {
    /** Files in memory, counting how often each is opened (the cost the cache saves). */
    private static final class Files implements FileStore {
        final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        byte[] add(String key, int size) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) b[i] = (byte) (key.hashCode() + i);
            blobs.put(key, b);
            return b;
        }

        int opens(String key) { return opens.getOrDefault(key, new AtomicInteger()).get(); }

        @Override public long put(String key, InputStream content, long maxBytes) { throw new UnsupportedOperationException(); }

        @Override
        public Optional<InputStream> open(String key) throws java.io.IOException {
            opens.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            return Optional.ofNullable(blobs.get(key)).map(ByteArrayInputStream::new);
        }

        @Override public void delete(String key) { blobs.remove(key); }
    }

    private final Files files = new Files();

    @Test
    void aSmallFileIsReadOnceAndServedFromMemory() {
        byte[] fw = files.add("ota/a.bin", 1000);
        FirmwareBytes bytes = new FirmwareBytes(files, 4096, 10_000);
        for (int i = 0; i < 20; i++) assertThat(bytes.of("ota/a.bin", 1000)).contains(fw);
        assertThat(files.opens("ota/a.bin")).isEqualTo(1);
        assertThat(bytes.heldBytes()).isEqualTo(1000);
    }

    @Test
    void aFileAboveTheSizeLimitIsNotKept() {
        files.add("ota/big.bin", 5000);
        FirmwareBytes bytes = new FirmwareBytes(files, 4096, 1 << 20);
        assertThat(bytes.of("ota/big.bin", 5000)).isEmpty();
        assertThat(files.opens("ota/big.bin")).isZero(); // the caller streams it
        assertThat(bytes.heldBytes()).isZero();
        // Nor one that alone would not fit the total.
        assertThat(new FirmwareBytes(files, 1 << 20, 4000).of("ota/big.bin", 5000)).isEmpty();
    }

    @Test
    void theTotalStaysWithinItsBoundTheLeastRecentlyServedGoingFirst() {
        for (String k : List.of("a", "b", "c", "d")) files.add("ota/" + k, 1000);
        FirmwareBytes bytes = new FirmwareBytes(files, 1000, 3000);
        bytes.of("ota/a", 1000);
        bytes.of("ota/b", 1000);
        bytes.of("ota/c", 1000);
        bytes.of("ota/a", 1000); // a was served last: b is now the least recently served
        assertThat(bytes.heldBytes()).isEqualTo(3000);
        bytes.of("ota/d", 1000);
        assertThat(bytes.heldBytes()).isEqualTo(3000);
        bytes.of("ota/a", 1000);
        bytes.of("ota/c", 1000);
        bytes.of("ota/d", 1000);
        assertThat(files.opens("ota/a") + files.opens("ota/c") + files.opens("ota/d")).isEqualTo(3); // still held
        bytes.of("ota/b", 1000); // dropped: read again
        assertThat(files.opens("ota/b")).isEqualTo(2);
        assertThat(bytes.heldBytes()).isLessThanOrEqualTo(3000);
    }

    @Test
    void devicesAskingAtOnceReadTheFileOnce() throws Exception {
        byte[] fw = files.add("ota/wave.bin", 2000);
        FirmwareBytes bytes = new FirmwareBytes(files, 4096, 10_000);
        files.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<byte[]>>> asks = new ArrayList<>();
            for (int i = 0; i < 8; i++) asks.add(pool.submit(() -> bytes.of("ota/wave.bin", 2000)));
            org.awaitility.Awaitility.await().until(() -> files.opens("ota/wave.bin") == 1);
            files.gate.countDown();
            for (Future<Optional<byte[]>> f : asks) assertThat(f.get(10, TimeUnit.SECONDS)).contains(fw);
        } finally {
            pool.shutdownNow();
        }
        assertThat(files.opens("ota/wave.bin")).isEqualTo(1);
    }

    @Test
    void aMissingFileIsNotFoundAndNotRemembered() {
        FirmwareBytes bytes = new FirmwareBytes(files, 4096, 10_000);
        assertThatThrownBy(() -> bytes.of("ota/gone.bin", 10)).isInstanceOf(FeedlineException.class).hasMessageContaining("firmware file");
        byte[] fw = files.add("ota/gone.bin", 10);
        assertThat(bytes.of("ota/gone.bin", 10)).contains(fw);
    }
}
