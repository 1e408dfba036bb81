package dev.feedline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Three Feedline nodes in cluster mode on this machine, as docs/CLUSTER.md describes them: Debian's redis-server
 * (nothing persisted), the scratch PostgreSQL of --pg-url (emptied first), the server jar started three times on
 * free loopback ports, and HAProxy in front running deploy/haproxy.cfg unchanged (its addresses come from the
 * environment). {@link #close} stops all of it, also after a failure half-way through the start.
 */
final class LocalCluster implements AutoCloseable {
    static final int NODES = 3;
    /** Longer than deploy/haproxy.cfg's inter 1s × fall 2, so HAProxy takes a stopping node out before it closes. */
    private static final int DRAIN_SECONDS = 3;

    private final Bench bench;
    private final Path dir;
    private final List<FeedlineProcess.Listen> listens = new ArrayList<>();
    private final FeedlineProcess[] nodes = new FeedlineProcess[NODES];
    private final int lbHttpPort = FreePort.next();
    private final int lbMqttPort = FreePort.next();
    private Process redis;
    private Process haproxy;

    private LocalCluster(Bench bench, Path dir) {
        this.bench = bench;
        this.dir = dir;
    }

    /** Redis, node 1 (it migrates the empty database and creates the admin), nodes 2 and 3 together, then HAProxy. */
    static LocalCluster start(Bench bench) throws Exception {
        LocalCluster cluster = new LocalCluster(bench, Files.createDirectories(bench.workDir().resolve("cluster-" + System.nanoTime())));
        try {
            cluster.startAll();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        int redisPort = FreePort.next();
        redis = ChildProcess.startListening(new ProcessBuilder(bench.redisServer(), "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no"), redisPort, dir.resolve("redis.log"), "redis-server");
        bench.emptyScratchDatabase();
        for (int n = 1; n <= NODES; n++) {
            Map<String, String> env = new HashMap<>();
            env.put("FEEDLINE_CLUSTER_REDIS_URL", "redis://127.0.0.1:" + redisPort);
            env.put("FEEDLINE_CLUSTER_NODE_ID", "node-" + n);
            env.put("FEEDLINE_SHUTDOWN_DRAIN_SECONDS", Integer.toString(DRAIN_SECONDS));
            listens.add(FeedlineProcess.Listen.fresh(env));
        }
        startNode(1);
        CompletableFuture<?>[] rest = new CompletableFuture<?>[NODES - 1];
        for (int n = 2; n <= NODES; n++) {
            int node = n;
            rest[n - 2] = CompletableFuture.runAsync(() -> {
                try {
                    startNode(node);
                } catch (Exception e) {
                    throw new IllegalStateException("node " + node + " did not start", e);
                }
            });
        }
        CompletableFuture.allOf(rest).get(150, TimeUnit.SECONDS);
        startHaproxy();
    }

    private void startHaproxy() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FEEDLINE_LB_HTTP_BIND", "127.0.0.1:" + lbHttpPort);
        env.put("FEEDLINE_LB_MQTT_BIND", "127.0.0.1:" + lbMqttPort);
        // The nodes run without MQTT over TLS here: HAProxy's TLS frontend gets ports nothing listens on.
        env.put("FEEDLINE_LB_MQTTS_BIND", "127.0.0.1:" + FreePort.next());
        for (int n = 1; n <= NODES; n++) {
            env.put("FEEDLINE_NODE" + n + "_HTTP", "127.0.0.1:" + listens.get(n - 1).httpPort());
            env.put("FEEDLINE_NODE" + n + "_MQTT", "127.0.0.1:" + listens.get(n - 1).mqttPort());
            env.put("FEEDLINE_NODE" + n + "_MQTTS", "127.0.0.1:" + FreePort.next());
        }
        ProcessBuilder pb = new ProcessBuilder(bench.haproxy(), "-db", "-f", bench.haproxyConfig().toString());
        pb.environment().putAll(env);
        haproxy = ChildProcess.startListening(pb, lbHttpPort, haproxyLog(), "haproxy");
        // Servers start UP in HAProxy; wait until its first checks have passed before any load goes through it.
        awaitHealthyThrough(lbHttpPort);
    }

    private static void awaitHealthyThrough(int port) throws Exception {
        RestClient anonymous = new RestClient("http://127.0.0.1:" + port, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                anonymous.get("/api/v1/health/");
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) throw notYet;
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Starts node n (again), on its ports and in its own data directory. */
    void startNode(int n) throws Exception {
        nodes[n - 1] = FeedlineProcess.start(bench.launch(), dir.resolve("node-" + n), bench.pgUrlWithCredentials(), bench.adminEmail(),
                bench.adminPassword(), listens.get(n - 1));
    }

    /** SIGTERM to node n (it drains, then stops); its exit status. */
    int stopNode(int n) throws InterruptedException {
        int exit = nodes[n - 1].terminate();
        nodes[n - 1] = null;
        return exit;
    }

    FeedlineProcess node(int n) { return nodes[n - 1]; }

    /** How many times HAProxy has logged node n's HTTP server coming up (the MQTT server tracks it). */
    long upCount(int n) throws java.io.IOException {
        String up = "feedline_http/node" + n + " is UP";
        try (var lines = Files.lines(haproxyLog())) {
            return lines.filter(l -> l.contains(up)).count();
        }
    }

    private Path haproxyLog() { return dir.resolve("haproxy.log"); }

    String lbUrl() { return "http://127.0.0.1:" + lbHttpPort; }

    int lbMqttPort() { return lbMqttPort; }

    /** The nodes' processes together, for CPU and RSS of the whole cluster. */
    ProcessStats nodeStats() {
        long[] pids = new long[NODES];
        for (int i = 0; i < NODES; i++) pids[i] = nodes[i].pid();
        return new ProcessStats(pids);
    }

    ProcessStats haproxyStats() { return new ProcessStats(haproxy.pid()); }

    /**
     * SIGTERM to HAProxy and the nodes together (each node drains and stops gracefully), then Redis; whatever has not
     * exited within 60 s, or once the harness is interrupted, is killed.
     */
    @Override
    public void close() {
        List<Process> processes = new ArrayList<>();
        if (haproxy != null) processes.add(haproxy);
        for (FeedlineProcess node : nodes) if (node != null) processes.add(node.process());
        processes.forEach(Process::destroy);
        if (redis != null) processes.add(redis);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Process p : processes) {
            try {
                if (p == redis) p.destroy();
                if (Thread.currentThread().isInterrupted() || !p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
