package dev.feedline.server;

import dev.feedline.core.Services;
import dev.feedline.core.Text;
import dev.feedline.core.access.Access;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.annotate.ConfigService;
import dev.feedline.core.annotate.EventService;
import dev.feedline.core.annotate.LocationService;
import dev.feedline.core.annotate.NoteService;
import dev.feedline.core.annotate.PropertyService;
import dev.feedline.core.auth.AccountService;
import dev.feedline.core.auth.ApiKeyService;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.JwtService;
import dev.feedline.core.auth.LoginThrottle;
import dev.feedline.core.auth.PasswordHasher;
import dev.feedline.core.auth.PasswordPolicy;
import dev.feedline.core.auth.PasswordLogin;
import dev.feedline.core.auth.TokenRevocations;
import dev.feedline.core.dashboard.Dashboards;
import dev.feedline.core.feed.AioIdentity;
import dev.feedline.core.feed.DataRateLimiter;
import dev.feedline.core.feed.FeedGroups;
import dev.feedline.core.feed.FeedHistory;
import dev.feedline.core.feed.FeedServices;
import dev.feedline.core.feed.FeedStreams;
import dev.feedline.core.feed.FeedTriggers;
import dev.feedline.core.feed.FeedValues;
import dev.feedline.core.feed.FeedWebhooks;
import dev.feedline.core.feed.Feeds;
import dev.feedline.core.feed.PersonalOrgs;
import dev.feedline.core.auth.Secrets;
import dev.feedline.core.data.DataService;
import dev.feedline.core.data.IngestQueue;
import dev.feedline.core.data.LastSeen;
import dev.feedline.core.device.Commands;
import dev.feedline.core.device.DeviceAttributes;
import dev.feedline.core.device.DeviceService;
import dev.feedline.core.device.Presence;
import dev.feedline.core.device.Telemetry;
import dev.feedline.core.org.InvitationService;
import dev.feedline.core.org.OrgService;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.report.ReportProcessor;
import dev.feedline.core.report.StreamerService;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.core.project.ProjectService;
import dev.feedline.core.stream.StreamService;
import dev.feedline.core.stream.VariableService;
import dev.feedline.http.ApiServer;
import dev.feedline.http.Health;
import dev.feedline.mqtt.MqttBroker;
import dev.feedline.store.file.LocalFileStore;
import dev.feedline.store.jdbc.JdbcStorage;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole object graph, built with constructors, top to bottom, in {@link #start}. This is the one
 * place that chooses engines (SQLite or PostgreSQL through the JDBC URL, files on disk or in PostgreSQL).
 */
public final class FeedlineServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedlineServer.class);
    /** Last-seen times are kept in memory (the API shows them at once) and stored this often, to keep writes off the ingest lock. */
    private static final Duration LAST_SEEN_FLUSH = Duration.ofSeconds(30);
    /** The first retention run waits a little, so it does not compete with start-up and the first requests. */
    private static final Duration RETENTION_FIRST_RUN = Duration.ofMinutes(1);

    private final JdbcStorage storage;
    private final IngestQueue ingest;
    private final LastSeen lastSeen;
    private final ApiServer api;
    private final MqttBroker mqtt;
    private final Health health;
    private final ExecutorService completions;
    private final ScheduledExecutorService background;
    private final Services services;
    private final RetentionJob retention;
    private final JobQueue jobs;
    private boolean stopped;

    private FeedlineServer(JdbcStorage storage, IngestQueue ingest, LastSeen lastSeen, ApiServer api, MqttBroker mqtt, Health health,
                           ExecutorService completions, ScheduledExecutorService background, Services services, RetentionJob retention,
                           JobQueue jobs) {
        this.storage = storage;
        this.ingest = ingest;
        this.lastSeen = lastSeen;
        this.api = api;
        this.mqtt = mqtt;
        this.health = health;
        this.completions = completions;
        this.background = background;
        this.services = services;
        this.retention = retention;
        this.jobs = jobs;
    }

    public static FeedlineServer start(Settings settings, Clock clock) throws IOException {
        long started = System.nanoTime();
        DataDirectory dataDir = DataDirectory.prepare(settings.dataDir(), settings.dbUrl());
        // The broker's own bootstrap is the longest part of start-up; it runs while this thread opens
        // the database and builds the services, and serves no client before it has them.
        MqttBroker.Starting mqtt = settings.mqtt().anyListener() ? MqttBroker.begin(settings.mqtt().broker(settings.dataDir().resolve("mqtt"))) : null;
        try {
            return assemble(settings, clock, mqtt, dataDir, started);
        } catch (IOException | RuntimeException | Error e) {
            if (mqtt != null) mqtt.abandon();
            throw e;
        }
    }

    private static FeedlineServer assemble(Settings settings, Clock clock, MqttBroker.Starting mqttStarting, DataDirectory dataDir,
                                           long started) throws IOException {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);

        JdbcStorage storage = JdbcStorage.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize());
        MetadataStore store = storage.metadata();
        TimeSeriesStore timeSeries = storage.timeSeries();
        FileStore files = fileStore(settings, storage, clock);

        Text text = new Text(settings.limits());
        Access access = new Access(store.orgs());
        Lookup lookup = new Lookup(store, access);
        TokenRevocations revocations = new TokenRevocations(store.accounts(), clock);
        JwtService jwt = new JwtService(jwtSecret(settings, store), clock, Duration.ofDays(7), Duration.ofDays(180), revocations);
        PasswordHasher hasher = new PasswordHasher(settings.bcryptCost());
        AccountService accounts = new AccountService(store.accounts(), hasher, jwt, text, clock, settings.signupEnabled(),
                new PasswordPolicy(settings.passwordMinLength()));
        try {
            accounts.bootstrapAdmin(settings.adminEmail(), settings.adminPassword());
        } catch (RuntimeException e) { // a configured admin password the policy refuses: stop, leaving no pool open
            storage.close();
            throw e;
        }
        Authenticator authenticator = new Authenticator(jwt, store.accounts(), store.apiKeys(), store.devices(), clock);
        OrgService orgs = new OrgService(store, access, text, clock);
        StreamService streams = new StreamService(store, timeSeries, lookup, text, clock);

        ExecutorService completions = Executors.newFixedThreadPool(2, daemon("ingest-ack"));
        IngestQueue ingest = new IngestQueue(timeSeries, settings.ingestQueuePoints(), settings.ingestBatchPoints(), completions, metrics, clock);
        LastSeen lastSeen = new LastSeen(store.devices());
        DataService data = new DataService(store, timeSeries, streams, lookup, ingest, lastSeen, settings.limits(), clock);

        ConfigService configs = new ConfigService(store, lookup, clock, settings.limits().maxValueLength());
        Presence presence = new Presence(lastSeen, clock);
        Commands commands = new Commands(store, lookup, clock, settings.limits().maxValueLength());
        Dashboards dashboards = new Dashboards(store.dashboards(), lookup, text, clock);
        JobQueue jobs = jobQueue(clock);
        jobs.register(ReportProcessor.JOB_TYPE, ReportProcessor.MAX_ATTEMPTS, new ReportProcessor(store, files, streams, data));
        Services services = new Services(store, settings.limits(), lookup, authenticator, jwt, accounts,
                new ApiKeyService(store.apiKeys(), text, clock),
                orgs, new InvitationService(store, orgs, accounts, access, clock),
                new ProjectService(store, lookup, streams, text, clock),
                new DeviceService(store, lookup, streams, text, clock),
                new VariableService(store, lookup, streams, text, clock),
                streams, data, ingest, lastSeen,
                new PropertyService(store.properties(), lookup, text),
                configs,
                new NoteService(store.notes(), lookup, text, data.times(), clock),
                new LocationService(store, lookup, data.times()),
                new EventService(store, files, streams, data, lookup, settings.limits()),
                new Telemetry(streams, data, settings.limits(), clock),
                new DeviceAttributes(store, settings.limits()),
                commands, presence,
                dashboards, feedServices(settings, store, timeSeries, authenticator, streams, data, text, clock),
                new PasswordLogin(accounts, new LoginThrottle(settings.loginPerAccount(), settings.loginPerAddress(), clock, metrics, "http")),
                new StreamerService(store, files, jobs, lookup, settings.limits(), clock));
        jobs.start();

        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(daemon("background"));
        background.scheduleWithFixedDelay(() -> ingest.runOnWriter(() -> flushQuietly(lastSeen)),
                LAST_SEEN_FLUSH.toMillis(), LAST_SEEN_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(() -> quietly("command expiry", commands::expire), 1, 1, TimeUnit.SECONDS);

        MqttBroker mqtt = mqttStarting != null
                ? mqttStarting.finish(new MqttBroker.Core(authenticator, store, streams,
                        services.telemetry(), services.attributes(), configs, commands, presence, ingest, settings.limits(), clock, metrics,
                        services.feeds(), services.devices(),
                        // MQTT counts apart from HTTP, so a device retrying a revoked token does not lock its network out of the web UI.
                        new LoginThrottle(settings.loginPerAccount(), settings.loginPerAddress(), clock, metrics, "mqtt")))
                : null;

        RetentionJob retention = new RetentionJob(store.orgs(), storage.retention(), clock);
        background.scheduleWithFixedDelay(retention::runQuietly, RETENTION_FIRST_RUN.toMillis(), settings.retentionInterval().toMillis(), TimeUnit.MILLISECONDS);
        new RollupJob(storage.rollups(), ingest, background, clock, metrics).schedule(settings.rollupInterval());

        Health health = new Health(() -> databaseUp(store), version());
        ApiServer api = new ApiServer(services, metrics, health, settings.shutdownTimeout(), clock).start(settings.httpHost(), settings.httpPort());
        // Live connections keep the access they were opened with; when it is taken away they end.
        java.util.function.LongConsumer accessLost = accountId -> {
            api.endLiveSessionsOf(accountId);
            if (mqtt != null) mqtt.disconnectAccount(accountId);
        };
        services.orgs().addAccessLostListener(accessLost);
        // Removed from the last org by another member: every JWT of the account ends, and so do its live connections.
        services.orgs().addRemovedByOtherListener(accountId -> {
            if (store.orgs().forAccount(accountId).isEmpty()) revocations.endAll(accountId);
        });
        revocations.addAllEndedListener(api::endLiveSessionsOf);
        services.apiKeys().addRevokedListener(accessLost);
        dataDir.tighten();
        background.scheduleWithFixedDelay(() -> quietly("data directory permissions", dataDir::tighten), 1, 1, TimeUnit.MINUTES);
        health.ready(true);
        background.execute(StartupTrim::run);
        log.atInfo().addKeyValue("http_port", api.port()).addKeyValue("data_dir", settings.dataDir())
                .addKeyValue("database", settings.dbUrl().startsWith("jdbc:postgresql") ? "postgresql" : "sqlite").addKeyValue("startup_ms", (System.nanoTime() - started) / 1_000_000)
                .addKeyValue("files", settings.filesStore().configValue())
                .log("Feedline is ready");
        return new FeedlineServer(storage, ingest, lastSeen, api, mqtt, health, completions, background, services, retention, jobs);
    }

    /**
     * The queue background jobs (streamer report processing) run on. For now an in-memory one on this node, not
     * durable: the durable db-scheduler queue (issue 16, point 4) replaces it here.
     */
    private static JobQueue jobQueue(Clock clock) { return new InProcessJobQueue(clock); }

    /** Where blobs live: the data directory (this node only) or the database (every node on it); see {@link FilesStore}. */
    private static FileStore fileStore(Settings settings, JdbcStorage storage, Clock clock) throws IOException {
        return switch (settings.filesStore()) {
            case LOCAL -> new LocalFileStore(settings.dataDir().resolve("files"));
            case POSTGRESQL -> storage.files(clock);
        };
    }

    /** The Adafruit IO dialect's use cases over the core ones. */
    private static FeedServices feedServices(Settings settings, MetadataStore store, TimeSeriesStore timeSeries, Authenticator authenticator,
                                             StreamService streams, DataService data, Text text, Clock clock) {
        PersonalOrgs personalOrgs = new PersonalOrgs(store, clock);
        Feeds feeds = new Feeds(store, streams, text, clock);
        DataRateLimiter rateLimiter = new DataRateLimiter(settings.aioRateLimitPerMinute(), clock);
        FeedValues values = new FeedValues(data, timeSeries, personalOrgs, feeds, rateLimiter, clock);
        return new FeedServices(new AioIdentity(authenticator), personalOrgs, feeds, new FeedGroups(store, feeds, text, clock), values,
                new FeedHistory(store, timeSeries, data, feeds), new FeedWebhooks(store, feeds, values), new FeedTriggers(store, clock), rateLimiter,
                new FeedStreams(store));
    }

    /** The configured secret, or one generated on first start and kept in the database (shared by every node). */
    private static byte[] jwtSecret(Settings settings, MetadataStore store) {
        String secret = settings.jwtSecret() != null ? settings.jwtSecret()
                : store.settings().putIfAbsent("jwt.secret", Secrets.newPassword() + Secrets.newPassword());
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean databaseUp(MetadataStore store) {
        try {
            store.settings().get("jwt.secret");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void flushQuietly(LastSeen lastSeen) { quietly("storing device last-seen times", lastSeen::flush); }

    /** Runs a periodic job; a failure is logged and the job runs again next time. */
    private static void quietly(String job, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("job", job).setCause(e).log("background job failed; will retry");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static String version() {
        String v = FeedlineServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public int httpPort() { return api.port(); }

    public Services services() { return services; }

    /** The retention job the background thread runs every retention.interval.minutes; tests run it directly. */
    public RetentionJob retention() { return retention; }

    /** "METHOD /path/" of every HTTP route. */
    public java.util.List<String> routes() { return api.routes(); }

    /**
     * Graceful stop: report unhealthy, stop taking requests while those in flight finish, write every
     * accepted point, store last-seen times, close the database.
     */
    @Override
    public synchronized void close() {
        if (stopped) return;
        stopped = true;
        log.info("Feedline is stopping");
        health.ready(false);
        api.stop();
        if (mqtt != null) mqtt.close();
        // Before the ingest queue closes: a running report job waits for its readings' commit.
        jobs.stop();
        ingest.close();
        background.shutdownNow();
        flushQuietly(lastSeen);
        completions.shutdown();
        storage.close();
        log.info("Feedline stopped");
    }
}
