package dev.feedline.server;

import dev.feedline.core.fleet.FirmwareCacheLimits;
import java.time.Duration;

/** How firmware downloads are cached and paced (docs/CONFIGURATION.md, firmware.cache.*, firmware.serve.bytes.per.second). */
final class FirmwareCacheConfig {
    private FirmwareCacheConfig() {}

    static FirmwareCacheLimits from(Config c) {
        FirmwareCacheLimits d = FirmwareCacheLimits.DEFAULTS;
        return new FirmwareCacheLimits(Duration.ofSeconds(nonNegative(c, "firmware.cache.offer.seconds", d.offerTtl().toSeconds())),
                nonNegative(c, "firmware.cache.file.bytes", d.maxFileBytes()), nonNegative(c, "firmware.cache.total.bytes", d.maxTotalBytes()),
                nonNegative(c, "firmware.serve.bytes.per.second", d.serveBytesPerSecond()));
    }

    private static long nonNegative(Config c, String key, long fallback) {
        long v = c.longValue(key, fallback);
        if (v < 0) throw new IllegalArgumentException("configuration " + key + " must be 0 or more, got " + v);
        return v;
    }
}
