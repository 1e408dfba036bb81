package dev.feedline.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feedline's real main() in a child JVM, for tests that must kill or signal the process
 * (kill -9, SIGTERM). The port is read from the "Feedline is ready" log line. Public for the
 * cluster suite, which starts several.
 */
public final class ChildServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Feedline is ready.*http_port=\"(\\d+)\"");
    private final Process process;
    private final int port;
    private final List<String> output;

    private ChildServer(Process process, int port, List<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    static ChildServer start(Path dataDir) throws IOException, InterruptedException { return start(dataDir, Map.of()); }

    /** Starts a server with these FEEDLINE_* variables over the defaults of {@link #launch}; waits (at most 60 s) until it is ready. */
    public static ChildServer start(Path dataDir, Map<String, String> overrides) throws IOException, InterruptedException {
        Process p = launch(dataDir, overrides);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException ignored) {
                // the process went away
            }
            port.completeExceptionally(new IllegalStateException("server exited before it was ready:\n" + String.join("\n", lines)));
        }, "child-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildServer(p, port.get(60, TimeUnit.SECONDS), lines);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("child server did not start", e);
        }
    }

    /** What a server that was expected to stop by itself printed, and its exit code. */
    public record Exit(int code, String output) {}

    /** Runs a server that should refuse to start; waits at most timeout for it to exit (and kills it if it does not). */
    public static Exit runUntilExit(Path dataDir, Map<String, String> overrides, Duration timeout) throws IOException, InterruptedException {
        Process p = launch(dataDir, overrides);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e + ")";
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the server did not stop by itself within " + timeout);
        }
        try {
            return new Exit(p.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the server's output", e);
        }
    }

    private static Process launch(Path dataDir, Map<String, String> overrides) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("FEEDLINE_"));
        env.put("FEEDLINE_HTTP_HOST", "127.0.0.1");
        env.put("FEEDLINE_HTTP_PORT", "0");
        env.put("FEEDLINE_DATA_DIR", dataDir.toString());
        env.put("FEEDLINE_ADMIN_EMAIL", TestServer.ADMIN_EMAIL);
        env.put("FEEDLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        env.put("FEEDLINE_BCRYPT_COST", "4");
        env.put("FEEDLINE_MQTT_PORT", "off");
        env.put("FEEDLINE_MQTT_WEBSOCKET_PORT", "off");
        env.put("FEEDLINE_CONFIG", dataDir.resolve("absent.properties").toString());
        env.putAll(overrides);
        return pb.start();
    }

    public String baseUrl() { return "http://127.0.0.1:" + port; }

    public int port() { return port; }

    /** Every line the server has printed so far (standard output and error). */
    public List<String> output() { return output; }

    public boolean alive() { return process.isAlive(); }

    /** kill -9: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * The server's threads as {@code jcmd Thread.print} shows them, for a test that saw it stall: which call a
     * request is stuck in is the first thing to know, and it is gone once the test has ended.
     */
    public String threadDump() {
        if (!process.isAlive()) return "(not running)";
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** SIGTERM: the graceful path. Returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("did not stop after SIGTERM");
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
