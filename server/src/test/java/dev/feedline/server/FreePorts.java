package dev.feedline.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports for listeners that must be told a port up front (the embedded broker cannot
 * report one it picked itself). The OS hands out a free ephemeral port each time, but may hand out
 * the same one again while nothing listens on it yet: a port already handed out in this JVM is
 * skipped, so two ports drawn one after the other never coincide.
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ephemeral();
            if (HANDED_OUT.add(port)) return port;
        }
        throw new IllegalStateException("the OS keeps offering ports already handed out: " + HANDED_OUT.size() + " so far");
    }

    private static int ephemeral() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
