package dev.feedline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Feedline started by the harness as a child process ({@code java -jar feedline.jar}, or its main class on
 * a class path), on free loopback ports and a fresh data directory, so every run starts from an empty
 * store. It is ready when GET /api/v1/health/ answers 200; that wait is the start-to-healthy time.
 */
final class FeedlineProcess implements Target {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private final Process process;
    private final String baseUrl;
    private final int mqttPort;
    private final String store;
    private final double startSeconds;

    private FeedlineProcess(Process process, String baseUrl, int mqttPort, String store, double startSeconds) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.mqttPort = mqttPort;
        this.store = store;
        this.startSeconds = startSeconds;
    }

    /** How to launch the server JVM. */
    record Launch(List<String> jvmOptions, Path jar, String classPath) {
        List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(jvmOptions);
            if (jar != null) cmd.addAll(List.of("-jar", jar.toString()));
            else cmd.addAll(List.of("-cp", classPath, "dev.feedline.server.Main"));
            return cmd;
        }
    }

    /**
     * Where a server listens and what else its environment holds (a cluster node's settings). A node restarted
     * with the same one comes back on the same ports, where HAProxy expects it.
     */
    record Listen(int httpPort, int mqttPort, Map<String, String> env) {
        static Listen fresh(Map<String, String> env) { return new Listen(FreePort.next(), FreePort.next(), Map.copyOf(env)); }
    }

    /** dbUrl null: the default SQLite file in the data directory. */
    static FeedlineProcess start(Launch launch, Path dataDir, String dbUrl, String adminEmail, String adminPassword) throws IOException, InterruptedException {
        return start(launch, dataDir, dbUrl, adminEmail, adminPassword, Listen.fresh(Map.of()));
    }

    static FeedlineProcess start(Launch launch, Path dataDir, String dbUrl, String adminEmail, String adminPassword, Listen listen)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        int httpPort = listen.httpPort();
        int mqttPort = listen.mqttPort();
        ProcessBuilder pb = new ProcessBuilder(launch.command()).redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("FEEDLINE_"));
        env.put("FEEDLINE_CONFIG", dataDir.resolve("absent.properties").toString());
        env.put("FEEDLINE_HTTP_HOST", "127.0.0.1");
        env.put("FEEDLINE_HTTP_PORT", Integer.toString(httpPort));
        env.put("FEEDLINE_MQTT_PORT", Integer.toString(mqttPort));
        env.put("FEEDLINE_MQTT_WEBSOCKET_PORT", "off");
        env.put("FEEDLINE_DATA_DIR", dataDir.toString());
        env.put("FEEDLINE_ADMIN_EMAIL", adminEmail);
        env.put("FEEDLINE_ADMIN_PASSWORD", adminPassword);
        if (dbUrl != null) env.put("FEEDLINE_DB_URL", dbUrl);
        env.putAll(listen.env());
        long start = System.nanoTime();
        Process p = pb.start();
        // A harness stopped by Ctrl-C or kill must not leave the server running.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-feedline"));
        String baseUrl = "http://127.0.0.1:" + httpPort;
        awaitHealthy(p, baseUrl, dataDir.resolve("server.log"));
        return new FeedlineProcess(p, baseUrl, mqttPort, dbUrl == null ? "sqlite" : "postgresql", (System.nanoTime() - start) / 1e9);
    }

    private static void awaitHealthy(Process p, String baseUrl, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/health/")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("Feedline exited while starting; its log:\n" + Files.readString(log));
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        p.destroyForcibly();
        throw new IllegalStateException("Feedline was not healthy within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    @Override public String baseUrl() { return baseUrl; }

    @Override public int mqttPort() { return mqttPort; }

    @Override public ProcessStats stats() { return new ProcessStats(process.pid()); }

    long pid() { return process.pid(); }

    Process process() { return process; }

    @Override public String store() { return store; }

    @Override public double startSeconds() { return startSeconds; }

    /** SIGTERM, the graceful stop; forced after 60 s. */
    @Override
    public void close() throws InterruptedException { terminate(); }

    /** {@link #close}, returning the exit status: 143 (128 + SIGTERM) after a graceful stop that completed. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return process.isAlive() ? -1 : process.exitValue();
    }
}
