package dev.feedline.server;

import dev.feedline.core.Limits;
import java.nio.file.Path;
import java.time.Duration;

/** The typed settings the server starts with, read from {@link Config} with their defaults. */
public record Settings(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword, int dbPoolSize,
                       String adminEmail, String adminPassword, boolean signupEnabled, String jwtSecret, int bcryptCost,
                       Limits limits, int ingestQueuePoints, int ingestBatchPoints, Duration shutdownTimeout,
                       Duration retentionInterval, Duration rollupInterval, MqttConfig mqtt, int aioRateLimitPerMinute) {

    public static Settings from(Config c) {
        Path dataDir = Path.of(c.string("data.dir", "./data")).toAbsolutePath().normalize();
        Limits d = Limits.defaults();
        Limits limits = new Limits(
                c.longValue("limits.body.bytes", d.maxBodyBytes()),
                c.integer("limits.points.per.request", d.maxPointsPerRequest()),
                c.integer("limits.string.length", d.maxStringLength()),
                c.integer("limits.value.length", d.maxValueLength()),
                d.minTimestampMicros(),
                Duration.ofDays(c.integer("limits.future.skew.days", (int) d.maxFutureSkew().toDays())),
                c.longValue("limits.file.bytes", d.maxFileBytes()),
                inRange(c, "mqtt.receive.maximum", d.maxInflightMessages(), 1, Limits.MAX_INFLIGHT_LIMIT));
        return new Settings(
                c.string("http.host", "0.0.0.0"),
                c.integer("http.port", 8080),
                dataDir,
                c.string("db.url", "jdbc:sqlite:" + dataDir.resolve("feedline.db")),
                c.string("db.user", null),
                c.string("db.password", null),
                c.integer("db.pool.size", 8),
                c.string("admin.email", null),
                c.string("admin.password", null),
                c.bool("signup.enabled", false),
                c.string("jwt.secret", null),
                c.integer("bcrypt.cost", 12),
                limits,
                c.integer("ingest.queue.points", 200_000),
                c.integer("ingest.batch.points", 20_000),
                Duration.ofSeconds(c.integer("shutdown.timeout.seconds", 30)),
                Duration.ofMinutes(positive(c, "retention.interval.minutes", 60)),
                Duration.ofSeconds(positive(c, "rollup.interval.seconds", 60)),
                MqttConfig.from(c, c.string("http.host", "0.0.0.0")),
                nonNegative(c, "aio.rate.limit.per.minute", 0));
    }

    private static int nonNegative(Config c, String key, int fallback) {
        int v = c.integer(key, fallback);
        if (v < 0) throw new IllegalArgumentException("configuration " + key + " must be 0 or more, got " + v);
        return v;
    }

    private static int inRange(Config c, String key, int fallback, int min, int max) {
        int v = c.integer(key, fallback);
        if (v < min || v > max) throw new IllegalArgumentException("configuration " + key + " must be " + min + " to " + max + ", got " + v);
        return v;
    }

    private static int positive(Config c, String key, int fallback) {
        int v = c.integer(key, fallback);
        if (v < 1) throw new IllegalArgumentException("configuration " + key + " must be at least 1, got " + v);
        return v;
    }
}
