package dev.feedline.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server} as a child process on a free loopback port, with nothing persisted. It can
 * be stopped and started again on the same port, to play Redis lost and returning. Public because the
 * server module's cluster harness shares it (test-jar).
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    private final int port;
    private Process process;

    private RedisServerProcess(int port) { this.port = port; }

    /**
     * Starts a Redis on a free loopback port; waits (at most 20 s) until it accepts connections. A port taken
     * between choosing and binding it is replaced by another, up to three times.
     */
    public static RedisServerProcess start() {
        for (int attempt = 1; ; attempt++) {
            RedisServerProcess redis = new RedisServerProcess(freePort());
            try {
                redis.restart();
                return redis;
            } catch (IllegalStateException e) {
                if (attempt == 3) throw e;
            }
        }
    }

    public int port() { return port; }

    public String url() { return "redis://127.0.0.1:" + port; }

    /** Starts it again (after {@link #stop}) on the same port. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) throw new IllegalStateException("redis-server is running already");
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("cluster tests need Debian's redis-server: apt-get install -y redis-server (.ci/run does)");
        }
        try {
            process = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no", "--loglevel", "notice")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        awaitReady(process);
    }

    private static void awaitReady(Process p) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!ready.isDone()) lines.add(line);
                    if (line.contains("Ready to accept connections")) ready.complete(null);
                }
            } catch (IOException ignored) {
                // the process went away
            }
            ready.completeExceptionally(new IllegalStateException("redis-server exited before it was ready:\n" + String.join("\n", lines)));
        }, "redis-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-server did not start", e);
        }
    }

    /** Stops it at once (SIGKILL): Redis lost. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() { stop(); }

    /** A port nobody listens on now; redis-server gets it a moment later (a clash makes start fail loudly, not hang). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
