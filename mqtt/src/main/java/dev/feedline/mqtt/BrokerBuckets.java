package dev.feedline.mqtt;

import com.hivemq.configuration.service.InternalConfigurations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How many buckets (separate RocksDB/Xodus environments) each of HiveMQ's five persistences is split into.
 * HiveMQ's default of 64 makes 320 environments, which took most of the broker's start-up time and many
 * file handles for a broker whose state here is small: Feedline keeps telemetry, commands and attributes in
 * its own store, HiveMQ only sessions, subscriptions and queued messages. A key's bucket is its hash modulo
 * the count, so a data folder made with another count keeps the count it was made with.
 */
final class BrokerBuckets {
    /** Enough to keep HiveMQ's single-writer threads (two per core) apart on a small host. */
    static final int DEFAULT = 8;
    private static final String PROBE = "client_queue";

    private BrokerBuckets() {}

    /** Sets HiveMQ's bucket counts for a broker about to start on {@code dataFolder}. */
    static void configure(Path dataFolder) {
        int count = existing(dataFolder.resolve("persistence").resolve(PROBE));
        if (count == 0) count = DEFAULT;
        InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(count);
        InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.set(count);
    }

    /** Buckets of the persistence's newest version folder ({@code client_queue/040500/client_queue_N}), 0 if none. */
    static int existing(Path persistence) {
        if (!Files.isDirectory(persistence)) return 0;
        try (Stream<Path> versions = Files.list(persistence)) {
            Path newest = versions.filter(Files::isDirectory).max(Path::compareTo).orElse(null);
            if (newest == null) return 0;
            try (Stream<Path> buckets = Files.list(newest)) {
                return (int) buckets.filter(p -> p.getFileName().toString().startsWith(PROBE + "_")).count();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MQTT broker's data folder " + persistence, e);
        }
    }
}
