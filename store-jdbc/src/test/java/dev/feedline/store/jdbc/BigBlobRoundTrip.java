package dev.feedline.store.jdbc;

import dev.feedline.core.contract.FileStoreContract.Generated;
import dev.feedline.core.port.FileStore;
import java.io.InputStream;
import java.time.Clock;
import java.util.zip.CRC32;

/**
 * Run in a child JVM with a small heap by {@link PostgresFileStoreTest}: stores a generated blob several times
 * larger than the heap and reads it back, comparing checksums. Finishing (exit 0) shows that neither put nor
 * open ever holds the blob whole; an OutOfMemoryError would end it with another status.
 */
public final class BigBlobRoundTrip {
    private BigBlobRoundTrip() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long size = Long.parseLong(args[1]);
        try (JdbcStorage storage = JdbcStorage.open(url, null, null, 2)) {
            FileStore files = storage.files(Clock.systemUTC());
            long stored = files.put("big/blob.bin", new Generated(11, size), size);
            if (stored != size) throw new AssertionError("stored " + stored + " of " + size + " bytes");
            long expected = crc(new Generated(11, size));
            long actual;
            try (InputStream in = files.open("big/blob.bin").orElseThrow()) {
                actual = crc(in);
            }
            if (actual != expected) throw new AssertionError("the blob read back differs from the one stored");
            System.out.println("round trip ok, max heap " + Runtime.getRuntime().maxMemory());
        }
    }

    private static long crc(InputStream in) throws java.io.IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) crc.update(buffer, 0, n);
        return crc.getValue();
    }
}
