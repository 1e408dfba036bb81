package dev.feedline.server;

import dev.feedline.cluster.RedisRateCounters;
import dev.feedline.core.Services;
import dev.feedline.core.Text;
import dev.feedline.core.access.Access;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.access.Related;
import dev.feedline.core.action.RuleActions;
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
import dev.feedline.core.ratelimit.InMemoryRateCounters;
import dev.feedline.core.ratelimit.RateCounters;
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
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.rule.AlarmService;
import dev.feedline.core.rule.RuleEngines;
import dev.feedline.core.rule.RuleService;
import dev.feedline.core.events.DurableDelivery;
import dev.feedline.core.events.Events;
import dev.feedline.core.events.LocalEvents;
import dev.feedline.core.org.InvitationService;
import dev.feedline.core.org.OrgExports;
import dev.feedline.core.org.OrgService;
import dev.feedline.core.block.BlockJobs;
import dev.feedline.core.block.DataBlockService;
import dev.feedline.core.job.JobStatuses;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.report.ReportProcessor;
import dev.feedline.core.report.StreamerService;
import dev.feedline.core.fleet.DeploymentSteps;
import dev.feedline.core.fleet.FleetServices;
import dev.feedline.core.fleet.Fleets;
import dev.feedline.core.fleet.Ota;
import dev.feedline.core.fleet.OtaConfirmations;
import dev.feedline.core.fleet.Templates;
import dev.feedline.core.fleet.ThingsBoardFirmware;
import dev.feedline.core.search.Search;
import dev.feedline.core.userreport.ReportGeneration;
import dev.feedline.core.userreport.ReportMailing;
import dev.feedline.core.userreport.ReportScheduler;
import dev.feedline.core.userreport.UserReports;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import dev.feedline.core.project.ProjectService;
import dev.feedline.core.stream.StreamService;
import dev.feedline.core.stream.VariableService;
import dev.feedline.http.ApiServer;
import dev.feedline.http.Health;
import dev.feedline.mqtt.MqttBroker;
import dev.feedline.server.ops.OrgArchiver;
import dev.feedline.store.file.LocalFileStore;
import dev.feedline.store.jdbc.JdbcJobQueue;
import dev.feedline.store.jdbc.JdbcStorage;
import io.micrometer.core.instrument.Gauge;
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
 * place that chooses engines (SQLite or PostgreSQL through the JDBC URL, files on disk or in PostgreSQL, a single
 * node or a cluster node on Redis through cluster.redis.url).
 */
