package dev.feedline.core.fleet;

import java.time.Duration;

/**
 * How ThingsBoard firmware downloads are cached (docs/CONFIGURATION.md {@code firmware.cache.*}): how long a device's
 * offer (which firmware it is to download) is reused without asking the database again, at most ({@code offerTtl}; 0
 * looks it up for every chunk); and which firmware files are kept in memory: each at most {@code maxFileBytes}, all
 * of them together at most {@code maxTotalBytes} (the least recently served go first; 0 keeps none). Larger files are
 * read from the file store chunk by chunk. And the pace chunks are served at, in bytes a second over all devices
 * ({@link DownloadPace}; 0: as fast as devices ask).
 */
public record FirmwareCacheLimits(Duration offerTtl, long maxFileBytes, long maxTotalBytes, long serveBytesPerSecond) {
    public static final FirmwareCacheLimits DEFAULTS = new FirmwareCacheLimits(Duration.ofSeconds(5), 4L << 20, 32L << 20, 2L << 20);

    public FirmwareCacheLimits {
        if (offerTtl.isNegative()) throw new IllegalArgumentException("offerTtl must not be negative");
        if (maxFileBytes < 0 || maxTotalBytes < 0 || serveBytesPerSecond < 0) throw new IllegalArgumentException("byte limits must not be negative");
    }
}
