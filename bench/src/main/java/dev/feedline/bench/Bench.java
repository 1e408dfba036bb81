package dev.feedline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The benchmark harness: {@code java -jar bench/target/feedline-bench.jar S1 S2 … [options]}. Each scenario
 * starts its own Feedline (or drives one given with --url), runs its reference systems in the same
 * invocation, and adds its figures to one report. Sizes default to the issue's; every one can be scaled
 * down for a small machine. See docs/PERFORMANCE.md.
 */
@Command(name = "feedline-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks a running Feedline over loopback. Scenarios: S1 durable MQTT ingest, S2 HTTP batch ingest, "
                + "S3 idle MQTT connections, S4 live delivery, S5 a year-long stream's queries, S6 footprint, R1 IOTile streamer reports, "
                + "CL a cluster of three nodes behind HAProxy (needs --pg-url), RU the rules engine, OT firmware updates.")
public final class Bench implements Callable<Integer> {
    static final Map<String, Scenario> SCENARIOS = List.of(new DurableMqttIngest(), new HttpBatchIngest(), new IdleConnections(),
            new LiveDelivery(), new LongStream(), new Footprint(), new StreamerReports(), new ClusterScenario(), new RulesScenario(), new OtaScenario()).stream().collect(Collectors.toMap(Scenario::name, Function.identity(),
            (a, b) -> a, java.util.LinkedHashMap::new));

