package dev.feedline.server;

import dev.feedline.core.fleet.FirmwareCacheLimits;
import java.time.Duration;

/** How firmware downloads are cached and paced (docs/CONFIGURATION.md, firmware.cache.*, firmware.serve.bytes.per.second). */
final class FirmwareCacheConfig {
    private FirmwareCacheConfig() {}

    static FirmwareCacheLimits from(Config c) {
        FirmwareCacheLimits d = FirmwareCacheLimits.DEFAULTS;
        return new FirmwareCacheLimits(Duration.ofSeconds(c.atLeast("firmware.cache.offer.seconds", d.offerTtl().toSeconds(), 0)),
                c.atLeast("firmware.cache.file.bytes", d.maxFileBytes(), 0), c.atLeast("firmware.cache.total.bytes", d.maxTotalBytes(), 0),
                c.atLeast("firmware.serve.bytes.per.second", d.serveBytesPerSecond(), 0));
    }
}
