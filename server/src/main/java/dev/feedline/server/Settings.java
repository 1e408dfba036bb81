package dev.feedline.server;

import dev.feedline.core.Limits;
import dev.feedline.core.auth.PasswordPolicy;
import dev.feedline.core.auth.LoginThrottle;
import java.nio.file.Path;
import java.time.Duration;

/** The typed settings the server starts with, read from {@link Config} with their defaults. */
public record Settings(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword, int dbPoolSize,
                       String adminEmail, String adminPassword, boolean signupEnabled, String jwtSecret, int bcryptCost, int passwordMinLength,
                       Limits limits, int ingestQueuePoints, int ingestBatchPoints, Duration shutdownTimeout,
                       Duration retentionInterval, Duration rollupInterval, MqttConfig mqtt, int aioRateLimitPerMinute,
                       LoginThrottle.Limit loginPerAccount, LoginThrottle.Limit loginPerAddress, FilesStore filesStore,
                       ClusterConfig cluster, Duration shutdownDrain, JobsConfig jobs, ActionsConfig actions,
                       dev.feedline.core.rule.RuleLimits rules, BackupConfig backup, ReportsConfig reports,
                       dev.feedline.http.graphql.GraphQlLimits graphql, dev.feedline.core.fleet.FirmwareCacheLimits firmwareCache) {

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
        String dbUrl = c.string("db.url", "jdbc:sqlite:" + dataDir.resolve("feedline.db"));
        ClusterConfig cluster = ClusterConfig.from(c, dbUrl);
        return new Settings(
                c.string("http.host", "0.0.0.0"),
                c.integer("http.port", 8080),
                dataDir,
                dbUrl,
                c.string("db.user", null),
                c.string("db.password", null),
                c.integer("db.pool.size", 8),
                c.string("admin.email", null),
                c.string("admin.password", null),
                c.bool("signup.enabled", false),
                c.string("jwt.secret", null),
                c.integer("bcrypt.cost", 12),
                passwordMinLength(c),
                limits,
                c.integer("ingest.queue.points", 200_000),
                c.integer("ingest.batch.points", 20_000),
                Duration.ofSeconds(c.integer("shutdown.timeout.seconds", 30)),
                Duration.ofMinutes(c.atLeast("retention.interval.minutes", 60, 1)),
                Duration.ofSeconds(c.atLeast("rollup.interval.seconds", 60, 1)),
                MqttConfig.from(c, c.string("http.host", "0.0.0.0")),
                c.atLeast("aio.rate.limit.per.minute", 0, 0),
                loginLimit(c, "login.throttle.account", 10, 60),
                loginLimit(c, "login.throttle.address", 30, 10),
                FilesStore.from(c, dbUrl, cluster.enabled()),
                cluster,
                Duration.ofSeconds(c.atLeast("shutdown.drain.seconds", 0, 0)),
                JobsConfig.from(c),
                ActionsConfig.from(c),
                RulesConfig.from(c),
                BackupConfig.from(c, dataDir, dbUrl),
                ReportsConfig.from(c),
                GraphQlConfig.from(c),
                FirmwareCacheConfig.from(c));
    }

    /** The database file when db.url is a plain SQLite file, for the operator's commands (backup, restore, check). */
    public java.util.Optional<Path> sqliteFile() { return DataDirectory.sqliteFile(dbUrl); }

    /** The server's public.url, or null (an org export names it as its source). */
    public String publicUrl() { return actions.publicUrl(); }

    /** {@code <prefix>.attempts} failed logins in a row, then one more every {@code <prefix>.refill.seconds}; 0 attempts is off. */
    private static LoginThrottle.Limit loginLimit(Config c, String prefix, int attempts, int refillSeconds) {
        return new LoginThrottle.Limit(c.atLeast(prefix + ".attempts", attempts, 0),
                Duration.ofSeconds(c.atLeast(prefix + ".refill.seconds", refillSeconds, 1)));
    }

    private static int passwordMinLength(Config c) {
        int v = c.integer("password.min.length", PasswordPolicy.DEFAULT_MIN_LENGTH);
        if (v < PasswordPolicy.LOWEST_MIN_LENGTH) {
            throw new IllegalArgumentException("configuration password.min.length must be at least " + PasswordPolicy.LOWEST_MIN_LENGTH + ", got " + v);
        }
        return v;
    }

    private static int inRange(Config c, String key, int fallback, int min, int max) {
        int v = c.integer(key, fallback);
        if (v < min || v > max) throw new IllegalArgumentException("configuration " + key + " must be " + min + " to " + max + ", got " + v);
        return v;
    }
}