public final class FeedlineServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedlineServer.class);
    /** Last-seen times are kept in memory (the API shows them at once) and stored this often, to keep writes off the ingest lock. */
    private static final Duration LAST_SEEN_FLUSH = Duration.ofSeconds(30);
    /** The first retention run waits a little, so it does not compete with start-up and the first requests. */
    private static final Duration RETENTION_FIRST_RUN = Duration.ofMinutes(1);
    /** Outbox rows a durable consumer has not passed after this long are deleted anyway: a consumer gone for good must not make it grow forever. */
    private static final Duration OUTBOX_RETENTION = Duration.ofDays(7);
    /** Firings, cleared alarms, the action log and notifications are kept this long (docs/RULES.md). */
    private static final Duration RULE_HISTORY_KEPT = Duration.ofDays(90);
    private static final Duration OUTBOX_PRUNE_INTERVAL = Duration.ofMinutes(1);
    /** The longest a login or an Adafruit IO write waits for Redis's count before this node counts alone. */
    private static final Duration RATE_COUNTER_TIMEOUT = Duration.ofMillis(250);

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
    private final ClusterNode node;
    private final Duration drain;
    private final LocalEvents events;
    private final DurableDelivery durable;
    private final JdbcJobQueue jobs;
    private final RuleActions ruleActions;
    private boolean stopped;

    private FeedlineServer(JdbcStorage storage, IngestQueue ingest, LastSeen lastSeen, ApiServer api, MqttBroker mqtt, Health health,
                           ExecutorService completions, ScheduledExecutorService background, Services services, RetentionJob retention,
                           ClusterNode node, Duration drain, LocalEvents events, DurableDelivery durable, JdbcJobQueue jobs,
                           RuleActions ruleActions) {
        this.ruleActions = ruleActions;
        this.events = events;
        this.durable = durable;
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
        this.node = node;
        this.drain = drain;
        this.jobs = jobs;
    }

    public static FeedlineServer start(Settings settings, Clock clock) throws IOException {
        return start(settings, clock, queue -> {});
    }

    /** {@link #start(Settings, Clock)} with more job types registered before the queue starts (tests). */
    static FeedlineServer start(Settings settings, Clock clock, java.util.function.Consumer<JobQueue> moreJobTypes) throws IOException {
        long started = System.nanoTime();
        DataDirectory dataDir = DataDirectory.prepare(settings.dataDir(), settings.dbUrl());
        // Cluster mode cannot start without Redis: find out before anything else is opened.
        ClusterNode node = ClusterNode.start(settings);
        MqttBroker.Starting mqtt = null;
        Opened opened = new Opened();
        try {
            // The broker's own bootstrap is the longest part of start-up; it runs while this thread opens
            // the database and builds the services, and serves no client before it has them.
            mqtt = settings.mqtt().anyListener() ? MqttBroker.begin(settings.mqtt().broker(settings.dataDir().resolve("mqtt"),
                    settings.limits().maxInflightMessages())) : null;
            return assemble(settings, clock, mqtt, dataDir, node, started, moreJobTypes, opened);
        } catch (IOException | RuntimeException | Error e) {
            try {
                opened.closeAll();
                if (mqtt != null) mqtt.abandon();
            } catch (RuntimeException | Error cleanup) {
                e.addSuppressed(cleanup); // the start's own failure is the one to report
            } finally {
                node.close();
            }
            throw e;
        }
    }

    private static FeedlineServer assemble(Settings settings, Clock clock, MqttBroker.Starting mqttStarting, DataDirectory dataDir,
                                           ClusterNode node, long started, java.util.function.Consumer<JobQueue> moreJobTypes,
                                           Opened opened) throws IOException {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        nodeMetrics(metrics, node);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);

        JdbcStorage storage = opened.add(JdbcStorage.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize()),
                JdbcStorage::close);
        MetadataStore store = storage.metadata();
        TimeSeriesStore timeSeries = storage.timeSeries();
        FileStore files = fileStore(settings, storage, clock);
        // Durable background jobs on the same database; every node on a PostgreSQL database is an executor of the
        // same queue. Job types are registered below, by the services that own them, before start().
        JdbcJobQueue jobs = storage.jobs(clock, settings.jobs().queueSettings(settings.shutdownTimeout()));

        // The event backbone: services publish, and every subscription is made below, in wireEvents.
        LocalEvents events = opened.add(new LocalEvents(metrics), LocalEvents::close);
        DurableDelivery durable = opened.add(new DurableDelivery(store.outbox(), DurableDelivery.Settings.DEFAULT), DurableDelivery::close);
        Text text = new Text(settings.limits());
        Access access = new Access(store.orgs());
        Lookup lookup = new Lookup(store, access);
        // Rate limits (login throttling, the Adafruit IO data rate) count across the cluster's nodes in Redis, on this node otherwise.
        RateCounters rates = node.clustered()
                ? new RedisRateCounters(node.backplane(), clock, RATE_COUNTER_TIMEOUT, metrics) : new InMemoryRateCounters(clock);
        TokenRevocations revocations = new TokenRevocations(store.accounts(), clock, events);
        JwtService jwt = new JwtService(jwtSecret(settings, store), clock, Duration.ofDays(7), Duration.ofDays(180), revocations);
        PasswordHasher hasher = new PasswordHasher(settings.bcryptCost());
        AccountService accounts = new AccountService(store.accounts(), hasher, jwt, text, clock, settings.signupEnabled(),
                new PasswordPolicy(settings.passwordMinLength()));
        accounts.bootstrapAdmin(settings.adminEmail(), settings.adminPassword()); // may refuse a configured password
        Authenticator authenticator = new Authenticator(jwt, store.accounts(), store.apiKeys(), store.devices(), clock);
        OrgService orgs = new OrgService(store, access, text, clock, events);
        StreamService streams = new StreamService(store, timeSeries, lookup, text, clock, events);

        ExecutorService completions = opened.add(Executors.newFixedThreadPool(2, daemon("ingest-ack")), ExecutorService::shutdown);
        IngestQueue ingest = opened.add(new IngestQueue(timeSeries, settings.ingestQueuePoints(), settings.ingestBatchPoints(), completions, metrics,
                clock, events), IngestQueue::close);
        LastSeen lastSeen = new LastSeen(store.devices());
        DataService data = new DataService(store, timeSeries, streams, lookup, ingest, lastSeen, settings.limits(), clock);

        ConfigService configs = new ConfigService(store, lookup, clock, settings.limits().maxValueLength(), events);
        Presence presence = new Presence(lastSeen, clock, events, node::connectedElsewhere);
        Commands commands = new Commands(store, lookup, clock, settings.limits().maxValueLength(), events);
        Dashboards dashboards = new Dashboards(store.dashboards(), lookup, text, clock);
        // Rule actions (docs/ACTIONS.md): the rules engine queues them through ruleActions(); delivery is registered below.
        RuleActionsWiring actions = RuleActionsWiring.create(settings.actions(), storage.actions(), store, jobs, lookup, mqttStarting != null, clock);
        // Rules (issue 15): evaluated from the durable delivery, each partition by the node holding its lock (docs/RULES.md).
        RuleEngines ruleEngine = new RuleEngines(store, timeSeries, actions.ruleActions(), events, clock, node.ruleLocks(), presence::online);
        jobs.register(ReportProcessor.JOB_TYPE, ReportProcessor.MAX_ATTEMPTS, new ReportProcessor(store, files, streams, data));
        FleetServices fleet = fleetServices(store, files, lookup, text, data, streams, settings, clock, events);
        // Devices confirm deployments through the versions they report; durable, so no confirmation is missed (docs/FLEET.md).
        durable.register(OtaConfirmations.NAME, new OtaConfirmations(store, timeSeries, fleet.ota()));
        // Feedline's rules API; the Adafruit IO triggers and IOTile filters are dialects over it (docs/RULES.md).
        RuleService rules = new RuleService(store, lookup, actions.ruleActions(), settings.rules(), text, clock, id -> events.publish(new DomainEvent.RulesChanged(id)));
        Services services = new Services(new Related(store), settings.limits(), lookup, authenticator, jwt, accounts,
                new ApiKeyService(store.apiKeys(), text, clock, events),
                orgs, new InvitationService(store, orgs, accounts, access, clock),
                new ProjectService(store, lookup, streams, text, clock),
                new DeviceService(store, lookup, streams, text, clock, events),
                new VariableService(store, lookup, streams, text, clock),
                streams, data, ingest, lastSeen,
                new PropertyService(store.properties(), lookup, text),
                configs,
                new NoteService(store, lookup, text, data.times(), clock),
                new LocationService(store, lookup, data.times(), events),
                new EventService(store, files, streams, data, lookup, settings.limits()),
                new Telemetry(streams, data, settings.limits(), clock),
                new DeviceAttributes(store, settings.limits()),
                commands, presence,
                dashboards, feedServices(settings, store, timeSeries, authenticator, streams, data, text, clock, rates, rules),
                new PasswordLogin(accounts, new LoginThrottle(settings.loginPerAccount(), settings.loginPerAddress(), rates, metrics, "http")),
                new JobStatuses(jobs, access),
                new StreamerService(store, files, jobs, lookup, settings.limits(), clock), actions.views(),
                rules,
                new AlarmService(store, lookup, clock, events),
                new DataBlockService(store, jobs, lookup, text, clock),
                fleet,
                new Search(store.search(), lookup), // issue 17: search (docs/API.md)
                reports(settings, store, files, jobs, lookup, data, text, clock), // issue 17: generated reports (docs/REPORTS.md)
                // issue 19: an org's export for its admins, the archive of feedline export (docs/OPERATIONS.md)
                new OrgExports(lookup, new OrgArchiver(storage, files, settings.dataDir(), version(), settings.publicUrl(), clock)));
        new BlockJobs(store, files, timeSeries, streams, ingest, events, clock).register(jobs); // data blocks: archive and delete

        ScheduledExecutorService background = opened.add(Executors.newSingleThreadScheduledExecutor(daemon("background")),
                ScheduledExecutorService::shutdownNow);
        background.scheduleWithFixedDelay(() -> ingest.runOnWriter(() -> flushQuietly(lastSeen)),
                LAST_SEEN_FLUSH.toMillis(), LAST_SEEN_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(() -> quietly("command expiry", commands::expire), 1, 1, TimeUnit.SECONDS);

        MqttBroker mqtt = mqttStarting != null
                ? opened.add(mqttStarting.finish(new MqttBroker.Core(authenticator, services.related(), accounts, orgs, streams,
                        services.telemetry(), services.attributes(), commands, presence, settings.limits(), clock, metrics,
                        services.feeds(),
                        // MQTT counts apart from HTTP, so a device retrying a revoked token does not lock its network out of the web UI.
                        new LoginThrottle(settings.loginPerAccount(), settings.loginPerAddress(), rates, metrics, "mqtt"), fleet.tbFirmware())),
                        MqttBroker::close)
                : null;

        actions.deliverWith(jobs, data, commands, mqtt);
        // Once a day: firing records (short, for duplicates) and the rules' history (RULE_HISTORY_KEPT).
        background.scheduleWithFixedDelay(() -> quietly("rule history pruning", () -> {
            actions.pruneFirings();
            java.time.Instant before = clock.instant().minus(RULE_HISTORY_KEPT);
            store.rules().pruneHistory(before);
            storage.actions().pruneHistory(before);
        }), 1, 24, TimeUnit.HOURS);

        RetentionJob retention = new RetentionJob(store.orgs(), storage.retention(), clock, node.jobLock());
        background.scheduleWithFixedDelay(retention::runQuietly, RETENTION_FIRST_RUN.toMillis(), settings.retentionInterval().toMillis(), TimeUnit.MILLISECONDS);
        new RollupJob(storage.rollups(), ingest, background, clock, metrics, node.jobLock()).schedule(settings.rollupInterval());
        ScheduledBackups.schedule(settings, background, clock, node.jobLock()); // issue 19: backup.interval.hours, SQLite only
        // Issue 17: staged OTA rollouts dispatch what is due and stop on failures, every second, on the job lock's holder only.
        background.scheduleWithFixedDelay(() -> quietly("ota rollout", () -> {
            if (node.jobLock().held()) fleet.ota().rollouts().tick();
        }), 1, 1, TimeUnit.SECONDS);

        // Issue 17: scheduled reports are queued, and old ones deleted, by the job lock's holder only.
        ReportScheduler reportScheduler = new ReportScheduler(store, services.reports(), files, clock);
        background.scheduleWithFixedDelay(() -> quietly("report schedule", () -> {
            if (!node.jobLock().held()) return;
            reportScheduler.tick();
            reportScheduler.prune();
        }), 1, settings.reports().checkInterval().toSeconds(), TimeUnit.SECONDS);

        moreJobTypes.accept(jobs);
        // Every job type is registered by now; jobs run from here on (those queued before a restart too).
        JobMetrics.bind(jobs, metrics);
        opened.add(jobs, JdbcJobQueue::stop).start();

        Health health = new Health(() -> databaseUp(store), version(), node);
        ApiServer api = opened.add(new ApiServer(services, metrics, health, settings.shutdownTimeout(), clock, settings.graphql()), ApiServer::stop);
        ClusterRouting cluster = node.clustered()
                ? ClusterRouting.start(node.backplane(), node.registry(), events, commands, presence, mqtt, metrics) : null;
        if (cluster != null) node.closeFirst(cluster);
        wireEvents(events, durable, api, mqtt, store, revocations, streams, commands, cluster);
        events.subscribe("unit-cache", DomainEvent.StreamsChanged.class, data.units()::changed); // issue 16: live points show units
        ruleEngine.register(durable);
        events.subscribe("rules-presence", DomainEvent.PresenceChanged.class, ruleEngine::presenceChanged);
        // Relayed in a cluster: the node evaluating rules may not be the one where a rule was saved.
        events.subscribe("rules-changed", DomainEvent.RulesChanged.class, e -> ruleEngine.rulesChanged(e.ruleId()));
        // Streams re-keyed (a data block) or changed: the engine's copies of them and of the rules on them are stale.
        events.subscribe("rules-streams", DomainEvent.StreamsChanged.class, e -> ruleEngine.rulesChanged(0));
        events.subscribe("live-hub", DomainEvent.AlarmChanged.class, api.liveHub()::alarm);
        if (mqtt != null) events.subscribe("mqtt-fanout", DomainEvent.AlarmChanged.class, mqtt::alarmChanged);
        RuleMetrics ruleMetrics = RuleMetrics.bind(ruleEngine, metrics); // issue 15 point 8: firing lag, the clock's CPU
        background.scheduleWithFixedDelay(() -> quietly("rules clock", ruleMetrics::tick), 1, 1, TimeUnit.SECONDS);
        api.start(settings.httpHost(), settings.httpPort());
        background.scheduleWithFixedDelay(() -> ingest.runOnWriter(() -> quietly("event outbox pruning",
                        () -> durable.prune(clock.instant().minus(OUTBOX_RETENTION)))),
                OUTBOX_PRUNE_INTERVAL.toMillis(), OUTBOX_PRUNE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        dataDir.tighten();
        background.scheduleWithFixedDelay(() -> quietly("data directory permissions", dataDir::tighten), 1, 1, TimeUnit.MINUTES);
        health.ready(true);
        background.execute(StartupTrim::run);
        log.atInfo().addKeyValue("http_port", api.port()).addKeyValue("data_dir", settings.dataDir())
                .addKeyValue("database", settings.dbUrl().startsWith("jdbc:postgresql") ? "postgresql" : "sqlite").addKeyValue("startup_ms", (System.nanoTime() - started) / 1_000_000)
                .addKeyValue("files", settings.filesStore().configValue())
                .addKeyValue("node", node.nodeId()).addKeyValue("mode", node.clustered() ? "cluster" : "single")
                .log("Feedline is ready");
        return new FeedlineServer(storage, ingest, lastSeen, api, mqtt, health, completions, background, services, retention,
                node, settings.shutdownDrain(), events, durable, jobs, actions.ruleActions());
    }

    /** Templates, fleets and IOTile OTA (issue 17). */
    private static FleetServices fleetServices(MetadataStore store, FileStore files, Lookup lookup, Text text, DataService data, StreamService streams,
                                               Settings settings, Clock clock, Events events) {
        Templates templates = new Templates(store, lookup, data.units(), streams, clock);
        Fleets fleets = new Fleets(store, lookup, text, clock);
        DeploymentSteps steps = new DeploymentSteps(events, clock);
        ThingsBoardFirmware tbFirmware = new ThingsBoardFirmware(store, files, events, clock, steps, settings.firmwareCache());
        // A download's remembered offer is forgotten on the changes that may end or replace it (relayed ones included).
        events.subscribe("firmware-offers", DomainEvent.DeploymentChanged.class, tbFirmware::deploymentChanged);
        events.subscribe("firmware-offers", DomainEvent.DeviceChanged.class, e -> tbFirmware.deviceChanged(e.device()));
        events.subscribe("firmware-offers", DomainEvent.SharedAttributesChanged.class, e -> tbFirmware.deviceChanged(e.device()));
        return new FleetServices(templates, fleets, new Ota(store, files, lookup, fleets, templates, text, settings.limits(), clock, tbFirmware, steps),
                tbFirmware);
    }

    /** Report templates and generated reports (issue 17 point 6): the use case, and its two job types (producing, emailing). */
    private static UserReports reports(Settings settings, MetadataStore store, FileStore files, JobQueue jobs, Lookup lookup, DataService data, Text text,
                                       Clock clock) {
        UserReports reports = new UserReports(store, files, jobs, lookup, data, text, settings.reports().limits(), clock);
        jobs.register(ReportGeneration.JOB_TYPE, ReportGeneration.MAX_ATTEMPTS,
                new ReportGeneration(store, files, data, lookup.access(), jobs, settings.reports().limits(), clock));
        ActionsConfig.Smtp smtp = settings.actions().smtp();
        jobs.register(ReportMailing.JOB_TYPE, ReportMailing.MAX_ATTEMPTS,
                new ReportMailing(store, reports, smtp == null ? null : new SmtpMailer(smtp), settings.actions().publicUrl()));
        return reports;
    }

    /** feedline_node_info names this node; in cluster mode, whether Redis answers and whether this node holds the job lock. */
    private static void nodeMetrics(PrometheusMeterRegistry metrics, ClusterNode node) {
        Gauge.builder("feedline.node.info", () -> 1).description("This node: its id and mode (single or cluster)")
                .tags("node", node.nodeId(), "mode", node.clustered() ? "cluster" : "single").register(metrics);
        if (!node.clustered()) return;
        Gauge.builder("feedline.cluster.redis.up", node, n -> n.backplaneUp() ? 1 : 0)
                .description("1 while Redis, the backplane between nodes, answers this node's heartbeat").register(metrics);
        Gauge.builder("feedline.cluster.job.lock.held", node, n -> n.holdsJobLock() ? 1 : 0)
                .description("1 while this node holds the lock of the once-per-cluster jobs (retention, rollups)").register(metrics);
        Gauge.builder("feedline.cluster.settings.agree", node, n -> n.settingsAgree() ? 1 : 0)
                .description("0 while the cluster runs with another rules.partitions than this node's: it then evaluates no rules").register(metrics);
    }

    /** Where blobs live: the data directory (this node only) or the database (every node on it); see {@link FilesStore}. */
    public static FileStore fileStore(Settings settings, JdbcStorage storage, Clock clock) throws IOException {
        return switch (settings.filesStore()) {
            case LOCAL -> new LocalFileStore(settings.dataDir().resolve("files"));
            case POSTGRESQL -> storage.files(clock);
        };
    }

    /**
     * Every subscription to the event backbone, in one place. Subscribers named here run on the publisher's thread
     * and return at once: the live hub and the MQTT fan-outs hand off to their own lossy workers (the bounded part,
     * which tells WebSocket clients what they missed), the rest end sessions or wake a loop. None of them is lossy:
     * ending the connections of a revoked key or a removed member must never be dropped.
     *
     * <p>In cluster mode ({@code cluster} not null) this node's live events also go to the other nodes, whose events
     * come back through {@link Events#publishRelayed} to every subscriber above (not to the relay's own, which are
     * local-only, so nothing echoes); see docs/CLUSTER.md "Events between nodes".
     */
    private static void wireEvents(Events events, DurableDelivery durable, ApiServer api, MqttBroker mqtt, MetadataStore store,
                                   TokenRevocations revocations, StreamService streams, Commands commands, ClusterRouting cluster) {
        events.subscribe("live-hub", DomainEvent.PointsCommitted.class, api.liveHub()::committed);
        events.subscribe("live-hub", DomainEvent.PresenceChanged.class, api.liveHub()::presence);
        events.subscribe("live-hub", DomainEvent.CommandChanged.class, api.liveHub()::command);
        events.subscribe("live-hub", DomainEvent.LocationChanged.class, api.liveHub()::location);
        events.subscribe("http-attribute-polls", DomainEvent.ConfigChanged.class, api::sharedAttributeChanged);
        if (mqtt != null) {
            events.subscribe("mqtt-fanout", DomainEvent.PointsCommitted.class, mqtt::pointsCommitted);
            events.subscribe("mqtt-fanout", DomainEvent.PresenceChanged.class, mqtt::presenceChanged);
            events.subscribe("mqtt-sessions", DomainEvent.DeviceChanged.class, mqtt::deviceChanged);
            events.subscribe("mqtt-attributes", DomainEvent.ConfigChanged.class, mqtt::configChanged);
            events.subscribe("mqtt-attributes", DomainEvent.SharedAttributesChanged.class, mqtt::sharedAttributesChanged);
        }
        // Live connections keep the access they were opened with; when it is taken away they end.
        java.util.function.LongConsumer accessLost = accountId -> {
            api.endLiveSessionsOf(accountId);
            if (mqtt != null) mqtt.disconnectAccount(accountId);
        };
        events.subscribe("access-lost", DomainEvent.MembershipEnded.class, e -> accessLost.accept(e.accountId()));
        events.subscribe("access-lost", DomainEvent.ApiKeyRevoked.class, e -> accessLost.accept(e.accountId()));
        events.subscribe("access-lost", DomainEvent.TokensEnded.class, e -> api.endLiveSessionsOf(e.accountId()));
        // Removed from the last org by another member: every JWT of the account ends, and so do its live connections.
        // Local only: the node where the removal happened ends the tokens once; its TokensEnded reaches the other nodes.
        events.subscribeLocal("last-org-lost", DomainEvent.MembershipEnded.class, e -> {
            if (e.removedByOther() && store.orgs().forAccount(e.accountId()).isEmpty()) revocations.endAll(e.accountId());
        });
        // A commit here recorded an outbox row: durable consumers need not wait for their next poll.
        events.subscribe("durable-wake", DomainEvent.PointsCommitted.class, e -> durable.wake());
        if (cluster == null) return;
        for (Class<? extends DomainEvent> type : ClusterRouting.RELAYED) events.subscribeLocal("cluster-relay", type, cluster::relay);
        // Presence goes out after this node's claim in the device registry (and a takeover of the device's old node).
        events.subscribeLocal("cluster-registry", DomainEvent.PresenceChanged.class, cluster::presence);
        // Another node ended an account's tokens: the cached generation here is stale now, not in ten seconds.
        // A command moved on the node holding its device: a REST call here waiting for it (?wait=true) is answered.
        events.subscribe("command-waiters", DomainEvent.CommandChanged.class, commands::changedElsewhere);
        // Another node changed streams: the copies cached here are stale.
        events.subscribe("stream-cache", DomainEvent.StreamsChanged.class, streams::changed);
        events.subscribe("token-generations", DomainEvent.TokensEnded.class, e -> revocations.generationRaisedElsewhere(e.accountId(), e.generation()));
        events.subscribe("token-sessions", DomainEvent.SessionEnded.class, e -> revocations.sessionEndedElsewhere(e.sessionId()));
    }

    /** The Adafruit IO dialect's use cases over the core ones. */
    private static FeedServices feedServices(Settings settings, MetadataStore store, TimeSeriesStore timeSeries, Authenticator authenticator,
                                             StreamService streams, DataService data, Text text, Clock clock, RateCounters rates,
                                             RuleService rules) {
        PersonalOrgs personalOrgs = new PersonalOrgs(store, clock);
        Feeds feeds = new Feeds(store, streams, text, clock);
        DataRateLimiter rateLimiter = new DataRateLimiter(settings.aioRateLimitPerMinute(), rates);
        FeedValues values = new FeedValues(data, timeSeries, personalOrgs, feeds, rateLimiter, clock);
        return new FeedServices(new AioIdentity(authenticator), personalOrgs, feeds, new FeedGroups(store, feeds, text, clock), values,
                new FeedHistory(store, timeSeries, data, feeds), new FeedWebhooks(store, feeds, values), new FeedTriggers(store, rules, clock), rateLimiter,
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

    /** This build's version (the jar's Implementation-Version), "dev" when run from classes. */
    public static String version() {
        String v = FeedlineServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public int httpPort() { return api.port(); }

    public Services services() { return services; }

    /** The durable delivery of the event outbox, where durable consumers register. */
    public DurableDelivery durableEvents() { return durable; }

    /** The event backbone's live delivery. */
    public Events events() { return events; }

    /** The durable job queue (report processing, archiving, rule actions enqueue on it). */
    public JobQueue jobs() { return jobs; }

    /** Rule actions for the rules engine: validate a rule's actions, and queue their delivery when it fires (docs/ACTIONS.md). */
    public RuleActions ruleActions() { return ruleActions; }

    /** The retention job the background thread runs every retention.interval.minutes; tests run it directly. */
    public RetentionJob retention() { return retention; }

    /** "METHOD /path/" of every HTTP route. */
    public java.util.List<String> routes() { return api.routes(); }

    /**
     * Graceful stop: report unhealthy, keep serving for shutdown.drain.seconds (so a load balancer's health
     * checks take this node out before its listeners close), stop taking requests while those in flight
     * finish, stop taking job attempts while running ones finish (bounded; the rest run again elsewhere or
     * after a restart), write every accepted point (jobs write through the ingest queue, so it closes after
     * them), store last-seen times, hand the job lock over, close the database.
     */
    @Override
    public synchronized void close() {
        if (stopped) return;
        stopped = true;
        log.info("Feedline is stopping");
        health.ready(false);
        drain();
        api.stop();
        if (mqtt != null) mqtt.close();
        // Before the ingest queue closes: a running report job waits for its readings' commit.
        jobs.stop();
        ingest.close();
        durable.close();
        events.close();
        background.shutdownNow();
        flushQuietly(lastSeen);
        completions.shutdown();
        node.close();
        storage.close();
        log.info("Feedline stopped");
    }

    /** Waits out the drain period while health answers 503; an interrupt cuts it short. */
    private void drain() {
        if (drain.isZero()) return;
        log.atInfo().addKeyValue("drain_seconds", drain.toSeconds()).log("draining: health answers 503 before the listeners close");
        try {
            Thread.sleep(drain.toMillis()); // a deliberate wait for the load balancer, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
