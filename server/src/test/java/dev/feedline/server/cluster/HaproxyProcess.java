package dev.feedline.server.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Debian's {@code haproxy} in the foreground as a child process, running the project's own
 * deploy/haproxy.cfg unchanged: its addresses come from the environment the harness hands it.
 */
final class HaproxyProcess implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/haproxy");
    /** The file operators run; surefire's working directory is the server module. */
    static final Path CONFIG = Path.of("..", "deploy", "haproxy.cfg").toAbsolutePath().normalize();

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Thread reader;

    private HaproxyProcess(Process process) { this.process = process; }

    /** Checks the configuration, starts HAProxy and waits (at most 20 s) until its HTTP port accepts connections. */
    static HaproxyProcess start(Map<String, String> env, int httpPort) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("cluster tests need Debian's haproxy: apt-get install -y haproxy (.ci/run does)");
        }
        try {
            Process check = builder(env, "-c").start();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(20, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new IllegalStateException("haproxy refused " + CONFIG + ":\n" + said);
            }
            HaproxyProcess haproxy = new HaproxyProcess(builder(env, "-db").start());
            haproxy.readOutput();
            Awaitility.await("haproxy listening on " + httpPort).atMost(Duration.ofSeconds(20)).until(() -> {
                if (!haproxy.process.isAlive()) {
                    haproxy.reader.join(2_000);
                    throw new IllegalStateException("haproxy exited:\n" + String.join("\n", haproxy.output));
                }
                return accepts(httpPort);
            });
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start haproxy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder builder(Map<String, String> env, String mode) throws IOException {
        // The operators' file unchanged, plus one line of the tests' own: every request logged, so a stalled one can be found.
        Path requestLog = Files.createTempFile("haproxy-request-log", ".cfg");
        Files.writeString(requestLog, "global\n    log stdout format raw local0 info\n");
        requestLog.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), mode, "-f", CONFIG.toString(), "-f", requestLog.toString())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb;
    }

    private void readOutput() {
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) output.add(line);
            } catch (IOException ignored) {
                // the process went away
            }
        }, "haproxy-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What HAProxy has logged (server state changes: "is DOWN", "is UP"). */
    List<String> output() { return output; }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
