package dev.feedline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A free loopback port for a process that must be told its port up front (Mosquitto, Feedline's broker).
 * The OS may offer a port again while nothing listens on it yet: one already handed out in this JVM is
 * skipped, so ports drawn one after the other (HTTP and MQTT of one process) never coincide.
 */
final class FreePort {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {}

    static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ephemeral();
            if (HANDED_OUT.add(port)) return port;
        }
        throw new IllegalStateException("the OS keeps offering ports already handed out: " + HANDED_OUT.size() + " so far");
    }

    private static int ephemeral() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
