package dev.feedline.server.cluster;

import dev.feedline.cluster.RedisServerProcess;
import dev.feedline.server.Api;
import dev.feedline.server.ChildServer;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole cluster on loopback, for tests: a real redis-server, a fresh database on the embedded PostgreSQL,
 * N Feedline nodes as child processes (the real main(), so they can be killed) and HAProxy in front, running
 * deploy/haproxy.cfg. Every wait is bounded; {@link #close} stops all of it.
 */
public final class ClusterHarness implements AutoCloseable {
    /** How often nodes check the job lock here (production default: 5 s), so a take-over shows quickly. */
    static final int JOB_LOCK_CHECK_SECONDS = 1;
    /** Longer than deploy/haproxy.cfg's inter 1s x fall 2, so HAProxy takes a stopping node out before it closes. */
    static final int DRAIN_SECONDS = 3;
    /** Failed logins an account may have (production default: 10), so a test trips the limit in a few requests. */
    static final int LOGIN_ACCOUNT_ATTEMPTS = 4;

    private final Path dir;
    private final RedisServerProcess redis;
    private final String dbUrl;
    private final ClusterCertificate certificate;
    private final List<Node> nodes = new ArrayList<>();
    private final int lbHttpPort = FreePorts.next();
    private final int lbMqttPort = FreePorts.next();
    private final int lbMqttsPort = FreePorts.next();
    private HaproxyProcess haproxy;

    /** One node: its id, its ports and, while it runs, its process. */
    public static final class Node {
        final String id;
        final int httpPort = FreePorts.next();
        final int mqttPort = FreePorts.next();
        final int mqttsPort = FreePorts.next();
        volatile ChildServer process;

        Node(String id) { this.id = id; }

        public String id() { return id; }

        public int mqttPort() { return mqttPort; }

        public String baseUrl() { return "http://127.0.0.1:" + httpPort; }

        public ChildServer process() { return process; }

        public Api anonymous() { return new Api(baseUrl(), null); }
    }

    private ClusterHarness(Path dir, RedisServerProcess redis, String dbUrl, ClusterCertificate certificate) {
        this.dir = dir;
        this.redis = redis;
        this.dbUrl = dbUrl;
        this.certificate = certificate;
    }

    /**
     * Starts Redis, a fresh database, node 1 (it migrates the schema and creates the admin), then the other
     * nodes together, then HAProxy; returns once every node is ready and HAProxy listens.
     */
    public static ClusterHarness start(Path dir, int nodeCount) throws Exception {
        if (nodeCount < 1 || nodeCount > 3) throw new IllegalArgumentException("deploy/haproxy.cfg lists three nodes");
        ClusterCertificate certificate = ClusterCertificate.create(dir);
        RedisServerProcess redis = RedisServerProcess.start();
        ClusterHarness cluster = new ClusterHarness(dir, redis, EmbeddedPostgresServer.newDatabase(), certificate);
        try {
            for (int i = 1; i <= 3; i++) cluster.nodes.add(new Node("node-" + i));
            cluster.startNode(1);
            List<CompletableFuture<Void>> rest = new ArrayList<>();
            for (int i = 2; i <= nodeCount; i++) {
                int n = i;
                rest.add(CompletableFuture.runAsync(() -> {
                    try {
                        cluster.startNode(n);
                    } catch (Exception e) {
                        throw new IllegalStateException("node " + n + " did not start", e);
                    }
                }));
            }
            CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            cluster.haproxy = HaproxyProcess.start(cluster.haproxyEnv(), cluster.lbHttpPort);
            // Listening is not serving: HAProxy answers 503 until a health check found a node up.
            Api lb = new Api(cluster.lbUrl(), null);
            org.awaitility.Awaitility.await("a node up behind haproxy").atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> lb.get("/api/v1/health/").status() == 200);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The environment of node n in this cluster: its id and ports, the shared PostgreSQL and Redis. */
    public Map<String, String> nodeEnv(int n) {
        Node node = node(n);
        Map<String, String> env = new HashMap<>();
        env.put("FEEDLINE_DB_URL", dbUrl);
        env.put("FEEDLINE_CLUSTER_REDIS_URL", redis.url());
        env.put("FEEDLINE_CLUSTER_NODE_ID", node.id);
        env.put("FEEDLINE_CLUSTER_NODE_TTL_SECONDS", "3");
        env.put("FEEDLINE_CLUSTER_JOB_LOCK_CHECK_SECONDS", Integer.toString(JOB_LOCK_CHECK_SECONDS));
        env.put("FEEDLINE_HTTP_PORT", Integer.toString(node.httpPort));
        env.put("FEEDLINE_MQTT_PORT", Integer.toString(node.mqttPort));
        env.put("FEEDLINE_MQTT_TLS_PORT", Integer.toString(node.mqttsPort));
        env.put("FEEDLINE_MQTT_TLS_KEYSTORE", certificate.keystore().toString());
        env.put("FEEDLINE_MQTT_TLS_KEYSTORE_PASSWORD", ClusterCertificate.PASSWORD);
        env.put("FEEDLINE_DB_POOL_SIZE", "4");
        env.put("FEEDLINE_SHUTDOWN_DRAIN_SECONDS", Integer.toString(DRAIN_SECONDS));
        // Rollups every second, so which node runs the once-per-cluster jobs shows at once in its metrics.
        env.put("FEEDLINE_ROLLUP_INTERVAL_SECONDS", "1");
        env.put("FEEDLINE_LOGIN_THROTTLE_ACCOUNT_ATTEMPTS", Integer.toString(LOGIN_ACCOUNT_ATTEMPTS));
        return env;
    }

    /** Starts node n (again, after it stopped), with its own data directory. */
    public void startNode(int n) throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("node-" + n));
        node(n).process = ChildServer.start(data, nodeEnv(n));
    }

    /** Stops node n gracefully (SIGTERM: it drains, then closes); returns its exit code. */
    public int stopNode(int n) throws InterruptedException { return node(n).process.terminate(); }

    /** kill -9 of node n: no shutdown hook runs, its Redis claims stay until its heartbeat key expires. */
    public void killNode(int n) throws InterruptedException { node(n).process.kill(); }

    private Map<String, String> haproxyEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("FEEDLINE_LB_HTTP_BIND", "127.0.0.1:" + lbHttpPort);
        env.put("FEEDLINE_LB_MQTT_BIND", "127.0.0.1:" + lbMqttPort);
        env.put("FEEDLINE_LB_MQTTS_BIND", "127.0.0.1:" + lbMqttsPort);
        for (Node node : nodes) {
            String n = node.id.substring("node-".length());
            env.put("FEEDLINE_NODE" + n + "_HTTP", "127.0.0.1:" + node.httpPort);
            env.put("FEEDLINE_NODE" + n + "_MQTT", "127.0.0.1:" + node.mqttPort);
            env.put("FEEDLINE_NODE" + n + "_MQTTS", "127.0.0.1:" + node.mqttsPort);
        }
        return env;
    }

    /** Node n, counted from 1. */
    public Node node(int n) { return nodes.get(n - 1); }

    /** The nodes started (whether still running or not). */
    public List<Node> nodes() { return nodes.stream().filter(n -> n.process != null).toList(); }

    /** HTTP through HAProxy. */
    public String lbUrl() { return "http://127.0.0.1:" + lbHttpPort; }

    /** MQTT over TCP through HAProxy. */
    public int lbMqttPort() { return lbMqttPort; }

    /** MQTT over TLS through HAProxy (passed through to the nodes). */
    public int lbMqttsPort() { return lbMqttsPort; }

    /** The certificate every node's MQTT TLS listener serves. */
    ClusterCertificate certificate() { return certificate; }

    public String dbUrl() { return dbUrl; }

    public RedisServerProcess redis() { return redis; }

    HaproxyProcess haproxy() { return haproxy; }

    /** Logs in as the admin through base; returns a client carrying the JWT. */
    public static Api admin(String base) {
        Api.Response r = new Api(base, null).post("/api/v1/auth/login/", Map.of("email", TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD));
        if (r.status() != 200) throw new AssertionError("login through " + base + ": " + r);
        return new Api(base, "JWT " + r.json().get("jwt").asText());
    }

    @Override
    public void close() {
        if (haproxy != null) haproxy.close();
        for (Node node : nodes) {
            try {
                if (node.process != null) node.process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        redis.close();
    }
}