    @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "S1 … S6, R1, CL, RU, OT, or ALL (S1 … S6, R1)") List<String> scenarios;

    // The server under test
    @Option(names = "--server-jar", description = "Feedline jar to start for each run (default: ${DEFAULT-VALUE})", defaultValue = "server/target/feedline.jar") Path serverJar;
    @Option(names = "--server-classpath", description = "start dev.feedline.server.Main from this class path instead of a jar") String serverClassPath;
    @Option(names = "--server-jvm-opts", description = "JVM options of the started server, space separated (e.g. \"-Xmx1g -XX:StartFlightRecording=filename=s1.jfr\")", defaultValue = "") String serverJvmOptions;
    @Option(names = "--url", description = "drive this already running Feedline instead of starting one (with --mqtt-port, --pid)") String url;
    @Option(names = "--mqtt-port", description = "MQTT port of the server given with --url", defaultValue = "1883") int externalMqttPort;
    @Option(names = "--pid", description = "process id of the server given with --url, for CPU and RSS", defaultValue = "-1") long pid;
    @Option(names = "--admin-email", defaultValue = "bench@localhost") String adminEmail;
    @Option(names = "--admin-password", defaultValue = "bench-password-1") String adminPassword;
    @Option(names = "--stores", split = ",", description = "stores to run on when the harness starts the server: sqlite, postgresql (default: sqlite)", defaultValue = "sqlite") List<String> stores;
    @Option(names = "--pg-url", description = "a scratch PostgreSQL database (its name must contain 'bench'; its public schema is emptied) for --stores postgresql and the raw PostgreSQL reference, e.g. jdbc:postgresql://127.0.0.1:5432/feedline_bench") String pgUrl;
    @Option(names = "--pg-user", defaultValue = "postgres") String pgUser;
    @Option(names = "--pg-password", defaultValue = "") String pgPassword;

    // Load shape; unset means the scenario's own default (the figure)
    @Option(names = "--devices", description = "devices (streams) to create") Integer devices;
    @Option(names = "--duration", description = "steady-state seconds") Integer duration;
    @Option(names = "--ramp", description = "ramp / warm-up seconds, not counted") Integer ramp;
    @Option(names = "--rate", description = "messages per second per device; 0 = as fast as acknowledged") Double rate;
    @Option(names = "--total-rate", description = "points per second over all devices (S4, S6)") Integer totalRate;
    @Option(names = "--qos", description = "MQTT QoS of device publishes (default 1)", defaultValue = "1") int qos;
    @Option(names = "--inflight", description = "unacknowledged publishes per device (default 10)", defaultValue = "10") int inflight;
    @Option(names = "--keys", description = "values per MQTT message (default 1)", defaultValue = "1") int keys;
    @Option(names = "--batch", description = "points per HTTP request") Integer batch;
    @Option(names = "--http-clients", description = "concurrent HTTP requests (default 4)", defaultValue = "4") int httpClients;
    @Option(names = "--connections", description = "idle MQTT connections (S3)") Integer connections;
    @Option(names = "--ws-sessions", description = "WebSocket live sessions the streams' subscriptions are spread over (S4; more if a session would exceed the server's 100 subscriptions; default 10)", defaultValue = "10") int wsSessions;
    @Option(names = "--source-addresses", description = "127.0.0.x source addresses to spread connections over (default 4)", defaultValue = "4") int sourceAddresses;
    @Option(names = "--points", description = "points in the long stream (S5)") Long points;
    @Option(names = "--queries", description = "repetitions of each timed query (S5, default 20)", defaultValue = "20") int queries;
    @Option(names = "--report-readings", description = "readings in R1's timed binary report (default 10000, at most 100000)", defaultValue = "10000") int reportReadings;
    @Option(names = "--report-runs", description = "times R1 uploads its big report; the median is reported (default 5)", defaultValue = "5") int reportRuns;
    @Option(names = "--concurrent-reports", description = "reports R1 uploads at once (default 100, at most 1000)", defaultValue = "100") int concurrentReports;
    @Option(names = "--concurrent-readings", description = "readings in each of those reports (default 1000, at most 10000)", defaultValue = "1000") int concurrentReadings;

    // The cluster scenario (CL)
    @Option(names = "--commands", description = "commands timed per path in CL (default 200)", defaultValue = "200") int commands;
    @Option(names = "--restart-devices", description = "MQTT devices publishing through the rolling restart in CL (default 50)", defaultValue = "50") int restartDevices;
    @Option(names = "--repeat", description = "runs of each side of CL's throughput comparison, alternating; the ratio is of medians (default 1)", defaultValue = "1") int repeat;
    @Option(names = "--redis-server", defaultValue = "/usr/bin/redis-server") String redisServer;
    @Option(names = "--haproxy", defaultValue = "/usr/sbin/haproxy") String haproxy;
    @Option(names = "--haproxy-config", description = "the HAProxy configuration CL runs (default: ${DEFAULT-VALUE})", defaultValue = "deploy/haproxy.cfg") Path haproxyConfig;

    // The rules scenario (RU, issue 15 point 8)
    @Option(names = "--rules", description = "stream rules of RU's throughput phase (default 1000, the limit per org)", defaultValue = "1000") int rules;
    @Option(names = "--firing-streams", description = "streams of RU's lag phase with a rule that fires on every point (default 20)", defaultValue = "20") int firingStreams;
    @Option(names = "--deadman-streams", description = "streams watched by no_data rules in RU's deadman phase (default 100000)", defaultValue = "100000") int deadmanStreams;
    @Option(names = "--rule-phases", split = ",", description = "RU's phases: throughput, lag, deadman (default: all)", defaultValue = "throughput,lag,deadman") List<String> rulePhases;

    // Firmware updates (OT, issue 17 point 9)
    @Option(names = "--ota-devices", description = "devices of OT's fleet whose deployment is planned (default 10000)", defaultValue = "10000") int otaDevices;
    @Option(names = "--ota-warm-waves", description = "OT wave: waves every downloader fetches during the ramp, on both sides, before the "
            + "measured one (0: the measured wave is the server's first; default 1; the ramp defaults to 20 + 60 × N s and the steady window to 60 s)", defaultValue = "1") int otaWarmWaves;
    @Option(names = "--fw-devices", description = "ThingsBoard devices downloading firmware over MQTT in OT (default 100)", defaultValue = "100") int fwDevices;
    @Option(names = "--firmware-bytes", description = "size of OT's firmware (default 1048576, at most 16 MiB)", defaultValue = "1048576") int firmwareBytes;
    @Option(names = "--ota-phases", split = ",", description = "OT's phases: plan, download (waves back to back), wave (one wave) (default: all)",
            defaultValue = "plan,download,wave") List<String> otaPhases;

    // Reference systems and output
    @Option(names = "--mosquitto", description = "mosquitto binary for the relay reference; 'none' to skip (default: ${DEFAULT-VALUE})", defaultValue = "/usr/sbin/mosquitto") String mosquitto;
    @Option(names = "--work-dir", description = "data directories of started servers (default: a new temporary directory)") Path workDir;
    @Option(names = "--report", description = "where to write the Markdown results table (default: ${DEFAULT-VALUE})", defaultValue = "bench-report.md") Path reportFile;

    private final AtomicInteger runs = new AtomicInteger();
    private final Report report = new Report();

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (workDir == null) workDir = Files.createTempDirectory("feedline-bench");
        List<Scenario> chosen = new ArrayList<>();
        for (String name : scenarios) {
            // ALL is the single-node benchmark S1–S6 and R1; CL (PostgreSQL, Redis, HAProxy) and RU are asked for by name.
            if (name.equalsIgnoreCase("ALL")) chosen.addAll(SCENARIOS.values().stream().filter(s -> !s.name().equals(ClusterScenario.NAME) && !s.name().equals(RulesScenario.NAME)
                    && !s.name().equals(OtaScenario.NAME)).toList());
            else {
                Scenario s = SCENARIOS.get(name.toUpperCase());
                if (s == null) throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario " + name + "; known: " + SCENARIOS.keySet());
                chosen.add(s);
            }
        }
        describeMachine();
        for (Scenario s : chosen) {
            System.out.println("== " + s.name() + ": " + s.title());
            s.run(this, report);
        }
        report.write(reportFile);
        System.out.println("\n" + report.markdown() + "\nwritten to " + reportFile.toAbsolutePath());
        return 0;
    }

    /** What the figures depend on besides Feedline: cores, load from other processes, the disk's sync time. */
    private void describeMachine() throws Exception {
        report.add("machine", "host", "cores / load average", Runtime.getRuntime().availableProcessors() + " / "
                + Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1") + " (1, 5, 15 min)");
        report.add("machine", "host", "fsync of 4 KiB in the work dir", DiskProbe.measure(workDir).text());
    }

    Report report() { return report; }

    /** The stores a scenario runs on: the one of --url, or each of --stores with a server started for it. */
    List<String> stores() { return url != null ? List.of("external") : stores; }

    /** A Feedline to measure: the one given with --url, or a fresh one on the given store. */
    Target target(String store) throws Exception {
        if (url != null) return new Target.External(url, externalMqttPort, new ProcessStats(pid), "external");
        String withCredentials = null;
        if (store.equals("postgresql")) {
            emptyScratchDatabase();
            withCredentials = pgUrlWithCredentials();
        } else if (!store.equals("sqlite")) {
            throw new IllegalArgumentException("unknown store " + store + " (sqlite or postgresql)");
        }
        return FeedlineProcess.start(launch(), workDir.resolve("feedline-" + runs.incrementAndGet()), withCredentials, adminEmail, adminPassword);
    }

    /** How the harness starts a server: --server-jar or --server-classpath, with --server-jvm-opts. */
    FeedlineProcess.Launch launch() {
        List<String> jvm = serverJvmOptions.isBlank() ? List.of() : Arrays.asList(serverJvmOptions.trim().split("\\s+"));
        return new FeedlineProcess.Launch(jvm, serverClassPath == null ? serverJar : null, serverClassPath);
    }

    /** --pg-url with --pg-user and --pg-password in it, as a server's db.url. */
    String pgUrlWithCredentials() {
        String dbUrl = requirePgUrl();
        return dbUrl + (dbUrl.contains("?") ? "&" : "?") + "user=" + pgUser + (pgPassword.isEmpty() ? "" : "&password=" + pgPassword);
    }

    /** Null when there is no PostgreSQL to compare with. */
    String pgUrlOrNull() { return pgUrl; }

    private String requirePgUrl() {
        if (pgUrl == null) throw new IllegalArgumentException("--stores postgresql and CL need --pg-url (bench/scratch-postgres.sh start prints one)");
        return pgUrl;
    }

    /** Every PostgreSQL run starts from an empty database; the name check keeps this away from real data. */
    void emptyScratchDatabase() throws Exception {
        requirePgUrl();
        String database = pgUrl.replaceAll("\\?.*", "").replaceAll(".*/", "");
        if (!database.contains("bench")) throw new IllegalArgumentException("refusing to empty database '" + database + "': its name must contain 'bench'");
        try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
    }

    RestClient admin(Target target) { return admin(target.baseUrl()); }

    RestClient admin(String baseUrl) { return RestClient.login(baseUrl, adminEmail, adminPassword); }

    String adminEmail() { return adminEmail; }

    String adminPassword() { return adminPassword; }

    /** The reference broker on a free port, or null when it is switched off or not installed. */
    Mosquitto mosquitto(int port) throws Exception {
        if (mosquitto.equals("none") || !Files.isExecutable(Path.of(mosquitto))) return null;
        return Mosquitto.start(mosquitto, port, inflight, Files.createDirectories(workDir.resolve("mosquitto-" + runs.incrementAndGet())));
    }

    String mosquittoBinary() { return mosquitto; }

    MqttQos qos() { return MqttQos.fromCode(qos); }

    int devices(int fallback) { return devices != null ? devices : fallback; }

    int duration(int fallback) { return duration != null ? duration : fallback; }

    int ramp(int fallback) { return ramp != null ? ramp : fallback; }

    double rate(double fallback) { return rate != null ? rate : fallback; }

    int totalRate(int fallback) { return totalRate != null ? totalRate : fallback; }

    int batch(int fallback) { return batch != null ? batch : fallback; }

    int connections(int fallback) { return connections != null ? connections : fallback; }

    long points(long fallback) { return points != null ? points : fallback; }

    int inflight() { return inflight; }

    int keys() { return keys; }

    int httpClients() { return httpClients; }

    int wsSessions() { return wsSessions; }

    int queries() { return queries; }

    // R1's sizes are bounded: a report must stay under the server's file limit and the harness's memory.
    int reportReadings() { return Math.max(1, Math.min(reportReadings, 100_000)); }

    int reportRuns() { return Math.max(1, reportRuns); }

    int concurrentReports() { return Math.max(1, Math.min(concurrentReports, 1000)); }

    int concurrentReadings() { return Math.max(2, Math.min(concurrentReadings, 10_000)); }

    SourceAddresses sourceAddresses() { return new SourceAddresses(sourceAddresses); }

    Path workDir() { return workDir; }

    int commands() { return commands; }

    int restartDevices() { return restartDevices; }

    int repeat() { return Math.max(1, repeat); }

    int rules() { return rules; }

    int firingStreams() { return firingStreams; }

    int deadmanStreams() { return deadmanStreams; }

    List<String> rulePhases() { return rulePhases; }

    int otaDevices() { return Math.max(1, otaDevices); }

    int otaWarmWaves() { return Math.max(0, otaWarmWaves); }

    int fwDevices() { return Math.max(1, fwDevices); }

    int firmwareBytes() { return Math.max(1, Math.min(firmwareBytes, 16 << 20)); }

    List<String> otaPhases() { return otaPhases; }

    String redisServer() { return redisServer; }

    String haproxy() { return haproxy; }

    Path haproxyConfig() { return haproxyConfig; }
}
