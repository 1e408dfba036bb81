package dev.feedline.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A reference or infrastructure process the harness starts (Mosquitto, redis-server, HAProxy): ready once its port accepts. */
final class ChildProcess {
    private ChildProcess() {}

    /**
     * Starts the process with its output in log, stops it when the harness's JVM exits (Ctrl-C, kill) and waits at
     * most 20 s until loopback port accepts a connection; a process that exits or does not listen is stopped and
     * reported with its log.
     */
    static Process startListening(ProcessBuilder pb, int port, Path log, String what) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-" + what));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException(what + " exited: " + Files.readString(log));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException(what + " did not listen on " + port + " within 20 s; see " + log);
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
