package dev.feedline.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How long one durable write takes on the disk the stores use: append 4 KiB and fsync, as a database
 * commit does. Every acknowledged point waits for at least one of these, so it bounds commits per
 * second on any store; the report shows it beside the ingest figures.
 */
final class DiskProbe {
    private static final int SYNCS = 50;

    private DiskProbe() {}

    static Latency.Summary measure(Path dir) throws IOException {
        Path file = Files.createTempFile(Files.createDirectories(dir), "fsync-", ".probe");
        Latency latency = new Latency();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < SYNCS; i++) {
                long t = System.nanoTime();
                ch.write(ByteBuffer.allocate(4096));
                ch.force(false);
                latency.record(System.nanoTime() - t);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return latency.summary();
    }
}
